import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';

const descriptor = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: lonely
spec:
  type: service
  lifecycle: production
  owner: group:default/nobody-owns-this
  dependsOn:
    - resource:default/gone-db
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: real-team
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: owned
spec:
  type: service
  lifecycle: production
  owner: real-team
`;

describe('relations to entities that are not in the catalog', () => {
  let dir: string;
  let paved: TestPaved;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paved-dangling-'));
    await writeFile(join(dir, 'catalog-info.yaml'), descriptor);
    paved = await startTestPaved({ catalog: [join(dir, 'catalog-info.yaml')], cwd: dir });
  });

  afterAll(async () => {
    await paved.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('are allowed: the entity is served with its relations, as in Backstage', async () => {
    const { status, body } = await paved.get('/api/catalog/entities/by-name/component/default/lonely');
    expect(status).toBe(200);
    expect(body.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownedBy', targetRef: 'group:default/nobody-owns-this' },
        { type: 'dependsOn', targetRef: 'resource:default/gone-db' },
      ]),
    );
  });

  it('are reported as warnings naming the entity, the relation and the missing target', async () => {
    const { body } = await paved.get('/api/catalog/errors');
    const dangling = body.items.filter((i: { kind: string }) => i.kind === 'dangling');
    expect(dangling).toHaveLength(1);
    expect(dangling[0].entityRef).toBe('component:default/lonely');
    const messages = dangling[0].errors.map((e: { message: string }) => e.message);
    expect(messages).toEqual([
      expect.stringMatching(
        /^Relation dependsOn points at resource:default\/gone-db, which is not in the catalog/,
      ),
      expect.stringMatching(/^Relation ownedBy points at group:default\/nobody-owns-this/),
    ]);
    expect(dangling[0].errors[0].line).toBe(1);
  });

  it('do not put the source in error', async () => {
    const { body } = await paved.get('/api/catalog/sources');
    expect(body.items[0].status).toBe('ok');
  });
});
