import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/** One dependency readiness depends on (a database, a queue). */
export interface Check {
  name: string;
  run(): Promise<void>;
}

export interface AppOptions {
  logger: Logger;
  metrics: Metrics;
  checks?: Check[];
  version?: string;
  /** How long one readiness check may take. */
  checkTimeoutMs?: number;
}

export interface App {
  server: Server;
  /** Makes readiness fail, so that load balancers stop sending traffic. */
  startShutdown(): void;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Probes and scrapes: neither traced nor logged, they would drown the real traffic. */
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createApp(options: AppOptions): App {
  const { logger, metrics, checks = [], version = 'dev', checkTimeoutMs = 2000 } = options;
  const tracer = trace.getTracer('${{ values.name }}', version);
  let shuttingDown = false;

  const routes: Record<string, Handler> = {
    '/': (_req, res) => json(res, 200, { service: '${{ values.name }}', version }),
    // Liveness never looks at dependencies: a database outage must not restart every pod.
    '/healthz': (_req, res) => json(res, 200, { status: 'ok' }),
    '/readyz': async (_req, res) => {
      if (shuttingDown) return json(res, 503, { status: 'shutting down' });
      const results: Record<string, string> = {};
      let ready = true;
      for (const check of checks) {
        try {
          await withTimeout(check.run(), checkTimeoutMs);
          results[check.name] = 'ok';
        } catch (error) {
          ready = false;
          results[check.name] = (error as Error).message;
          logger.warn({ check: check.name, err: error }, 'readiness check failed');
        }
      }
      json(res, ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable', checks: results });
    },
    '/metrics': async (_req, res) => {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(body);
    },
  };

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = method === 'GET' ? routes[path] : undefined;
    const route = handler ? path : 'unmatched';
    const quiet = QUIET.has(path);
    const parent = propagation.extract(context.active(), req.headers);
    const span = quiet
      ? undefined
      : tracer.startSpan(
          `${method} ${route}`,
          {
            kind: SpanKind.SERVER,
            attributes: { 'http.request.method': method, 'http.route': route, 'url.path': path },
          },
          parent,
        );
    const active = span ? trace.setSpan(parent, span) : parent;

    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requestDuration.observe({ method, route, code: String(res.statusCode) }, seconds);
      if (span) {
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
      if (!quiet) {
        context.with(active, () =>
          logger.info(
            { method, path, status: res.statusCode, duration_ms: Math.round(seconds * 1000) },
            'request',
          ),
        );
      }
    });

    context.with(active, () => {
      const run = async () => {
        if (!handler) return json(res, 404, { error: 'not found' });
        await handler(req, res);
      };
      run().catch((error: unknown) => {
        span?.recordException(error as Error);
        logger.error({ err: error }, 'request failed');
        if (res.headersSent) res.destroy();
        else json(res, 500, { error: 'internal error' });
      });
    });
  });
  // Longer than the usual load balancer idle timeout, so that it closes idle connections first.
  server.keepAliveTimeout = 65_000;

  return {
    server,
    startShutdown() {
      shuttingDown = true;
    },
  };
}
