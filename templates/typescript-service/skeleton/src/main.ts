import { setTimeout as sleep } from 'node:timers/promises';
import { type Check, createApp } from './app.js';
import { loadConfig } from './config.js';
{%- if values.database %}
import { openDatabase } from './database/pool.js';
{%- endif %}
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
{%- if values.queue %}
import { connectQueue } from './queue/nats.js';
{%- endif %}
import { startTracing } from './telemetry.js';

const version = process.env.APP_VERSION || 'dev';
const config = loadConfig();
// Tracing first, so that everything started below is traced.
const stopTracing = startTracing(config.serviceName, version);
const logger = createLogger({ name: config.serviceName, level: config.logLevel });
const metrics = createMetrics();
const checks: Check[] = [];
const closers: Array<() => Promise<void>> = [];
{%- if values.database %}

const database = openDatabase(config.databaseUrl, logger);
checks.push({ name: 'database', run: () => database.ping() });
closers.push(() => database.close());
{%- endif %}
{%- if values.queue %}

const queue = await connectQueue(config.natsUrl, config.serviceName, logger);
checks.push({ name: 'queue', run: () => queue.ping() });
closers.push(() => queue.close());
{%- endif %}

const app = createApp({ logger, metrics, checks, version });
app.server.listen(config.port, () => logger.info({ port: config.port, version }, 'listening'));

let stopping = false;

/**
 * Graceful shutdown: readiness fails first so that the Service stops routing here, then the
 * server stops accepting connections and in-flight requests finish (bounded by
 * SHUTDOWN_TIMEOUT_MS), then connections to dependencies close and the last spans are flushed.
 */
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutdown signal received; draining');
  app.startShutdown();
  await sleep(config.shutdownDelayMs);
  const closed = new Promise<void>((resolve) => app.server.close(() => resolve()));
  app.server.closeIdleConnections();
  const timer = setTimeout(() => {
    logger.warn('requests did not finish in time; closing their connections');
    app.server.closeAllConnections();
  }, config.shutdownTimeoutMs);
  await closed;
  clearTimeout(timer);
  for (const close of closers) {
    await close().catch((error: unknown) => logger.error({ err: error }, 'closing a dependency failed'));
  }
  // The last spans get 3 s: a collector that is down must not eat the pod's grace period.
  await Promise.race([stopTracing(), sleep(3000).then(() => Promise.reject(new Error('timed out after 3 s')))]).catch(
    (error: unknown) => logger.error({ err: error }, 'flushing traces failed'),
  );
  logger.info('stopped');
  process.exit(0);
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
