import { type Logger, pino } from 'pino';
import type { PavedConfig } from './config/config.ts';
import { type Database, openDatabase } from './store/index.ts';

export { ConfigError, type ConfigInput, loadConfig, type PavedConfig } from './config/config.ts';

/**
 * What `paved start` can do before the rest of the server is loaded: read its configuration, make
 * its logger and open its store. Opening the embedded store (a thread of its own: PostgreSQL in
 * WebAssembly, the data folder, migrations) takes longer than loading the server's modules,
 * ~1.2 against ~0.7 s, and on two cores the two run side by side. Kept free of the server's modules.
 */
export function createLogger(config: PavedConfig): Logger {
  return pino({ level: config.logLevel });
}

/** Opens the configured store and brings its schema up to date; the process ends if it dies. */
export function openStore(config: PavedConfig, log: Logger): Promise<Database> {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    onIdleError: (error) =>
      log.warn({ err: error }, 'PostgreSQL closed an idle connection; it will be replaced'),
    // Nothing works without the store, and nothing is left to flush into it: exit at once, so
    // that whatever supervises Paved starts it again (PGlite recovers its data folder at start,
    // as PostgreSQL does after a crash; interrupted scaffolder tasks are marked failed then).
    onStopped: (error) => {
      log.fatal({ err: error }, 'the embedded database stopped; Paved stops too');
      process.exit(1);
    },
  });
}
