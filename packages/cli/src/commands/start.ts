import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ConfigError, createLogger, loadConfig, openStore } from '@paved/server/prestart';
import { EXIT_USAGE } from '../exit-codes.ts';

/**
 * From here on, V8 lets the old generation grow to 1.3 times what its last full collection kept,
 * instead of up to 4 times when collections are cheap. Serving promotes short-lived garbage there
 * at a steady rate: at 100k entities, a minute of by-query load took the process from 1.3 to 1.7
 * GB resident before V8 collected it (1.45 GB with this bound; p99 latencies unchanged). Not
 * during the first read: that read makes long-lived data quickly, and with a bound from the
 * start it took ~8% longer (30k). The limit V8 set during the read holds until its next full
 * collection, so one runs now, once; it also frees what the read left behind (at 100k, a pause
 * of ~0.17 s that keeps 465 of 586 MB).
 */
function boundHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=30');
  // gc() without starting node with --expose-gc: a context made while the flag is on has it (as
  // the index benchmark does). The flag goes off again at once, so no other context gets it.
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  collect();
}

/** `paved start`: serves until SIGINT/SIGTERM, then shuts down gracefully. */
export async function runStart(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  function parse(args: string[]) {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        catalog: { type: 'string', multiple: true },
        'no-demo': { type: 'boolean' },
        'no-watch': { type: 'boolean' },
        orphans: { type: 'string' },
        'log-level': { type: 'string' },
        workers: { type: 'string' },
        'portal-dir': { type: 'string' },
        'git-refresh': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  }
  try {
    values = parse(argv).values;
  } catch (error) {
    process.stderr.write(`paved start: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    process.stdout.write(
      'Usage: paved start [--port 7007] [--host 127.0.0.1] [--data DIR] [--catalog PATH_OR_URL …] [--no-demo] [--git-refresh SECONDS] [--portal-dir DIR]\n',
    );
    return 0;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({
      port: values.port === undefined ? undefined : Number(values.port),
      host: values.host,
      dataDir: values.data,
      catalog: values.catalog,
      demo: !values['no-demo'],
      watch: !values['no-watch'],
      orphanPolicy: values.orphans,
      logLevel: values['log-level'],
      workers: values.workers === undefined ? undefined : Number(values.workers),
      portalDir: values['portal-dir'],
      gitRefreshSeconds: values['git-refresh'] === undefined ? undefined : Number(values['git-refresh']),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`paved start: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  // The store opens (on its own thread) while the rest of the server loads (prestart.ts).
  const log = createLogger(config);
  const store = openStore(config, log);
  store.catch(() => undefined /* awaited below */);
  const { startPaved } = await import('@paved/server');
  const paved = await startPaved(config, { log, db: await store });
  process.stderr.write(`Paved is serving on ${paved.url}\n`);
  // A failed first read is reported by the server; memory is bounded all the same.
  paved.initialRead.finally(boundHeapGrowth).catch(() => undefined);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`\n${signal}: shutting down…\n`);
      paved.close().then(resolve, (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
