/**
 * With PostgreSQL every replica follows the change feed, its own writes included. An entity
 * deleted and registered again (a new uid) must not be dropped when the old tombstone is read
 * after the new entity was served.
 */
import { describe, expect, it } from 'vitest';
import { postgresSkipReason } from '../src/testing/databases.ts';
import { startForTest, treeForTest } from './fixtures/ingestion/harness.ts';

const TEAM = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: feed-team
spec:
  type: team
  children: []
`;

describe.skipIf(postgresSkipReason)('the change feed (postgres)', () => {
  it('keeps serving an entity registered again after a delete, once the feed has caught up', async () => {
    const tree = await treeForTest({ 'team.yaml': TEAM });
    const paved = await startForTest(tree, { store: 'postgres', catalog: [] });
    const target = tree.path('team.yaml');
    const first = await paved.post('/api/catalog/locations', { type: 'file', target });
    await paved.settle();
    const before = await paved.get('/api/catalog/entities/by-name/group/default/feed-team');
    expect(before.status).toBe(200);
    // Delete and register again within one poll of the feed (every second).
    expect((await paved.del(`/api/catalog/locations/${first.body.location.id}`)).status).toBe(204);
    await paved.post('/api/catalog/locations', { type: 'file', target });
    await paved.settle();
    const again = await paved.get('/api/catalog/entities/by-name/group/default/feed-team');
    expect(again.status).toBe(200);
    expect(again.body.metadata.uid).not.toBe(before.body.metadata.uid);
    // The feed is read at least twice meanwhile: the old tombstone must not drop the new entity.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await paved.get('/api/catalog/entities/by-name/group/default/feed-team')).status).toBe(200);
  });
});
