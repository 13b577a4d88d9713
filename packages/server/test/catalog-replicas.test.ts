/**
 * Two replicas sharing one PostgreSQL: what one of them writes reaches the other through the
 * change feed (catalog_served, catalog_tombstones), with the same uid and etag, within seconds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { startPaved } from '../src/server.ts';
import { openPostgresDatabase } from '../src/store/index.ts';
import { postgresSkipReason, TEST_POSTGRES_URL } from '../src/testing/databases.ts';
import { apiClient, startForTest, treeForTest } from './fixtures/ingestion/harness.ts';

const team = (description: string) => `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: replica-team
  description: ${description}
spec:
  type: team
  children: []
`;

const BY_NAME = '/api/catalog/entities/by-name/group/default/replica-team';

/** Polls `probe` every 100 ms until it holds, for at most 10 s (the feed is read every second). */
async function eventually(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`the other replica never showed ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(postgresSkipReason)('two replicas on one PostgreSQL', () => {
  it('serves what the other wrote, changed and deleted, with its uid and etag', async () => {
    const tree = await treeForTest({ 'team.yaml': team('First') });
    const writer = await startForTest(tree, { store: 'postgres', catalog: [] });
    // The second replica opens the writer's database with a pool of its own.
    const { rows } = await writer.db.query<{ name: string }>('SELECT current_database() AS name');
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${rows[0]!.name}`;
    const db = await openPostgresDatabase(url.toString(), { maxConnections: 2 });
    const dataDir = await mkdtemp(join(tmpdir(), 'paved-replica-'));
    const config = loadConfig(
      { port: 0, dataDir: join(dataDir, 'data'), catalog: [], demo: false, watch: false, workers: 0 },
      {},
      tree.dir,
    );
    const reader = await startPaved(config, { db, log: pino({ level: 'silent' }) });
    onTestFinished(async () => {
      await reader.close();
      await db.close().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    });
    const other = apiClient(reader.url);
    expect((await other.get(BY_NAME)).status).toBe(404);

    const created = await writer.post('/api/catalog/locations', {
      type: 'file',
      target: tree.path('team.yaml'),
    });
    expect(created.status).toBe(201);
    await writer.settle();
    const first = (await writer.get(BY_NAME)).body;
    await eventually('the new entity', async () => (await other.get(BY_NAME)).status === 200);
    const seen = (await other.get(BY_NAME)).body;
    expect(seen.metadata.uid).toBe(first.metadata.uid);
    expect(seen.metadata.etag).toBe(first.metadata.etag);

    await tree.write('team.yaml', team('Second'));
    expect(
      (await writer.post('/api/catalog/refresh', { entityRef: 'group:default/replica-team' })).status,
    ).toBe(200);
    const second = (await writer.get(BY_NAME)).body;
    expect(second.metadata.description).toBe('Second');
    expect(second.metadata.etag).not.toBe(first.metadata.etag);
    await eventually(
      'the edit',
      async () => (await other.get(BY_NAME)).body?.metadata?.etag === second.metadata.etag,
    );
    expect((await other.get(BY_NAME)).body.metadata.description).toBe('Second');

    expect((await writer.del(`/api/catalog/locations/${created.body.location.id}`)).status).toBe(204);
    await eventually('the deletion', async () => (await other.get(BY_NAME)).status === 404);
  });
});
