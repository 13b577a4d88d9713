import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { BuildOptions, DocsPage, DocsSite } from '@paved/docs';
import type { Logger } from 'pino';
import { resolveInside } from '../catalog/git/index.ts';
import type { DocsInputs } from './docs.inputs.ts';
import type { DocsSource } from './docs.sources.ts';
import type { DocsBuildError, DocsStore } from './docs.store.ts';

/** Renders a folder with mkdocs.yml (`buildSite` of @paved/docs). */
export type BuildSite = (sourceDir: string, options?: BuildOptions) => Promise<DocsSite>;

/** Largest asset stored for serving. */
const MAX_ASSET_BYTES = 10 * 1024 * 1024;
/**
 * Edits arriving within this long of each other cause one build. An editor's save (write, or
 * write to a temporary file and rename) raises its events within a millisecond or two; a burst
 * split in two costs one more build of one page, while every edit waits this long.
 */
const DEBOUNCE_MS = 10;
/** A queue this long is background work (start-up, an import), paced to leave the API room. */
const BACKGROUND_QUEUE = 8;
/** During background work, failures are logged together at most this often (and when it ends). */
const FAILURE_SUMMARY_MS = 60_000;
/** Failed sites named in such a summary; `GET /api/docs` lists them all. */
const FAILURE_EXAMPLES = 3;

export interface DocsBuildOutcome {
  entityRef: string;
  /** built: a new build is stored; unchanged: inputs as last time, nothing built; failed; removed. */
  result: 'built' | 'unchanged' | 'failed' | 'removed';
  durationMs: number;
  rendered?: number;
  reused?: number;
  error?: DocsBuildError;
}

export interface DocsBuilderOptions {
  store: DocsStore;
  build: BuildSite;
  log: Logger;
  /** The techdocs-ref of an entity that has one, as the catalog serves it now. */
  techdocsRefOf(entityRef: string): string | undefined;
  resolveSource(entityRef: string, techdocsRef: string): Promise<DocsSource>;
  hashInputs(dir: string, salt: string): Promise<DocsInputs>;
  /** Watch local docs folders and rebuild on edits. */
  watch: boolean;
  /** Called after a site's stored build changed (caches drop it). */
  onStored(entityRef: string): void;
  /** Resolves when background work may take the thread again (the server waits for API requests). */
  backgroundTurn?: (() => Promise<void>) | undefined;
}

/** `/docs/<ns>/<kind>/<name>/`: where the portal shows an entity's site. */
export function sitePaths(entityRef: string): { basePath: string; assetBasePath: string } {
  const colon = entityRef.indexOf(':');
  const slash = entityRef.indexOf('/', colon);
  const kind = entityRef.slice(0, colon);
  const namespace = entityRef.slice(colon + 1, slash);
  const name = entityRef.slice(slash + 1);
  const part = `${encodeURIComponent(namespace)}/${encodeURIComponent(kind)}/${encodeURIComponent(name)}`;
  return { basePath: `/docs/${part}/`, assetBasePath: `/api/docs/${part}/assets/` };
}

function errorOf(error: unknown): DocsBuildError {
  const e = error as { message?: unknown; file?: unknown; line?: unknown; column?: unknown };
  return {
    message: typeof e?.message === 'string' ? e.message : String(error),
    ...(typeof e?.file === 'string' ? { file: e.file } : {}),
    ...(typeof e?.line === 'number' ? { line: e.line } : {}),
    ...(typeof e?.column === 'number' ? { column: e.column } : {}),
  };
}

/**
 * What a stored page row depends on. The rendered parts (html, toc, headings, text) are a function
 * of the page's sourceHash (its expanded Markdown, the engine version, the config and the site's
 * page and asset lists), so the hash stands for them: no need to hash 500 pages' HTML per edit.
 */
function pageDigest(page: DocsPage): string {
  return createHash('sha256')
    .update(JSON.stringify([page.path, page.title, page.sourceHash, page.editUrl, page.lastModified]))
    .digest('hex');
}

/**
 * Builds documented entities' sites one at a time, in the background: on start, when an entity
 * changes, when a watched local docs folder changes, and on request. A site is built only when
 * the hash of its inputs changed (or on request); a failed build keeps the last good one.
 */
/** How many sites keep their rendered pages in memory between builds. */
const SITES_KEPT_RENDERED = 32;

export function createDocsBuilder(options: DocsBuilderOptions) {
  const { store, log } = options;
  /** The last build per site, in memory: what the next build reuses unchanged pages from. */
  const previous = new Map<
    string,
    {
      site?: DocsSite;
      pageDigests: Map<string, string>;
      assetDigests: Map<string, string>;
      /** What this builder stored last: its site hash and the hash of its nav. */
      stored?: { siteHash: string; navHash: string };
    }
  >();
  const watchers = new Map<string, { key: string; watchers: FSWatcher[] }>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** Sites waiting for a build, and whether one was asked for whatever the hash says. */
  const queue = new Map<string, { force: boolean; waiters: ((outcome: DocsBuildOutcome) => void)[] }>();
  let running: Promise<void> | undefined;
  let stopped = false;
  const last = new Map<string, DocsBuildOutcome>();
  /**
   * Failures of background builds not logged yet. An import of many entities whose folders have
   * no usable mkdocs.yml fails thousands of builds (56k after a 100k import): one warning each
   * buried the log, so they are counted and summed up with a few examples.
   */
  let failures:
    | { count: number; examples: { entityRef: string; error: string }[]; since: number }
    | undefined;

  function logFailures(): void {
    if (!failures) return;
    log.warn(
      { failed: failures.count, examples: failures.examples },
      `${failures.count} docs ${failures.count === 1 ? 'build' : 'builds'} failed in the background; the last good builds are kept, and GET /api/docs lists every site with its error`,
    );
    failures = undefined;
  }

  /** Logs a failed build at once when it is one of a few, or counts it during background work. */
  function reportFailure(entityRef: string, error: DocsBuildError, message: string): void {
    if (!failures && queue.size < BACKGROUND_QUEUE) {
      log.warn({ entityRef, error }, message);
      return;
    }
    failures ??= { count: 0, examples: [], since: performance.now() };
    failures.count++;
    if (failures.examples.length < FAILURE_EXAMPLES)
      failures.examples.push({ entityRef, error: error.message });
    if (performance.now() - failures.since >= FAILURE_SUMMARY_MS) logFailures();
  }

  function unwatch(entityRef: string): void {
    for (const w of watchers.get(entityRef)?.watchers ?? []) w.close();
    watchers.delete(entityRef);
  }

  function watchSite(entityRef: string, dirs: string[]): void {
    const key = dirs.join('\0');
    if (watchers.get(entityRef)?.key === key) return;
    unwatch(entityRef);
    const list: FSWatcher[] = [];
    dirs.forEach((dir, i) => {
      try {
        // The site's folder alone (mkdocs.yml), its docs_dir with everything below it.
        const w = watch(dir, { recursive: i > 0, persistent: false }, () => debounce(entityRef));
        w.on('error', (error) => log.debug({ err: error, entityRef }, 'docs watcher closed'));
        list.push(w);
      } catch (error) {
        log.warn({ err: error, entityRef, dir }, 'cannot watch the docs folder; edits are seen on refresh');
      }
    });
    watchers.set(entityRef, { key, watchers: list });
  }

  function debounce(entityRef: string): void {
    if (stopped) return;
    clearTimeout(timers.get(entityRef));
    const timer = setTimeout(() => {
      timers.delete(entityRef);
      void schedule(entityRef, false);
    }, DEBOUNCE_MS);
    timer.unref();
    timers.set(entityRef, timer);
  }

  function schedule(entityRef: string, force: boolean): Promise<DocsBuildOutcome> {
    return new Promise((resolve) => {
      const queued = queue.get(entityRef);
      if (queued) {
        queued.force ||= force;
        queued.waiters.push(resolve);
      } else {
        queue.set(entityRef, { force, waiters: [resolve] });
      }
      running ??= drain();
    });
  }

  /**
   * Builds queued sites one after another. `running` is cleared in the same synchronous run as
   * the last look at the queue, never a microtask later: a job queued in between would wait forever.
   */
  async function drain(): Promise<void> {
    try {
      await drainQueue();
    } catch (error) {
      // drainQueue did not reach its end, so no other drain has started: this one is done.
      running = undefined;
      log.error({ err: error }, 'docs build queue failed');
    }
  }

  async function drainQueue(): Promise<void> {
    while (queue.size > 0 && !stopped) {
      const [entityRef, job] = queue.entries().next().value as [
        string,
        { force: boolean; waiters: ((o: DocsBuildOutcome) => void)[] },
      ];
      queue.delete(entityRef);
      let outcome: DocsBuildOutcome;
      const started = performance.now();
      try {
        outcome = await buildOne(entityRef, job.force);
      } catch (error) {
        log.error({ err: error, entityRef }, 'docs build failed unexpectedly');
        outcome = { entityRef, result: 'failed', durationMs: 0, error: errorOf(error) };
      }
      last.set(entityRef, outcome);
      for (const resolve of job.waiters) resolve(outcome);
      // Builds share the thread that answers the API. A long queue (start-up, a large import) is
      // background work: it lets requests go first (or, without a gate, runs at half pace); an
      // edit or two is built at once.
      if (queue.size >= BACKGROUND_QUEUE) {
        if (options.backgroundTurn) await options.backgroundTurn();
        else await new Promise((r) => setTimeout(r, Math.min(performance.now() - started, 250)));
      } else {
        await new Promise((r) => setImmediate(r));
      }
    }
    // The queue is empty (or the builder stopped): what failed in the background is told now.
    logFailures();
    // Stopped: whoever still waits learns that nothing was built.
    for (const [entityRef, job] of queue) {
      for (const resolve of job.waiters) resolve({ entityRef, result: 'unchanged', durationMs: 0 });
    }
    queue.clear();
    running = undefined;
  }

  async function buildOne(entityRef: string, force: boolean): Promise<DocsBuildOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    const techdocsRef = options.techdocsRefOf(entityRef);
    if (techdocsRef === undefined) {
      unwatch(entityRef);
      previous.delete(entityRef);
      await store.removeSite(entityRef);
      options.onStored(entityRef);
      return { entityRef, result: 'removed', durationMs: elapsed() };
    }
    const stored = await store.openSite(entityRef);
    let source: DocsSource;
    let inputs: DocsInputs;
    const paths = sitePaths(entityRef);
    try {
      source = await options.resolveSource(entityRef, techdocsRef);
      inputs = await options.hashInputs(source.dir, `${paths.basePath}\0${paths.assetBasePath}`);
    } catch (error) {
      const failure = errorOf(error);
      await store.saveFailure(entityRef, { inputHash: null, error: failure, warnings: [] });
      options.onStored(entityRef);
      reportFailure(entityRef, failure, 'docs source cannot be read');
      return { entityRef, result: 'failed', durationMs: elapsed(), error: failure };
    }
    if (options.watch && source.local) watchSite(entityRef, inputs.watchDirs);
    if (!force && stored?.inputHash === inputs.hash && stored.status !== 'pending') {
      return { entityRef, result: 'unchanged', durationMs: elapsed() };
    }

    let before = previous.get(entityRef);
    if (!before && stored?.builtAt) {
      // After a restart: what is stored, so that unchanged pages are not written again. (The
      // renderer renders them again: a stored page is not a DocsSite it can reuse.)
      const pages = await store.listPages(entityRef);
      before = { pageDigests: new Map(pages.map((p) => [p.url, pageDigest(p)])), assetDigests: new Map() };
    }

    let site: DocsSite;
    try {
      site = await options.build(source.dir, {
        ...paths,
        ...(before?.site ? { previous: before.site } : {}),
      });
    } catch (error) {
      const failure = errorOf(error);
      await store.saveFailure(entityRef, {
        inputHash: inputs.hash,
        error: failure,
        warnings: (error as { warnings?: DocsSite['warnings'] }).warnings ?? [],
      });
      options.onStored(entityRef);
      reportFailure(entityRef, failure, 'docs build failed; the last good build is kept');
      return { entityRef, result: 'failed', durationMs: elapsed(), error: failure };
    }

    const pageDigests = new Map<string, string>();
    const upsertPages: DocsPage[] = [];
    let samePageUrls = before !== undefined && before.pageDigests.size === site.pages.length;
    for (const page of site.pages) {
      const digest = pageDigest(page);
      pageDigests.set(page.url, digest);
      const known = before?.pageDigests.get(page.url);
      if (known === undefined) samePageUrls = false;
      if (known !== digest) upsertPages.push(page);
    }
    const assetDigests = new Map<string, string>();
    const upsertAssets: { path: string; contentType: string; content: Uint8Array }[] = [];
    const assetPaths: string[] = [];
    for (const asset of site.assets) {
      if (asset.size > MAX_ASSET_BYTES) {
        site.warnings.push({ file: asset.path, message: `not served: larger than ${MAX_ASSET_BYTES} bytes` });
        continue;
      }
      const digest = `${asset.contentType}\0${asset.hash}`;
      assetDigests.set(asset.path, digest);
      assetPaths.push(asset.path);
      if (before?.assetDigests.get(asset.path) === digest) continue;
      try {
        // Never a file outside the source, whatever the asset list says.
        const path = await resolveInside(source.root, relative(source.root, asset.absolutePath));
        const content = await readFile(path);
        upsertAssets.push({ path: asset.path, contentType: asset.contentType, content });
      } catch (error) {
        assetDigests.delete(asset.path);
        assetPaths.pop();
        site.warnings.push({ file: asset.path, message: `not served: ${(error as Error).message}` });
      }
    }
    const navHash = createHash('sha256').update(JSON.stringify(site.nav)).digest('hex');
    const sameAssetPaths =
      before !== undefined &&
      before.assetDigests.size === assetPaths.length &&
      assetPaths.every((p) => before.assetDigests.has(p));
    try {
      await store.saveBuild(entityRef, {
        inputHash: inputs.hash,
        site: {
          hash: site.hash,
          siteName: site.siteName,
          siteDescription: site.siteDescription,
          repoUrl: site.repoUrl,
          editUri: site.editUri,
          nav: site.nav,
          warnings: site.warnings,
          stats: site.stats,
        },
        upsertPages,
        pageUrls: site.pages.map((p) => p.url),
        upsertAssets,
        assetPaths,
        ...(before?.stored
          ? {
              sameAs: {
                siteHash: before.stored.siteHash,
                nav: before.stored.navHash === navHash,
                pageUrls: samePageUrls,
                assetPaths: sameAssetPaths,
              },
            }
          : {}),
      });
    } catch (error) {
      // The build is good but could not be stored (e.g. a page too large to index): recorded as a
      // failure with its input hash, so that it is not built again until its sources change.
      const failure = errorOf(error);
      await store.saveFailure(entityRef, { inputHash: inputs.hash, error: failure, warnings: site.warnings });
      options.onStored(entityRef);
      reportFailure(entityRef, failure, 'docs built but not stored; the last good build is kept');
      return { entityRef, result: 'failed', durationMs: elapsed(), error: failure };
    }
    // The most recently built sites keep their rendered pages for the next build to reuse; the
    // others only their digests (so that unchanged pages are not stored again): memory stays
    // bounded however many entities have docs.
    previous.delete(entityRef);
    previous.set(entityRef, {
      site,
      pageDigests,
      assetDigests,
      stored: { siteHash: site.hash, navHash },
    });
    let withPages = 0;
    for (const entry of [...previous.values()].reverse()) {
      if (entry.site && ++withPages > SITES_KEPT_RENDERED) delete entry.site;
    }
    options.onStored(entityRef);
    const outcome: DocsBuildOutcome = {
      entityRef,
      result: 'built',
      durationMs: elapsed(),
      rendered: site.stats.rendered,
      reused: site.stats.reused,
    };
    log.info(
      { ...outcome, pages: site.pages.length, written: upsertPages.length, warnings: site.warnings.length },
      'docs built',
    );
    return outcome;
  }

  return {
    /** Queues a build of the site; resolves with what happened. `force` builds even if unchanged. */
    schedule,
    /** Queues a build after a short pause (edits come in bursts). */
    scheduleSoon: debounce,
    /** The last outcome per site since start (tests, diagnostics). */
    lastOutcome: (entityRef: string) => last.get(entityRef),
    /** Whether edits of the site's local folder are watched (then no periodic re-hash is needed). */
    isWatched: (entityRef: string) => watchers.has(entityRef),
    /** Resolves when no build is queued or running. */
    async idle(): Promise<void> {
      for (let i = 0; i < 1000; i++) {
        if (timers.size > 0) await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 10));
        else if (running) await running;
        else return;
      }
    },
    async stop(): Promise<void> {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const ref of [...watchers.keys()]) unwatch(ref);
      await running;
    },
  };
}

export type DocsBuilder = ReturnType<typeof createDocsBuilder>;
