/** The service's settings, read from the environment (twelve-factor style). */
export interface Config {
  /** HTTP port (PORT, default 8080). */
  port: number;
  /** The service's name in logs and traces (OTEL_SERVICE_NAME wins for traces). */
  serviceName: string;
  /** pino level: trace, debug, info, warn, error or fatal (LOG_LEVEL, default info). */
  logLevel: string;
  /** How long readiness fails before the server stops accepting connections (SHUTDOWN_DELAY_MS). */
  shutdownDelayMs: number;
  /** How long in-flight requests may take to finish (SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number;
{%- if values.database %}
  /** PostgreSQL connection string (DATABASE_URL, required). */
  databaseUrl: string;
{%- endif %}
{%- if values.queue %}
  /** NATS server (NATS_URL, default nats://localhost:4222). */
  natsUrl: string;
{%- endif %}
}

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

function integer(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const text = env[key];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${key} must be a non-negative integer, got ${JSON.stringify(text)}`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LEVELS.has(logLevel)) throw new Error(`LOG_LEVEL must be one of ${[...LEVELS].join(', ')}, got ${JSON.stringify(logLevel)}`);
{%- if values.database %}
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
{%- endif %}
  return {
    port: integer(env, 'PORT', 8080),
    serviceName: env.SERVICE_NAME || '${{ values.name }}',
    logLevel,
    shutdownDelayMs: integer(env, 'SHUTDOWN_DELAY_MS', 5000),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 20000),
{%- if values.database %}
    databaseUrl,
{%- endif %}
{%- if values.queue %}
    natsUrl: env.NATS_URL || 'nats://localhost:4222',
{%- endif %}
  };
}
