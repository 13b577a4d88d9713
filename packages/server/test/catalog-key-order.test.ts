/**
 * Entities are served with their keys in the order their YAML wrote them, as Backstage serves
 * them. Template forms depend on it: without ui:order, fields appear in the order of
 * `properties`.
 */
import { describe, expect, it } from 'vitest';
import { storeKinds } from '../src/testing/databases.ts';
import { startForTest, treeForTest } from './fixtures/ingestion/harness.ts';

const TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: ordered
  title: Ordered
  annotations:
    zeta.example.com/last: z
    alpha.example.com/first: a
spec:
  type: service
  owner: team-a
  parameters:
    - title: Service
      properties:
        zone: { type: string }
        name: { type: string }
        description: { type: string }
        active: { type: boolean }
  steps:
    - id: log
      action: debug:log
      input: { message: hi }
`;

for (const { kind: store, skip } of storeKinds) {
  describe.skipIf(skip)(`key order (${store})`, () => {
    it('serves object keys in the order of the YAML', async () => {
      const tree = await treeForTest({ 'template.yaml': TEMPLATE });
      const paved = await startForTest(tree, { store, catalog: [tree.path('template.yaml')] });
      const { status, body } = await paved.get('/api/catalog/entities/by-name/template/default/ordered');
      expect(status).toBe(200);
      expect(Object.keys(body.spec.parameters[0].properties)).toEqual([
        'zone',
        'name',
        'description',
        'active',
      ]);
      expect(Object.keys(body.metadata.annotations).slice(0, 2)).toEqual([
        'zeta.example.com/last',
        'alpha.example.com/first',
      ]);
      expect(Object.keys(body.spec)).toEqual(['type', 'owner', 'parameters', 'steps']);

      const schema = await paved.get(
        '/api/scaffolder/v2/templates/default/template/ordered/parameter-schema',
      );
      expect(Object.keys(schema.body.steps[0].schema.properties)).toEqual([
        'zone',
        'name',
        'description',
        'active',
      ]);
    });
  });
}
