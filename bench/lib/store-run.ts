import { mkdtempSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { StoreName } from './args.ts';
import type { GeneratedCatalog, LowerBound } from './catalog.ts';
import type { CleanupStack } from './cleanup.ts';
import { type FreshnessResult, measureFreshness } from './freshness.ts';
import { sleep } from './http.ts';
import { type IngestionResult, type RssSample, sampleRss, waitForIngestion } from './ingestion.ts';
import { catalogEndpoints, type EndpointResult, measureEndpoint } from './latency.ts';
import { PEER_FRESHNESS, PEER_IDLE_CPU, PEER_INGESTION } from './peer.ts';
import { createBenchDatabase, postgresUnavailable } from './postgres.ts';
import { clockTicksPerSecond, readMachineCpu, readVmBytes, treeCpuTicks } from './proc.ts';
import { startServer, waitForListening } from './server.ts';
import { MiB, round } from './stats.ts';

export interface StoreRunContext {
  repoRoot: string;
  serverEntry: string;
  catalog: GeneratedCatalog;
  lowerBound: LowerBound;
  tmpRoot: string;
  keep: boolean;
  durationSeconds: number;
  warmupSeconds: number;
  ingestTimeoutSeconds: number;
  cleanup: CleanupStack;
  progress(line: string): void;
}

export interface IdleCpu {
  windowSeconds: number;
  /** utime + stime of the server's process tree, in cores (1 = one core busy all the time). */
  serverCores: number;
  /** Every process on the machine (PostgreSQL, and whatever else runs on a shared machine). */
  machineBusyCores: number;
  peer: typeof PEER_IDLE_CPU;
}

export interface Memory extends RssSample {
  /** VmHWM of the server process at the end of the run (peak resident set). */
  peakRssMiB: number | null;
  peer: typeof PEAK_RSS_PEER;
}

const PEAK_RSS_PEER = { peakRssMiB: PEER_INGESTION.peakRssMiB, source: PEER_INGESTION.source };

export interface StoreResult {
  store: StoreName;
  database?: string;
  serverCommand?: string;
  ingestion?: IngestionResult & {
    /** Spawn → ingested, over the lower bound (the goal's figure). */
    ratioToLowerBound: number;
    /** Listening → ingested, over the lower bound (start-up left out). */
    listeningToIngestedRatioToLowerBound: number;
    peer: typeof PEER_INGESTION;
  };
  idleCpu?: IdleCpu;
  latency?: Record<string, EndpointResult>;
  freshness?: FreshnessResult & { goalMs: number; peer: typeof PEER_FRESHNESS };
  memory?: Memory;
  error?: string;
}

export type StoreOutcome = StoreResult | { store: StoreName; skipped: string };

async function measureIdleCpu(pid: number, seconds: number): Promise<IdleCpu> {
  const ticks = clockTicksPerSecond();
  const server0 = treeCpuTicks(pid);
  const machine0 = readMachineCpu();
  const started = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  const machine1 = readMachineCpu();
  const server1 = treeCpuTicks(pid);
  return {
    windowSeconds: round(elapsed, 2),
    serverCores: round((server1 - server0) / ticks / elapsed, 3),
    machineBusyCores: round(
      ((machine1.busy - machine0.busy) / Math.max(1, machine1.total - machine0.total)) * cpus().length,
      3,
    ),
    peer: PEER_IDLE_CPU,
  };
}

/**
 * One store, from an empty data folder (or a fresh PostgreSQL database) to the last measurement.
 * Fills the result as it goes: a failure leaves what was measured plus `error`. The server, the
 * database and the data folder are removed in every case.
 */
export async function runStore(store: StoreName, ctx: StoreRunContext): Promise<StoreOutcome> {
  const log = ctx.progress;
  if (store === 'postgres') {
    const reason = await postgresUnavailable();
    if (reason) {
      log(`postgres: skipped (${reason})`);
      return { store, skipped: reason };
    }
  }
  const result: StoreResult = { store };
  const undo: (() => Promise<boolean>)[] = [];
  let stopSampling: (() => void) | undefined;
  let readPeak: (() => void) | undefined;
  try {
    let databaseUrl: string | undefined;
    if (store === 'postgres') {
      const database = await createBenchDatabase();
      undo.push(ctx.cleanup.defer(`drop database ${database.name}`, database.drop));
      result.database = database.name;
      databaseUrl = database.url;
    }
    const runDir = mkdtempSync(join(ctx.tmpRoot, `${store}-`));
    if (!ctx.keep)
      undo.push(
        ctx.cleanup.defer(`remove ${runDir}`, () => rmSync(runDir, { recursive: true, force: true })),
      );

    log(`${store}: starting the server (data in ${runDir})`);
    const server = await startServer({
      repoRoot: ctx.repoRoot,
      entry: ctx.serverEntry,
      catalogFile: ctx.catalog.rootFile,
      dataDir: join(runDir, 'data'),
      databaseUrl,
      logFile: join(runDir, 'server.log'),
    });
    undo.push(ctx.cleanup.defer(`stop server ${server.pid}`, server.stop));
    result.serverCommand = server.command;
    const rss = sampleRss(server.pid);
    // Called once ingestion is over, and in any case before the server is stopped.
    stopSampling = () => {
      result.memory ??= { peakRssMiB: null, ...rss.stop(), peer: PEAK_RSS_PEER };
    };
    readPeak = () => {
      const hwm = readVmBytes(server.pid, 'VmHWM');
      if (result.memory && hwm !== undefined) result.memory.peakRssMiB = round(hwm / MiB, 1);
    };
    const listeningAt = await waitForListening(server, 120_000);
    log(
      `${store}: listening after ${round((listeningAt - server.spawnedAt) / 1000, 2)} s; waiting for ingestion`,
    );
    const ingestion = await waitForIngestion(
      server,
      ctx.catalog,
      listeningAt,
      ctx.ingestTimeoutSeconds * 1000,
      log,
    );
    stopSampling();
    result.ingestion = {
      ...ingestion,
      ratioToLowerBound: round(ingestion.totalSeconds / ctx.lowerBound.bestSeconds, 2),
      listeningToIngestedRatioToLowerBound: round(ingestion.ingestSeconds / ctx.lowerBound.bestSeconds, 2),
      peer: PEER_INGESTION,
    };
    log(`${store}: ingested ${ingestion.totalItemsSeen} entities in ${ingestion.totalSeconds} s`);

    result.idleCpu = await measureIdleCpu(server.pid, 5);
    log(`${store}: idle CPU ${result.idleCpu.serverCores} cores`);

    result.latency = {};
    for (const endpoint of catalogEndpoints(ctx.catalog)) {
      log(`${store}: measuring ${endpoint.name} (${ctx.durationSeconds} s at concurrency 1 and 16)`);
      const measured = await measureEndpoint(server.port, endpoint, ctx.durationSeconds, ctx.warmupSeconds);
      result.latency[endpoint.name] = measured;
      log(
        `  c1 p50 ${measured.concurrency1.p50Ms} ms, p99 ${measured.concurrency1.p99Ms} ms, ${measured.concurrency1.reqPerSec} req/s;` +
          ` c16 p99 ${measured.concurrency16.p99Ms} ms, ${measured.concurrency16.reqPerSec} req/s`,
      );
    }

    log(`${store}: freshness (3 edits)`);
    const freshness = await measureFreshness(server.port, ctx.catalog, ctx.cleanup);
    result.freshness = { ...freshness, goalMs: 2_000, peer: PEER_FRESHNESS };
    log(`  ${freshness.runs.map((r) => `${r.entity}: ${r.ms ?? 'timeout'} ms`).join(', ')}`);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`${store}: FAILED: ${result.error}`);
  } finally {
    stopSampling?.();
    readPeak?.();
    for (const step of undo.reverse()) await step();
  }
  const { database, serverCommand, ingestion, idleCpu, latency, freshness, memory, error } = result;
  // A fixed key order keeps the JSON readable whatever order the figures were filled in.
  return { store, database, serverCommand, ingestion, idleCpu, latency, freshness, memory, error };
}
