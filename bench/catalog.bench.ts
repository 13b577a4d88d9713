/**
 * `npm run bench:catalog -- --entities N`: Paved's catalog against the lower bound (reading and
 * parsing every file with js-yaml) and against Backstage's published figures. Progress goes to
 * stderr, one JSON object to stdout. See docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCatalogBenchArgs, USAGE } from './lib/args.ts';
import { type GeneratedCatalog, generateCatalog, measureLowerBound, openCatalog } from './lib/catalog.ts';
import { createCleanupStack } from './lib/cleanup.ts';
import { checkGoals } from './lib/goals.ts';
import { MiB } from './lib/stats.ts';
import { runStore, type StoreOutcome } from './lib/store-run.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const generator = resolve(repoRoot, '../shared/bench/gen-catalog.mjs');
const started = performance.now();
const progress = (line: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: 'pipe',
    }).trim();
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseCatalogBenchArgs>;
  try {
    options = parseCatalogBenchArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }

  const cleanup = createCleanupStack({ log: progress });
  const interrupt = (signal: NodeJS.Signals) => {
    progress(`${signal}: stopping the server and cleaning up`);
    void cleanup.runAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const tmpRoot = mkdtempSync(join(tmpdir(), 'paved-bench-'));
  if (options.keep) progress(`keeping temporary files in ${tmpRoot}`);
  else cleanup.defer(`remove ${tmpRoot}`, () => rmSync(tmpRoot, { recursive: true, force: true }));

  const errors: string[] = [];
  const output: Record<string, unknown> = {
    benchmark: 'catalog',
    ok: false,
    startedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      memoryMiB: Math.round(totalmem() / MiB),
      loadAverage1m: loadavg()[0],
      gitCommit: gitCommit(),
    },
    params: { ...options, catalogDir: options.catalogDir ?? null, server: options.server ?? null },
  };
  try {
    let catalog: GeneratedCatalog;
    let generateSeconds: number | null = null;
    if (options.catalogDir) {
      catalog = openCatalog(resolve(options.catalogDir));
      progress(`reusing ${catalog.dir} (${catalog.counts.total} entities)`);
    } else {
      const dir = join(tmpRoot, 'catalog');
      progress(`generating ${options.entities} entities into ${dir}`);
      generateSeconds = await generateCatalog(generator, options.entities, dir);
      catalog = openCatalog(dir);
    }
    output.catalog = { dir: catalog.dir, generateSeconds, ...catalog.counts };

    progress('lower bound: read and parse every file with js-yaml (best of 2)');
    const lowerBound = measureLowerBound(catalog);
    output.lowerBound = {
      method: 'readFileSync + js-yaml loadAll of every file, one process, best of 2',
      ...lowerBound,
    };
    progress(`lower bound: ${lowerBound.bestSeconds} s (${lowerBound.runsSeconds.join(', ')})`);

    const stores: Record<string, StoreOutcome> = {};
    output.stores = stores;
    for (const store of options.stores) {
      const outcome = await runStore(store, {
        repoRoot,
        serverEntry: resolve(repoRoot, options.server ?? 'packages/cli/bin/paved.js'),
        catalog,
        lowerBound,
        tmpRoot,
        keep: options.keep,
        durationSeconds: options.durationSeconds,
        warmupSeconds: options.warmupSeconds,
        ingestTimeoutSeconds: options.ingestTimeoutSeconds,
        cleanup,
        progress,
      });
      stores[store] = outcome;
      if ('error' in outcome && outcome.error) errors.push(`${store}: ${outcome.error}`);
    }
    const goals = checkGoals(Object.values(stores));
    output.goals = goals;
    output.allGoalsMet = goals.length > 0 && goals.every((g) => g.met);
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
    progress(`FAILED: ${errors.at(-1)}`);
  } finally {
    progress('cleaning up');
    const failedCleanups = await cleanup.runAll();
    errors.push(...failedCleanups.map((label) => `cleanup failed: ${label}`));
  }
  output.loadAverage1mAtEnd = loadavg()[0];
  output.ok = errors.length === 0;
  output.errors = errors;
  output.totalSeconds = Math.round((performance.now() - started) / 1000);
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return errors.length === 0 ? 0 : 1;
}

const exitCode = await main();
process.exitCode = exitCode;
// Everything is cleaned up by now; should a stray handle keep Node alive, do not hang the caller.
setTimeout(() => process.exit(exitCode), 5_000).unref();
