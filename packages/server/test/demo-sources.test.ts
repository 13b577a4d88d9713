/**
 * The demo sources: the Acme organisation and the golden-path templates are registered on the
 * first start of an installation, each once; a source an operator removed stays removed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEMO_CATALOG, GOLDEN_PATHS_CATALOG, loadConfig } from '../src/config/config.ts';
import { startPaved } from '../src/server.ts';
import { apiClient } from './fixtures/ingestion/harness.ts';

async function startIn(dataDir: string) {
  const config = loadConfig({ port: 0, dataDir, demo: true, watch: false, workers: 0 }, {}, dataDir);
  const paved = await startPaved(config, { log: pino({ level: 'silent' }) });
  await paved.initialRead;
  await paved.settle();
  return paved;
}

describe('demo sources', () => {
  it('registers the demo organisation and the golden paths once, and never brings back a removed one', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'paved-demo-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));

    const first = await startIn(dataDir);
    let api = apiClient(first.url);
    const templates = await api.get('/api/catalog/entities?filter=kind=template&fields=metadata.name');
    expect(templates.body.map((e: { metadata: { name: string } }) => e.metadata.name).sort()).toEqual([
      'go-service',
      'hello-service',
      'typescript-service',
    ]);
    const locations = (await api.get('/api/catalog/locations')).body.map(
      (l: { data: { id: string; target: string } }) => l.data,
    );
    const targets = locations.map((l: { target: string }) => l.target);
    expect(targets).toEqual(expect.arrayContaining([DEMO_CATALOG, GOLDEN_PATHS_CATALOG]));
    const golden = locations.find((l: { target: string }) => l.target === GOLDEN_PATHS_CATALOG);
    expect((await api.del(`/api/catalog/locations/${golden.id}`)).status).toBe(204);
    await first.close();

    const second = await startIn(dataDir);
    onTestFinished(() => second.close());
    api = apiClient(second.url);
    const after = (await api.get('/api/catalog/locations')).body.map(
      (l: { data: { target: string } }) => l.data.target,
    );
    expect(after.filter((t: string) => t === DEMO_CATALOG)).toHaveLength(1);
    expect(after).not.toContain(GOLDEN_PATHS_CATALOG);
    const names = (await api.get('/api/catalog/entities?filter=kind=template&fields=metadata.name')).body.map(
      (e: { metadata: { name: string } }) => e.metadata.name,
    );
    expect(names).toEqual(['hello-service']);
  });
});
