import { randomUUID } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  buildLocationEntity,
  ConflictError,
  InputError,
  NotFoundError,
  stringifyEntityRef,
} from '@paved/model';
import type { Logger } from 'pino';
import type { CatalogStore, FileResult, OrphanPolicy, SourceRecord } from '../catalog.store.ts';
import { hostOfUrl } from '../git/index.ts';
import type { ParsePool } from './parse-pool.ts';
import { readDescriptor } from './read-descriptor.ts';
import { claimsOf, type ReadSourceReport, readSource, registrationLocation } from './read-source.ts';
import { parseScmFileUrl } from './scm-url.ts';
import { createFileTree, ExternalTarget, globBase, isInside, type SourceTree } from './source-tree.ts';

export const SOURCE_TYPES = ['file', 'git', 'url'] as const;

/** What the git module provides; injected so ingestion does not depend on how git is run. */
export interface GitPort {
  parseTarget(target: string): { url: string; ref?: string | undefined; path: string };
  sync(url: string, ref?: string): Promise<{ dir: string; commit: string; changed: boolean }>;
  /** The checkout folder of `url` at `ref` as last synced, without fetching. */
  dirOf(url: string, ref?: string): string;
}

export interface IngestionOptions {
  store: CatalogStore;
  pool: ParsePool;
  log: Logger;
  git?: GitPort | undefined;
  orphanPolicy: OrphanPolicy;
  /** Folders under which `file` sources may be registered through the API. */
  fileRoots: string[];
  /** Watch local sources and apply edits as they happen. */
  watch: boolean;
  /** How often git sources are fetched again. */
  gitRefreshMs: number;
  /** Called after entities were written, to stitch and publish them. */
  onWrite(options?: { progress?: boolean }): Promise<void>;
  /** Hosts descriptors may name repositories on, beside those of registered git and url sources. */
  allowedHosts?: string[];
}

/** How many sources one source's Locations may register in other repositories. */
const MAX_CHILD_SOURCES = 1000;

/** The git target (`<clone-url>#<ref>:<path>`) behind a url location. */
function gitTargetOfUrl(target: string): string {
  const scm = parseScmFileUrl(target);
  return `${scm.cloneUrl}#${scm.ref}:${scm.path}`;
}

export interface DryRunResult {
  files: FileResult[];
  report: ReadSourceReport;
}

interface OpenedTree {
  tree: SourceTree;
  rootPattern: string;
}

export function createIngestionService(options: IngestionOptions) {
  const { store, pool, log } = options;
  const running = new Map<string, Promise<ReadSourceReport | undefined>>();
  const again = new Set<string>();
  const watchers = new Map<string, Map<string, FSWatcher>>();
  const reachedBySource = new Map<string, Set<string>>();
  /** Per source: file a placeholder read → the descriptors that read it. */
  const dependentsBySource = new Map<string, Map<string, Set<string>>>();
  const timers = new Set<NodeJS.Timeout>();
  const pendingPaths = new Map<string, Set<string>>();
  let stopped = false;

  function checkRegistration(type: string, target: string, origin: SourceRecord['origin']): string {
    if (!(SOURCE_TYPES as readonly string[]).includes(type)) {
      throw new InputError(`Source type "${type}" is not supported; use one of: ${SOURCE_TYPES.join(', ')}`);
    }
    if (typeof target !== 'string' || target.trim() === '' || target.includes('\0')) {
      throw new InputError('A source target must be a non-empty string');
    }
    if (type === 'file') {
      const path = isAbsolute(target) ? target : resolve(target);
      if (origin === 'api' && !options.fileRoots.some((root) => isInside(root, path))) {
        throw new InputError(
          `File source ${path} is outside the folders Paved may read (${options.fileRoots.join(', ')}); register a git source, or add the folder to catalog.fileRoots`,
        );
      }
      return path;
    }
    if (!options.git) throw new InputError('Git sources are not available: the git module is not configured');
    // A url location is read through a git checkout of its repository (same hardening).
    const { url } = options.git.parseTarget(type === 'url' ? gitTargetOfUrl(target) : target);
    // A file:// repository through the API is a local read: the same folders as file sources.
    if (origin === 'api' && url.startsWith('file:')) {
      const path = decodeURIComponent(new URL(url).pathname);
      if (!options.fileRoots.some((root) => isInside(root, path))) {
        throw new InputError(
          `Repository ${url} is outside the folders Paved may read (${options.fileRoots.join(', ')}); add the folder to catalog.fileRoots`,
        );
      }
    }
    return target;
  }

  /** The tree of a source; `sync: false` takes a git checkout as it is, without fetching. */
  async function openTree(
    source: { type: string; target: string },
    { sync }: { sync: boolean } = { sync: true },
  ): Promise<OpenedTree & { revision?: string }> {
    if (source.type === 'file') {
      const root = globBase(source.target);
      return { tree: createFileTree(root), rootPattern: source.target };
    }
    if ((source.type === 'git' || source.type === 'url') && options.git) {
      const scm = source.type === 'url' ? parseScmFileUrl(source.target) : undefined;
      const target = options.git.parseTarget(scm ? gitTargetOfUrl(source.target) : source.target);
      const checkout = sync
        ? await options.git.sync(target.url, target.ref)
        : { dir: options.git.dirOf(target.url, target.ref), commit: '' };
      const refPart = target.ref ?? '';
      const relative = (path: string) => path.slice(checkout.dir.length + 1);
      // git sources name files as <clone-url>#<ref>:<path>; url sources as the browser URL, as Backstage does.
      const prefix = scm ? scm.urlOf('') : `git:${target.url}#${refPart}:`;
      const inside = (t: string, path: string) => {
        if (!isInside(checkout.dir, path)) throw new InputError(`Location target ${t} leaves the repository`);
        return path;
      };
      const tree: SourceTree = {
        root: checkout.dir,
        fileType: source.type,
        revision: checkout.commit,
        locationOf: (path) =>
          scm
            ? { type: 'url', target: scm.urlOf(relative(path)) }
            : { type: 'git', target: `${target.url}#${refPart}:${relative(path)}` },
        pathOf: (location) => {
          const key = scm ? location.replace(/^url:/, '') : location;
          return key.startsWith(prefix)
            ? join(checkout.dir, decodeURIComponent(key.slice(prefix.length)))
            : undefined;
        },
        resolveTarget(fromPath, type, t) {
          if (type === 'url' && source.type !== 'url' && /^https?:\/\//i.test(t)) {
            throw new ExternalTarget({ type: 'url', target: t });
          }
          if (type !== undefined && type !== source.type) {
            throw new InputError(
              `Location type "${type}" cannot be read from a ${source.type} source; omit spec.type and use a path relative to this file`,
            );
          }
          if (t.startsWith('.')) return inside(t, resolve(dirname(fromPath ?? join(checkout.dir, 'x')), t));
          if (scm && /^https?:\/\//.test(t)) {
            const other = parseScmFileUrl(t);
            if (other.cloneUrl === scm.cloneUrl && other.ref === scm.ref)
              return inside(t, join(checkout.dir, other.path));
            throw new ExternalTarget({ type: 'url', target: t });
          }
          throw new InputError(
            `Location target ${t} must be relative to its file (start with ./) inside a ${source.type} source; register other repositories as their own sources`,
          );
        },
      };
      return {
        tree,
        rootPattern: join(checkout.dir, scm ? scm.path : target.path),
        revision: checkout.commit,
      };
    }
    throw new InputError(`Source type "${source.type}" is not supported`);
  }

  async function registerSource(input: {
    type: string;
    target: string;
    presence?: 'required' | 'optional';
    origin: SourceRecord['origin'];
    parentId?: string;
    createdBy?: string | null;
    onConflict?: 'reject' | 'return';
  }): Promise<{ source: SourceRecord; created: boolean }> {
    const target = checkRegistration(input.type, input.target, input.origin);
    const presence = input.presence ?? 'required';
    const entity = buildLocationEntity({ type: input.type, target, presence });
    const result = await store.insertSource({
      id: randomUUID(),
      type: input.type,
      target,
      presence,
      origin: input.origin,
      parentId: input.parentId ?? null,
      locationRef: stringifyEntityRef({
        kind: 'Location',
        namespace: 'default',
        name: entity.metadata.name,
      }),
      createdBy: input.createdBy ?? null,
    });
    if (!result.created && input.onConflict !== 'return') {
      throw new ConflictError(
        `Location ${input.type}:${target} is already registered (id ${result.source.id})`,
      );
    }
    return result;
  }

  /** Removes a source, its entities, and the sources its Locations registered in other repositories. */
  async function unregisterSource(sourceId: string): Promise<void> {
    const source = await store.getSource(sourceId);
    if (!source) throw new NotFoundError(`Location ${sourceId} does not exist`);
    for (const child of await store.listChildSources(sourceId)) {
      await unregisterSource(child.id).catch(() => undefined /* removed meanwhile */);
    }
    for (const w of watchers.get(sourceId)?.values() ?? []) w.close();
    watchers.delete(sourceId);
    reachedBySource.delete(sourceId);
    await running.get(sourceId)?.catch(() => undefined);
    await store.deleteSource(sourceId);
    await options.onWrite();
  }

  /** Hosts descriptors may name repositories on: those of registered git and url sources, and the configured ones. */
  async function allowedHosts(): Promise<string[]> {
    const hosts = new Set(options.allowedHosts ?? []);
    for (const s of await store.listSources()) {
      if (s.type !== 'git' && s.type !== 'url') continue;
      const host = hostOfUrl(s.target.split('#')[0] ?? '');
      if (host) hosts.add(host);
    }
    return [...hosts];
  }

  /**
   * Keeps the sources a source's Locations registered in other repositories in step with its
   * targets: new ones registered and read, vanished ones removed with their entities.
   */
  async function reconcileChildren(
    source: SourceRecord,
    external: Map<string, { type: 'url'; target: string }>,
  ): Promise<void> {
    const children = await store.listChildSources(source.id);
    const wanted = new Set(external.keys());
    for (const child of children) {
      if (!wanted.has(`${child.type}:${child.target}`)) await unregisterSource(child.id);
    }
    const have = new Set(children.map((c) => `${c.type}:${c.target}`));
    let added = 0;
    for (const [key, location] of external) {
      if (have.has(key)) continue;
      if (children.length + added >= MAX_CHILD_SOURCES) {
        log.warn(
          { source: `${source.type}:${source.target}` },
          `more than ${MAX_CHILD_SOURCES} Location targets in other repositories; the rest are not followed`,
        );
        break;
      }
      try {
        const { source: child, created } = await registerSource({
          ...location,
          origin: 'location',
          parentId: source.id,
          onConflict: 'return',
        });
        added++;
        if (created) void refreshSource(child.id).catch(() => undefined /* recorded on the source */);
      } catch (error) {
        log.warn(
          { target: location.target, err: error },
          'Location target in another repository cannot be registered',
        );
      }
    }
  }

  /** A source is in error while any of its files, entities or claims has a problem. */
  async function recordStatus(sourceId: string, revision: string | null): Promise<void> {
    const problems = await store.countSourceErrors(sourceId);
    await store.updateSourceStatus(sourceId, {
      status: problems > 0 ? 'error' : 'ok',
      error: problems > 0 ? `${problems} problem(s); see GET /api/catalog/errors?location=${sourceId}` : null,
      revision,
    });
  }

  async function doRefresh(source: SourceRecord): Promise<ReadSourceReport> {
    const started = performance.now();
    try {
      const opened = await openTree(source);
      const hosts = await allowedHosts();
      const storedFiles = await store.listFiles(source.id);
      const locationClaims = await store.listLocationClaims(source.id);
      const storedLocations = new Map<number, import('@paved/model').Entity[]>();
      for (const c of locationClaims) {
        const list = storedLocations.get(c.fileId) ?? [];
        list.push(c.entity);
        storedLocations.set(c.fileId, list);
      }
      let lastWrite = performance.now();
      let publishEveryMs = 10_000;
      let batches = 0;
      // A source's first read writes files and claims batch by batch, and decides its entities,
      // relations and what to stitch once, when it ends (finishDeferredRead): decided batch by
      // batch, the entities many others point at (owners, systems, APIs) were stitched again and
      // again (a 100k first read stitched 125-128k documents), and each batch looked up every ref
      // it claims in each index. Its entities are served when the read ends.
      const deferred = storedFiles.length === 0;
      if (deferred) await store.beginDeferredRead(source.id);
      const report = await readSource({
        source: {
          id: source.id,
          type: source.type,
          target: source.target,
          presence: source.presence,
          locationRef: source.locationRef,
        },
        tree: opened.tree,
        rootPattern: opened.rootPattern,
        pool,
        storedFiles,
        storedLocations,
        checkExternal(location) {
          const host = hostOfUrl(location.target);
          if (!host || !hosts.includes(host)) {
            throw new InputError(
              `Location target ${location.target} is on ${host ?? 'an unknown host'}, which Paved reads nothing from: register a source on that host, or add it to PAVED_ALLOWED_HOSTS${hosts.length ? ` (allowed now: ${hosts.join(', ')})` : ''}`,
            );
          }
        },
        async onBatch(results) {
          await store.applyFileResults(source.id, results, options.orphanPolicy, { deferred });
          // Statistics after batches 1, 2, 4, 8…: plans keep up with tables growing from empty.
          batches++;
          if ((batches & (batches - 1)) === 0) await store.analyze();
          // Publish progress during a long read: after 10 s, then at doubling intervals. Each
          // publish stitches again the entities many others point at (owners, systems, APIs).
          // Reading goes on meanwhile; the publish after the read waits for this one.
          if (!deferred && performance.now() - lastWrite > publishEveryMs) {
            lastWrite = performance.now();
            publishEveryMs *= 2;
            options
              .onWrite({ progress: true })
              .catch((error: unknown) => log.warn({ err: error }, 'publishing progress failed'));
          }
        },
      }).finally(() => (deferred ? store.finishDeferredRead(source.id, options.orphanPolicy) : undefined));
      // A failed target kept what it provided in `reached` (readSource), so only files no target reaches go.
      const gone = storedFiles.filter((f) => !report.reached.has(f.location)).map((f) => f.id);
      await store.removeFiles(source.id, gone, options.orphanPolicy);
      await options.onWrite();
      await recordStatus(source.id, opened.revision ?? null);
      await reconcileChildren(source, report.external);
      reachedBySource.set(source.id, report.reached);
      const dependents = new Map<string, Set<string>>();
      for (const [descriptor, deps] of report.dependencies) {
        for (const dep of deps) dependents.set(dep, (dependents.get(dep) ?? new Set()).add(descriptor));
      }
      dependentsBySource.set(source.id, dependents);
      if (options.watch && source.type === 'file') updateWatchers(source, report, dependents);
      log.info(
        {
          source: `${source.type}:${source.target}`,
          files: report.files,
          parsed: report.parsed,
          unchanged: report.unchanged,
          removedFiles: gone.length,
          ms: Math.round(performance.now() - started),
        },
        'source read',
      );
      return report;
    } catch (error) {
      const message = (error as Error).message;
      log.warn({ source: `${source.type}:${source.target}`, err: error }, 'source could not be read');
      await store.updateSourceStatus(source.id, { status: 'error', error: message });
      throw error;
    }
  }

  /** Reads a source again; concurrent calls share one read, and a call during a read queues one more. */
  function refreshSource(sourceId: string): Promise<ReadSourceReport | undefined> {
    const current = running.get(sourceId);
    if (current) {
      again.add(sourceId);
      return current;
    }
    const run = (async () => {
      let report: ReadSourceReport | undefined;
      do {
        again.delete(sourceId);
        const source = await store.getSource(sourceId);
        if (!source || stopped) return report;
        report = await doRefresh(source);
      } while (again.has(sourceId) && !stopped);
      return report;
    })().finally(() => running.delete(sourceId));
    running.set(sourceId, run);
    return run;
  }

  /**
   * Watches the folder of every file read (descriptors and what their placeholders read) and,
   * for globs, their static base folder — recursively when the glob spans folders, so a file
   * added in a new folder is noticed too.
   */
  function updateWatchers(
    source: SourceRecord,
    report: ReadSourceReport,
    dependents: Map<string, Set<string>>,
  ): void {
    const wanted = new Map<string, boolean>();
    const want = (dir: string, recursive: boolean) =>
      wanted.set(dir, (wanted.get(dir) ?? false) || recursive);
    for (const location of report.reached) {
      if (location.startsWith('file:')) want(dirname(location.slice(5)), false);
    }
    for (const dep of dependents.keys()) want(dirname(dep), false);
    for (const pattern of report.patterns) {
      const base = globBase(pattern);
      const rest = pattern.slice(base.length + 1);
      want(base, rest.includes('/') && /[*?[\]{}()!]/.test(rest.slice(0, rest.lastIndexOf('/'))));
    }
    const current = watchers.get(source.id) ?? new Map<string, FSWatcher>();
    for (const [key, w] of current) {
      const [dir, mode] = [key.slice(2), key[0]];
      if (wanted.get(dir) === undefined || (wanted.get(dir) ? 'r' : 'f') !== mode) {
        w.close();
        current.delete(key);
      }
    }
    for (const [dir, recursive] of wanted) {
      const key = `${recursive ? 'r' : 'f'}:${dir}`;
      if (current.has(key)) continue;
      try {
        const w = watch(dir, { persistent: false, recursive }, (_event, filename) => {
          if (filename) onFileEvent(source.id, join(dir, filename.toString()));
        });
        w.on('error', () => {
          w.close();
          current.delete(key);
        });
        current.set(key, w);
      } catch {
        // A folder that vanished is noticed by the next read.
      }
    }
    watchers.set(source.id, current);
  }

  function onFileEvent(sourceId: string, path: string): void {
    if (stopped) return;
    const set = pendingPaths.get(sourceId) ?? new Set<string>();
    const first = set.size === 0;
    set.add(path);
    pendingPaths.set(sourceId, set);
    if (!first) return;
    // Editors write a file in several steps; settle for a moment before reading.
    const timer = setTimeout(() => {
      timers.delete(timer);
      const paths = pendingPaths.get(sourceId) ?? new Set();
      pendingPaths.delete(sourceId);
      refreshForPaths(sourceId, [...paths]).catch((error: unknown) =>
        log.warn({ err: error, sourceId }, 'refresh after a file change failed'),
      );
    }, 60);
    timers.add(timer);
  }

  /**
   * An edit to known files that declare no Location is applied file by file; anything else
   * (a new or deleted file, a Location edited) reads the whole source again.
   */
  async function refreshForPaths(sourceId: string, paths: string[]): Promise<void> {
    const reached = reachedBySource.get(sourceId);
    const dependents = dependentsBySource.get(sourceId) ?? new Map<string, Set<string>>();
    const source = await store.getSource(sourceId);
    if (!source || !reached) return;
    // An edited placeholder file stands for the descriptors that read it.
    const descriptors = new Set<string>();
    let unknown = false;
    for (const path of paths) {
      if (reached.has(`file:${path}`)) descriptors.add(path);
      else if (dependents.has(path)) for (const d of dependents.get(path)!) descriptors.add(d);
      else unknown = true;
    }
    if (unknown || running.has(sourceId)) {
      await refreshSource(sourceId);
      return;
    }
    const known = [...descriptors];
    const stored = new Map(
      (
        await store.getFiles(
          sourceId,
          known.map((p) => `file:${p}`),
        )
      ).map((f) => [f.location, f]),
    );
    if (await store.declaresLocation([...stored.values()].map((f) => f.id))) {
      await refreshSource(sourceId);
      return;
    }
    const results: FileResult[] = [];
    for (const path of known) {
      const location = `file:${path}`;
      const previous = stored.get(location);
      // A handful of edited files is parsed right here: no worker round trip (or cold start).
      const result = await readDescriptor({
        path,
        location: { type: 'file', target: path },
        originLocation: { type: source.type, target: source.target },
        sourceRoot: globBase(source.target),
        knownHash: previous?.contentHash ?? null,
        knownDependencies: previous?.dependencies ?? [],
      });
      if (result.status === 'unchanged') continue;
      if (
        result.status !== 'parsed' ||
        !previous ||
        result.file.documents.some((d) => d.kind === 'Location')
      ) {
        await refreshSource(sourceId);
        return;
      }
      for (const dep of result.dependencies)
        dependents.set(dep, (dependents.get(dep) ?? new Set()).add(path));
      const fatal = result.file.errors.length > 0;
      const { claims, errors } = fatal ? { claims: [], errors: [] } : claimsOf(result.file);
      results.push({
        location,
        parentRef: previous.parentRef,
        contentHash: fatal ? null : result.hash,
        ...(fatal ? {} : { dependencies: result.dependencies }),
        errors: [...result.file.errors, ...errors],
        fatal,
        claims,
      });
    }
    if (results.length === 0) return;
    await store.applyFileResults(sourceId, results, options.orphanPolicy);
    await options.onWrite();
    await recordStatus(sourceId, source.revision);
  }

  return {
    /** Registers a source (idempotent for the same type+target from config) and reads it in the background. */
    register: registerSource,

    refreshSource,

    allowedHosts,

    /** Points a source at a new target (PUT /locations/:id); its id and Location entity stay. */
    async update(sourceId: string, input: { type: string; target: string }): Promise<SourceRecord> {
      const target = checkRegistration(input.type, input.target, 'api');
      const updated = await store.updateSourceTarget(sourceId, input.type, target);
      for (const w of watchers.get(sourceId)?.values() ?? []) w.close();
      watchers.delete(sourceId);
      refreshSource(sourceId).catch(() => undefined /* recorded on the source */);
      return updated;
    },

    async refreshAll(): Promise<void> {
      const sources = await store.listSources();
      await Promise.all(
        sources.map((s) =>
          refreshSource(s.id).catch(
            () => undefined /* recorded on the source; one bad source must not stop others */,
          ),
        ),
      );
    },

    unregister: unregisterSource,

    /** Reads a would-be source without writing anything: what it would add, and its errors. */
    async dryRun(input: {
      type: string;
      target: string;
      presence?: 'required' | 'optional';
    }): Promise<DryRunResult> {
      const target = checkRegistration(input.type, input.target, 'api');
      const source = {
        id: 'dry-run',
        type: input.type,
        target,
        presence: input.presence ?? 'required',
      } as const;
      const opened = await openTree(source);
      const files: FileResult[] = [];
      const report = await readSource({
        source,
        tree: opened.tree,
        rootPattern: opened.rootPattern,
        pool,
        storedFiles: [],
        storedLocations: new Map(),
        async onBatch(results) {
          files.push(...results);
        },
      });
      return { files, report };
    },

    /** Schedules periodic reads of git and url sources. */
    startSchedules(): void {
      const tick = async () => {
        for (const s of await store.listSources()) {
          // url sources are read through a git checkout too, so they are fetched again the same way.
          if (s.type === 'git' || s.type === 'url') await refreshSource(s.id).catch(() => undefined);
        }
      };
      const timer = setInterval(() => {
        tick().catch((error: unknown) => log.warn({ err: error }, 'scheduled git refresh failed'));
      }, options.gitRefreshMs);
      timer.unref();
      timers.add(timer);
    },

    registrationLocation,

    /**
     * The folder a stored file location of a source is in, and its path there (which may lead
     * anywhere: read it through `resolveInside`). Git checkouts are taken as last synced.
     * Undefined when the location is not a file of that source.
     */
    async locateFile(
      source: { type: string; target: string },
      location: string,
    ): Promise<{ root: string; path: string } | undefined> {
      const { tree } = await openTree(source, { sync: false });
      const path = tree.pathOf(location);
      return path === undefined ? undefined : { root: tree.root, path };
    },

    /** Whether a source is being read now. */
    reading: (): boolean => running.size > 0,

    /** Resolves when no read is running or scheduled by a file event. */
    async idle(): Promise<void> {
      for (let i = 0; i < 100; i++) {
        if (running.size === 0 && pendingPaths.size === 0) return;
        await Promise.allSettled([...running.values()]);
        if (pendingPaths.size > 0) await new Promise((r) => setTimeout(r, 80));
      }
    },

    /** Waits for reads in flight, then stops watching. */
    async stop(): Promise<void> {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      for (const map of watchers.values()) for (const w of map.values()) w.close();
      await Promise.allSettled([...running.values()]);
    },
  };
}

export type IngestionService = ReturnType<typeof createIngestionService>;
