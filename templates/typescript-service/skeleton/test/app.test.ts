import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type App, type Check, createApp } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
{%- if values.database %}
import { openDatabase } from '../src/database/pool.js';
{%- endif %}
{%- if values.queue %}
import { connectQueue } from '../src/queue/nats.js';
{%- endif %}

const silent = createLogger(
  { name: 'test', level: 'info' },
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  }),
);

async function start(checks: Check[] = []): Promise<{ app: App; url: string }> {
  const app = createApp({ logger: silent, metrics: createMetrics({ defaultMetrics: false }), checks, version: 'test' });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

function stop(app: App): Promise<void> {
  return new Promise((resolve) => app.server.close(() => resolve()));
}

describe('health and readiness', () => {
  let healthy: { app: App; url: string };
  let broken: { app: App; url: string };

  before(async () => {
    healthy = await start([{ name: 'dependency', run: async () => {} }]);
    broken = await start([
      {
        name: 'dependency',
        run: async () => {
          throw new Error('connection refused');
        },
      },
    ]);
  });
  after(async () => {
    await stop(healthy.app);
    await stop(broken.app);
  });

  it('answers /healthz even when a dependency is down', async () => {
    const res = await fetch(`${broken.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('is ready when every check passes', async () => {
    const res = await fetch(`${healthy.url}/readyz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', checks: { dependency: 'ok' } });
  });

  it('is not ready when a check fails, and says why', async () => {
    const res = await fetch(`${broken.url}/readyz`);
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), { status: 'unavailable', checks: { dependency: 'connection refused' } });
  });

  it('is not ready once shutdown has started', async () => {
    const { app, url } = await start();
    app.startShutdown();
    const res = await fetch(`${url}/readyz`);
    assert.equal(res.status, 503);
    await stop(app);
  });
});

describe('routes and metrics', () => {
  let server: { app: App; url: string };
  before(async () => {
    server = await start();
  });
  after(() => stop(server.app));

  it('answers the service name on /', async () => {
    const res = await fetch(`${server.url}/`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { service: '${{ values.name }}', version: 'test' });
  });

  it('answers 404 for unknown routes', async () => {
    const res = await fetch(`${server.url}/nope`);
    assert.equal(res.status, 404);
  });

  it('counts requests in Prometheus format on /metrics', async () => {
    await (await fetch(`${server.url}/`)).text();
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const body = await res.text();
    assert.match(body, /http_request_duration_seconds_count\{method="GET",route="\/",code="200"\} [1-9]/);
  });
});
{%- if values.database %}

describe('database', () => {
  it('is not ready while PostgreSQL does not answer', async () => {
    // Nothing listens on port 1: the ping fails fast instead of hanging.
    const database = openDatabase('postgres://app@127.0.0.1:1/app', silent);
    await assert.rejects(database.ping());
    await database.close();
  });
});
{%- endif %}
{%- if values.queue %}

describe('queue', () => {
  it('fails to connect when NATS does not answer', async () => {
    await assert.rejects(connectQueue('nats://127.0.0.1:1', 'test', silent));
  });
});
{%- endif %}
