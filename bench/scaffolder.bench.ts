/**
 * `npm run bench:scaffolder [-- --runs N] [--postgres]`: the golden paths' dry-run time, and
 * "create" end to end — a task that renders the service, publishes it to a repository Paved
 * hosts (publish:git) and registers it (catalog:register), until the entity is served by the
 * catalog. Goal: ≤ 2 s for the latter. Progress goes to stderr, one JSON object to stdout.
 * See docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { GOLDEN_PATHS_CATALOG, loadConfig } from '../packages/server/src/config/config.ts';
import { startPaved } from '../packages/server/src/server.ts';
import { createTestDatabase, postgresSkipReason } from '../packages/server/src/testing/databases.ts';
import { summarizeLatencies } from './lib/stats.ts';

const CREATE_GOAL_MS = 2000;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
const progress = (line: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);

const GOLDEN_PATHS = ['go-service', 'typescript-service'] as const;
const OWNER = 'group:default/platform-team';

function valuesFor(name: string, options: { database: boolean; queue: boolean }) {
  return {
    name,
    description: 'A service made by the scaffolder benchmark.',
    owner: OWNER,
    database: options.database,
    queue: options.queue,
    repoUrl: `paved?owner=bench&repo=${name}`,
  };
}

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, postgres: { type: 'boolean', default: false } },
  });
  const runs = Number(args.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) {
    process.stderr.write('--runs must be an integer from 1 to 100\n');
    return 2;
  }
  if (args.postgres && postgresSkipReason) {
    process.stderr.write(`--postgres: ${postgresSkipReason}\n`);
    return 2;
  }
  const dir = await mkdtemp(join(tmpdir(), 'paved-bench-scaffolder-'));
  const database = args.postgres ? await createTestDatabase('postgres', { migrate: false }) : undefined;
  const config = loadConfig(
    {
      port: 0,
      dataDir: join(dir, 'data'),
      ...(database ? { databaseUrl: database.url } : {}),
      catalog: [GOLDEN_PATHS_CATALOG],
      demo: false,
      watch: false,
    },
    {},
    dir,
  );
  progress(`starting Paved (${database ? 'PostgreSQL' : 'embedded PGlite'}) with the golden paths`);
  const paved = await startPaved(config, { log: pino({ level: 'silent' }) });
  try {
    await paved.initialRead;
    await paved.settle();
    // The owner need not exist: a dangling owner is allowed (and reported), as in Backstage.
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${paved.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };

    // Dry-run of each golden path (everything chosen: the largest skeleton).
    const dryRun: Record<string, unknown> = {};
    for (const template of GOLDEN_PATHS) {
      const times: number[] = [];
      let files = 0;
      for (let i = 0; i < runs + 1; i++) {
        const t0 = performance.now();
        const { status, body } = await call('POST', '/api/scaffolder/v2/dry-run', {
          templateRef: `template:default/${template}`,
          values: valuesFor(`dry-${i}`, { database: true, queue: true }),
        });
        const ms = performance.now() - t0;
        if (status !== 200 || body.status !== 'completed') {
          throw new Error(`dry-run of ${template} failed: ${status} ${JSON.stringify(body?.error ?? body)}`);
        }
        files = body.directoryContents.length;
        if (i > 0) times.push(ms); // the first run warms the templating worker up
      }
      dryRun[template] = { files, ...summarizeLatencies(times) };
      progress(`dry-run ${template}: ${JSON.stringify(dryRun[template])}`);
    }

    // Create end to end: POST the task → the entity is served by the catalog.
    const createTimes: number[] = [];
    const stepTimes: Record<string, number[]> = {};
    for (let i = 0; i < runs; i++) {
      const name = `bench-svc-${i}`;
      const t0 = performance.now();
      const created = await call('POST', '/api/scaffolder/v2/tasks', {
        templateRef: 'template:default/go-service',
        values: valuesFor(name, { database: true, queue: false }),
      });
      if (created.status !== 201)
        throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
      for (;;) {
        const entity = await call('GET', `/api/catalog/entities/by-name/component/default/${name}`);
        if (entity.status === 200) break;
        const task = await call('GET', `/api/scaffolder/v2/tasks/${created.body.id}`);
        if (task.body.status === 'failed' || task.body.status === 'cancelled') {
          throw new Error(`task ${task.body.status}: ${JSON.stringify(task.body.error)}`);
        }
        if (performance.now() - t0 > 60_000) throw new Error(`${name} not visible after 60 s`);
        await new Promise((r) => setTimeout(r, 10));
      }
      const ms = performance.now() - t0;
      createTimes.push(ms);
      const task = await call('GET', `/api/scaffolder/v2/tasks/${created.body.id}`);
      for (const step of task.body.steps as { id: string; durationMs?: number }[]) {
        if (step.durationMs === undefined) continue;
        stepTimes[step.id] = [...(stepTimes[step.id] ?? []), step.durationMs];
      }
      progress(`create → visible ${name}: ${ms.toFixed(0)} ms`);
    }
    const create = summarizeLatencies(createTimes);
    const result = {
      benchmark: 'scaffolder',
      commit: gitCommitOf(repoRoot),
      store: database ? 'postgres' : 'pglite',
      runs,
      machine: { cpus: cpus().length, loadavg1: Number(loadavg()[0]?.toFixed(2)) },
      dryRunMs: dryRun,
      createToVisibleMs: create,
      createStepsMedianMs: Object.fromEntries(
        Object.entries(stepTimes).map(([id, times]) => [id, summarizeLatencies(times).p50Ms]),
      ),
      goal: {
        createToVisibleMs: CREATE_GOAL_MS,
        ratioOfMedianToGoal: Number((create.p50Ms / CREATE_GOAL_MS).toFixed(3)),
        met: create.p50Ms <= CREATE_GOAL_MS,
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.goal.met ? 0 : 1;
  } finally {
    await paved.close();
    await database?.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

function gitCommitOf(cwd: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: 'pipe',
    }).trim();
  } catch {
    return null;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench:scaffolder failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
