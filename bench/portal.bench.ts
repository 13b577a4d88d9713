/**
 * `npm run bench:portal -- --entities N --runs R --store postgres|embedded`: the portal in
 * Debian's Chromium against a server holding the synthetic catalog. Measures Largest Contentful
 * Paint of the catalog page, facet click → table updated, entity page load, search keystroke →
 * results, and the JavaScript a first visit downloads. Progress to stderr, one JSON object to
 * stdout. See docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, chromiumMissing, launchChromium } from '../e2e/lib/browser.ts';
import { ensurePortalBuilt } from '../e2e/lib/portal-build.ts';
import { generateCatalog, openCatalog } from './lib/catalog.ts';
import { createCleanupStack } from './lib/cleanup.ts';
import { waitForIngestion } from './lib/ingestion.ts';
import { createBenchDatabase, postgresUnavailable } from './lib/postgres.ts';
import { startServer, waitForListening } from './lib/server.ts';
import { round, summarizeLatencies } from './lib/stats.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const generator = resolve(repoRoot, '../shared/bench/gen-catalog.mjs');
const started = performance.now();
const progress = (line: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);

/** The goals. */
const GOALS = { lcpMs: 1000, interactionMs: 300, initialJsGzipKiB: 400 };

const USAGE = `Usage: npm run bench:portal -- [--entities 100000] [--runs 7] [--store postgres|embedded] [--catalog DIR] [--keep]`;

interface Options {
  entities: number;
  runs: number;
  store: 'postgres' | 'embedded';
  catalogDir: string | undefined;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      entities: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '7' },
      store: { type: 'string', default: 'postgres' },
      catalog: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const entities = Number(values.entities);
  const runs = Number(values.runs);
  if (!Number.isInteger(entities) || entities < 100) throw new Error('--entities must be an integer ≥ 100');
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new Error('--runs must be an integer 1–100');
  if (values.store !== 'postgres' && values.store !== 'embedded')
    throw new Error('--store must be postgres or embedded');
  return { entities, runs, store: values.store, catalogDir: values.catalog, keep: values.keep };
}

function median(values: number[]): number {
  return summarizeLatencies(values).p50Ms;
}

function summary(values: number[]) {
  const s = summarizeLatencies(values);
  return {
    runs: values.length,
    medianMs: round(s.p50Ms, 1),
    p90Ms: round(s.p90Ms, 1),
    maxMs: round(s.maxMs, 1),
  };
}

/** The entry script and CSS of index.html and every module it preloads, gzipped, as shipped. */
function initialAssets(distDir: string) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  let jsGzip = 0;
  let jsRaw = 0;
  let cssGzip = 0;
  for (const ref of refs) {
    const file = join(distDir, ref);
    const raw = statSync(file).size;
    let gz = raw;
    try {
      gz = statSync(`${file}.gz`).size;
    } catch {
      // under 1 KiB: not precompressed
    }
    if (ref.endsWith('.js')) {
      jsGzip += gz;
      jsRaw += raw;
    } else cssGzip += gz;
  }
  return {
    files: refs,
    jsGzipKiB: round(jsGzip / 1024, 1),
    jsRawKiB: round(jsRaw / 1024, 1),
    cssGzipKiB: round(cssGzip / 1024, 1),
  };
}

/** Waits until the explorer's table shows rows (not skeletons) and is not busy. */
async function tableReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const table = document.querySelector('[data-testid="catalog-table"]');
      return (
        table !== null &&
        table.getAttribute('aria-busy') !== 'true' &&
        table.querySelectorAll('tbody tr[data-entity-ref]').length > 0
      );
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
}

/** LCP of a cold load (new browser context: empty cache) of the catalog page. */
async function measureLcp(
  browser: Browser,
  url: string,
): Promise<{ lcpMs: number; jsTransferredKiB: number }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  let jsBytes = 0;
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') {
      jsBytes += Number(response.headers()['content-length'] ?? 0);
    }
  });
  await page.goto(url, { waitUntil: 'load' });
  await tableReady(page);
  // LCP candidates stop once the page has painted its largest element; give it a frame or two.
  await page.waitForTimeout(300);
  const lcp = await page.evaluate(
    () =>
      new Promise<number>((done) => {
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          done(entries.at(-1)?.startTime ?? Number.NaN);
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      }),
  );
  await context.close();
  return { lcpMs: lcp, jsTransferredKiB: jsBytes / 1024 };
}

/** Time from an action to a condition in the page, measured from Node (includes the protocol round trip). */
async function timed(action: () => Promise<void>, until: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await action();
  await until();
  return performance.now() - t0;
}

async function measureInteractions(browser: Browser, base: string, runs: number, componentNames: string[]) {
  const facet: number[] = [];
  const entityClientNav: number[] = [];
  const entityLoad: number[] = [];
  const keystroke: number[] = [];
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  for (let run = 0; run < runs; run++) {
    // Facet click → table updated: the first value of the type facet, toggled on.
    await page.goto(`${base}/catalog?kind=component`, { waitUntil: 'load' });
    await tableReady(page);
    const totalBefore = await page.getByTestId('catalog-total').textContent();
    const option = page.locator('[data-testid="facet-type"] input[type="checkbox"]').nth(run % 2);
    facet.push(
      await timed(
        () => option.click(),
        () =>
          page.waitForFunction(
            (before) => {
              const table = document.querySelector('[data-testid="catalog-table"]');
              const total = document.querySelector('[data-testid="catalog-total"]')?.textContent;
              return (
                table?.getAttribute('aria-busy') !== 'true' &&
                location.search.includes('type=') &&
                (table?.querySelectorAll('tbody tr[data-entity-ref]').length ?? 0) > 0 &&
                total !== before
              );
            },
            totalBefore,
            { polling: 'raf', timeout: 30_000 },
          ),
      ),
    );

    // Entity page from the table (client-side navigation) → header rendered.
    const link = page.locator('[data-testid="catalog-table"] tbody tr[data-entity-ref] a').first();
    const name = (await link.textContent())?.trim() ?? '';
    entityClientNav.push(
      await timed(
        () => link.click(),
        () => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 30_000 }),
      ),
    );

    // Entity page loaded directly (a shared link): navigation start → header rendered.
    const target = componentNames[(run * 7919) % componentNames.length] as string;
    await page.goto(`${base}/catalog/default/component/${target}`, { waitUntil: 'commit' });
    await page.getByRole('heading', { level: 1, name: target }).waitFor({ timeout: 30_000 });
    entityLoad.push(
      await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        return performance.now() - (nav?.startTime ?? 0);
      }),
    );

    // Search palette: each keystroke → results that match what was typed.
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('search-input');
    await input.waitFor();
    const term = target.slice(0, 10);
    for (let i = 0; i < term.length; i++) {
      const typed = term.slice(0, i + 1);
      keystroke.push(
        await timed(
          () => page.keyboard.type(term[i] as string),
          () =>
            page.waitForFunction(
              (t) => {
                const results = document.querySelectorAll('[data-testid="search-result"]');
                // The best result names what was typed (a prefix of an existing name).
                return (
                  results.length > 0 &&
                  (results[0]?.textContent ?? '').toLowerCase().includes(t.toLowerCase())
                );
              },
              typed,
              { polling: 'raf', timeout: 30_000 },
            ),
        ),
      );
    }
    await page.keyboard.press('Escape');
  }
  await context.close();
  return {
    facetClickToTable: summary(facet),
    entityPageFromTable: summary(entityClientNav),
    entityPageDirectLoad: summary(entityLoad),
    searchKeystrokeToResults: summary(keystroke),
  };
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (chromiumMissing) {
    process.stderr.write(`${chromiumMissing}\n`);
    return 2;
  }
  const cleanup = createCleanupStack({ log: progress });
  const tmpRoot = mkdtempSync(join(tmpdir(), 'paved-bench-portal-'));
  if (!options.keep)
    cleanup.defer(`remove ${tmpRoot}`, () => rmSync(tmpRoot, { recursive: true, force: true }));
  const output: Record<string, unknown> = {
    benchmark: 'portal',
    ok: false,
    commit: (() => {
      try {
        return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
          cwd: repoRoot,
          encoding: 'utf8',
        }).trim();
      } catch {
        return null;
      }
    })(),
    machine: { cpus: cpus().length, loadavg1mAtStart: round(loadavg()[0] ?? 0, 2) },
    browser: CHROMIUM,
    options,
    goals: GOALS,
  };
  try {
    progress('building the portal if its sources changed');
    await ensurePortalBuilt();
    output.initialAssets = initialAssets(join(repoRoot, 'packages/portal/dist'));

    let catalogDir = options.catalogDir;
    if (!catalogDir) {
      catalogDir = join(tmpRoot, 'catalog');
      progress(`generating ${options.entities} entities with gen-catalog.mjs`);
      await generateCatalog(generator, options.entities, catalogDir);
    }
    const catalog = openCatalog(catalogDir);

    let databaseUrl: string | undefined;
    if (options.store === 'postgres') {
      const unavailable = await postgresUnavailable();
      if (unavailable) throw new Error(`${unavailable} (or run with --store embedded)`);
      const database = await createBenchDatabase();
      cleanup.defer(`drop ${database.name}`, () => database.drop());
      databaseUrl = database.url;
    }
    const server = await startServer({
      repoRoot,
      entry: join(repoRoot, 'packages/cli/bin/paved.js'),
      catalogFile: catalog.rootFile,
      dataDir: join(tmpRoot, 'data'),
      databaseUrl,
      logFile: join(tmpRoot, 'server.log'),
    });
    cleanup.defer('stop the server', () => server.stop());
    const listeningAt = await waitForListening(server, 120_000);
    progress(`server listening on ${server.port}; ingesting`);
    const ingestion = await waitForIngestion(server, catalog, listeningAt, 30 * 60_000, progress);
    output.catalog = { entities: catalog.counts.total, ingestSeconds: ingestion.ingestSeconds };
    const base = `http://127.0.0.1:${server.port}`;

    const browser = await launchChromium();
    cleanup.defer('close Chromium', () => browser.close());
    progress('warming up (one cold visit)');
    await measureLcp(browser, `${base}/catalog`);
    const lcps: number[] = [];
    let jsTransferred = 0;
    for (let i = 0; i < options.runs; i++) {
      const { lcpMs, jsTransferredKiB } = await measureLcp(browser, `${base}/catalog`);
      lcps.push(lcpMs);
      jsTransferred = jsTransferredKiB;
    }
    output.catalogPageLcp = { ...summary(lcps), coldCache: true, jsTransferredKiB: round(jsTransferred, 1) };
    progress(`LCP median ${round(median(lcps), 0)} ms; measuring interactions`);
    output.interactions = await measureInteractions(browser, base, options.runs, catalog.components);

    const interactions = output.interactions as Record<string, { medianMs: number; p90Ms: number }>;
    const assets = output.initialAssets as { jsGzipKiB: number };
    const goalsMet = {
      lcp: median(lcps) <= GOALS.lcpMs,
      interactions: Object.values(interactions).every((i) => i.medianMs <= GOALS.interactionMs),
      initialJs: assets.jsGzipKiB <= GOALS.initialJsGzipKiB,
    };
    output.goalsMet = goalsMet;
    output.ok = true;
  } catch (error) {
    output.error = error instanceof Error ? error.message : String(error);
  } finally {
    const failed = await cleanup.runAll();
    if (failed.length > 0) output.cleanupFailed = failed;
  }
  output.seconds = round((performance.now() - started) / 1000, 1);
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return output.ok ? 0 : 1;
}

process.exitCode = await main();
