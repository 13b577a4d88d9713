import autocannon from 'autocannon';
import type { GeneratedCatalog } from './catalog.ts';
import { loopbackUrl, requestJson } from './http.ts';
import { PEER_LATENCY, type PeerLatency } from './peer.ts';
import { type LatencySummary, round, summarizeLatencies } from './stats.ts';

/** One request measured under load. */
export interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** p99 at concurrency 1 that meets the goal. */
  goalP99Ms: number;
  /** Why the (parsed JSON) answer is unfit to measure, or undefined if it is fine. */
  unfit(json: unknown): string | undefined;
}

interface Page {
  items?: unknown;
}
type Entity = { kind?: string; metadata?: { name?: string }; spec?: { type?: string } } | null;

function items(json: unknown): Entity[] {
  const list = (json as Page | null)?.items;
  return Array.isArray(list) ? (list as Entity[]) : [];
}

function unfitPage(
  json: unknown,
  limit: number,
  accept: (e: NonNullable<Entity>) => boolean,
): string | undefined {
  const page = items(json);
  if (page.length === 0) return 'no items';
  if (page.length > limit) return `${page.length} items, more than limit=${limit}`;
  const wrong = page.find((e) => !e || !accept(e));
  return wrong ? `an item does not match the filter: ${JSON.stringify(wrong).slice(0, 200)}` : undefined;
}

const isComponent = (e: NonNullable<Entity>) => e.kind?.toLowerCase() === 'component';

/** The six requests of the benchmark, against the generated catalog. */
export function catalogEndpoints(catalog: GeneratedCatalog): Endpoint[] {
  const refs = catalog.components.slice(0, 100).map((name) => `component:default/${name}`);
  return [
    {
      name: 'by-name',
      method: 'GET',
      path: '/api/catalog/entities/by-name/component/default/payment-svc-0',
      goalP99Ms: 10,
      unfit: (json) =>
        (json as Entity)?.metadata?.name === 'payment-svc-0' ? undefined : 'not the entity payment-svc-0',
    },
    {
      name: 'by-query-kind',
      method: 'GET',
      path: '/api/catalog/entities/by-query?filter=kind=component&limit=20',
      goalP99Ms: 10,
      unfit: (json) => unfitPage(json, 20, isComponent),
    },
    {
      name: 'by-query-kind-type',
      method: 'GET',
      path: '/api/catalog/entities/by-query?filter=kind=component,spec.type=service&limit=100',
      goalP99Ms: 10,
      unfit: (json) => unfitPage(json, 100, (e) => isComponent(e) && e.spec?.type === 'service'),
    },
    {
      name: 'facets',
      method: 'GET',
      path: '/api/catalog/entity-facets?facet=spec.type&filter=kind=component',
      goalP99Ms: 50,
      unfit: (json) => {
        const values = (json as { facets?: Record<string, { value?: string; count?: number }[]> } | null)
          ?.facets?.['spec.type'];
        return Array.isArray(values) && values.some((v) => v.value === 'service' && (v.count ?? 0) > 0)
          ? undefined
          : 'no spec.type facet with a count for "service"';
      },
    },
    {
      name: 'full-text',
      method: 'GET',
      path: '/api/catalog/entities/by-query?fullTextFilterTerm=payment&fullTextFilterFields=metadata.name&limit=20',
      goalP99Ms: 10,
      unfit: (json) => unfitPage(json, 20, (e) => e.metadata?.name?.includes('payment') ?? false),
    },
    {
      name: 'by-refs-100',
      method: 'POST',
      path: '/api/catalog/entities/by-refs',
      body: JSON.stringify({ entityRefs: refs }),
      goalP99Ms: 10,
      unfit: (json) => {
        const found = items(json);
        if (found.length !== refs.length) return `${found.length} items for ${refs.length} refs`;
        return found.every((e) => e && isComponent(e)) ? undefined : 'some refs were not found';
      },
    },
  ];
}

/** Checks that the request answers 200 with a fitting body; throws otherwise (never measure errors). */
export async function verifyEndpoint(port: number, endpoint: Endpoint): Promise<void> {
  const json = await requestJson(loopbackUrl(port, endpoint.path), {
    method: endpoint.method,
    ...(endpoint.body === undefined ? {} : { body: endpoint.body }),
  });
  const reason = endpoint.unfit(json);
  if (reason)
    throw new Error(`${endpoint.method} ${endpoint.path} answered 200 but is unfit to measure: ${reason}`);
}

export interface LoadRun extends LatencySummary {
  connections: number;
  seconds: number;
  reqPerSec: number;
}

/**
 * Runs autocannon and records every response time itself: autocannon's own histogram keeps
 * whole milliseconds, too coarse for sub-millisecond requests. Any non-2xx answer or
 * connection error fails the run.
 */
export function load(
  port: number,
  endpoint: Endpoint,
  connections: number,
  seconds: number,
): Promise<LoadRun> {
  const latencies: number[] = [];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: loopbackUrl(port, endpoint.path),
        method: endpoint.method,
        connections,
        duration: seconds,
        ...(endpoint.body === undefined
          ? {}
          : { body: endpoint.body, headers: { 'content-type': 'application/json' } }),
      },
      (error, result) => {
        const elapsed = (performance.now() - started) / 1000;
        if (error) return reject(error);
        if (result.non2xx > 0 || result.errors > 0 || latencies.length === 0) {
          return reject(
            new Error(
              `${endpoint.method} ${endpoint.path} at concurrency ${connections}: ${result.non2xx} non-2xx ` +
                `answers, ${result.errors} errors (${result.timeouts} timeouts) of ${result.requests.total}; ` +
                `status codes ${JSON.stringify(result.statusCodeStats ?? {})}`,
            ),
          );
        }
        resolve({
          connections,
          seconds: round(elapsed, 2),
          reqPerSec: round(latencies.length / elapsed, 1),
          ...summarizeLatencies(latencies),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

export interface EndpointResult {
  request: string;
  concurrency1: LoadRun;
  concurrency16: LoadRun;
  goalP99Ms: number;
  peer: PeerLatency | null;
  /** Ours divided by the peer's best figure (p99: lower is better; reqPerSec: higher is better). */
  vsPeer: { p50: number; p99: number; reqPerSec: number } | null;
}

export async function measureEndpoint(
  port: number,
  endpoint: Endpoint,
  durationSeconds: number,
  warmupSeconds: number,
): Promise<EndpointResult> {
  await verifyEndpoint(port, endpoint);
  const runs: LoadRun[] = [];
  for (const connections of [1, 16]) {
    if (warmupSeconds > 0) await load(port, endpoint, connections, warmupSeconds);
    runs.push(await load(port, endpoint, connections, durationSeconds));
  }
  const [c1, c16] = runs as [LoadRun, LoadRun];
  const peer = PEER_LATENCY[endpoint.name] ?? null;
  return {
    request: `${endpoint.method} ${endpoint.path}${endpoint.body === undefined ? '' : ' (100 component refs)'}`,
    concurrency1: c1,
    concurrency16: c16,
    goalP99Ms: endpoint.goalP99Ms,
    peer,
    vsPeer: peer && {
      p50: round(c1.p50Ms / peer.p50Ms[0], 3),
      p99: round(c1.p99Ms / peer.p99Ms[0], 3),
      reqPerSec: round(c1.reqPerSec / peer.reqPerSec[1], 2),
    },
  };
}
