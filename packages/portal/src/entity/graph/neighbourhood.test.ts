import type { Entity, EntityRelation } from '@paved/client';
import { describe, expect, it } from 'vitest';
import { loadNeighbourhood, nextRefs, toGraphEntity } from './neighbourhood.ts';
import { graphEdges, relationTypesOf, visibleGraph } from './visibleGraph.ts';

function entity(ref: string, relations: [type: string, target: string][] = [], type?: string): Entity {
  const [kind = '', rest = ''] = ref.split(':');
  const [namespace = '', name = ''] = rest.split('/');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: kind === 'api' ? 'API' : kind.charAt(0).toUpperCase() + kind.slice(1),
    metadata: { name, namespace },
    ...(type ? { spec: { type } } : {}),
    relations: relations.map(([t, targetRef]): EntityRelation => ({ type: t, targetRef })),
  };
}

/**
 * A small catalog with both directions of every relation, as the catalog stores them:
 * team owns checkout and payments; checkout is part of shop, provides checkout-api and depends on
 * payments and on a database that is not in the catalog.
 */
const CATALOG = [
  entity('group:default/team', [
    ['ownerOf', 'component:default/checkout'],
    ['ownerOf', 'component:default/payments'],
  ]),
  entity(
    'component:default/checkout',
    [
      ['ownedBy', 'group:default/team'],
      ['partOf', 'system:default/shop'],
      ['providesApi', 'api:default/checkout-api'],
      ['dependsOn', 'component:default/payments'],
      ['dependsOn', 'resource:default/gone-db'],
    ],
    'service',
  ),
  entity('component:default/payments', [
    ['ownedBy', 'group:default/team'],
    ['dependencyOf', 'component:default/checkout'],
  ]),
  entity('system:default/shop', [['hasPart', 'component:default/checkout']]),
  entity('api:default/checkout-api', [['apiProvidedBy', 'component:default/checkout']]),
];

function fakeByRefs(calls: string[][]) {
  return async (refs: string[]) => {
    calls.push(refs);
    return refs.map((ref) => CATALOG.find((e) => toGraphEntity(e).ref === ref.toLowerCase()) ?? null);
  };
}

function centre(ref: string): Entity {
  const found = CATALOG.find((e) => toGraphEntity(e).ref === ref);
  if (!found) throw new Error(ref);
  return found;
}

describe('loadNeighbourhood', () => {
  it('fetches the neighbours of one hop in one call, and marks refs not in the catalog as missing', async () => {
    const calls: string[][] = [];
    const n = await loadNeighbourhood({
      centre: centre('component:default/checkout'),
      hops: 1,
      cap: 150,
      fetchByRefs: fakeByRefs(calls),
    });
    expect(calls).toHaveLength(1);
    // owner first, then system, API, dependencies: the order the cap cuts by
    expect(calls[0]).toEqual([
      'group:default/team',
      'system:default/shop',
      'api:default/checkout-api',
      'component:default/payments',
      'resource:default/gone-db',
    ]);
    expect(n.entities.size).toBe(6);
    expect(n.entities.get('resource:default/gone-db')?.missing).toBe(true);
    expect(n.entities.get('component:default/checkout')?.type).toBe('service');
    expect(n.capped).toBe(false);
  });

  it('makes one call per hop for two hops, asking only for entities not yet known', async () => {
    const calls: string[][] = [];
    const n = await loadNeighbourhood({
      centre: centre('component:default/payments'),
      hops: 2,
      cap: 150,
      fetchByRefs: fakeByRefs(calls),
    });
    expect(calls).toEqual([
      ['group:default/team', 'component:default/checkout'],
      ['system:default/shop', 'api:default/checkout-api', 'resource:default/gone-db'],
    ]);
    expect(n.hops.get('system:default/shop')).toBe(2);
    expect(n.entities.size).toBe(6);
  });

  it('stops at the cap and says so', async () => {
    const calls: string[][] = [];
    const n = await loadNeighbourhood({
      centre: centre('component:default/checkout'),
      hops: 2,
      cap: 3,
      fetchByRefs: fakeByRefs(calls),
    });
    expect(calls).toEqual([['group:default/team', 'system:default/shop']]);
    expect(n.entities.size).toBe(3);
    expect(n.capped).toBe(true);
    expect(n.found).toBeGreaterThan(3);
  });

  it('matches refs case-insensitively, as the catalog does', () => {
    const frontier = [toGraphEntity(entity('component:default/a', [['ownedBy', 'group:default/Team']]))];
    expect(nextRefs(frontier, new Set(['group:default/team']))).toEqual([]);
  });
});

describe('visibleGraph', () => {
  async function checkoutGraph(hops: number) {
    const n = await loadNeighbourhood({
      centre: centre('component:default/checkout'),
      hops,
      cap: 150,
      fetchByRefs: fakeByRefs([]),
    });
    return { n, edges: graphEdges(n) };
  }

  it('draws each relation pair once, in its drawn direction', async () => {
    const { edges } = await checkoutGraph(2);
    const ids = edges.map((e) => e.id).sort();
    expect(ids).toEqual([
      'dependsOn:component:default/checkout->component:default/payments',
      'dependsOn:component:default/checkout->resource:default/gone-db',
      'ownedBy:component:default/checkout->group:default/team',
      'ownedBy:component:default/payments->group:default/team',
      'partOf:component:default/checkout->system:default/shop',
      'providesApi:component:default/checkout->api:default/checkout-api',
    ]);
    expect(relationTypesOf(edges)).toEqual(['ownedBy', 'partOf', 'providesApi', 'dependsOn']);
  });

  it('shows only what is reachable from the centre over the types not hidden', async () => {
    const { n, edges } = await checkoutGraph(2);
    const all = visibleGraph(n, edges, { hops: 2, hiddenTypes: new Set() });
    expect(all.nodes).toHaveLength(6);
    expect(all.nodes.find((node) => node.centre)?.key).toBe('component:default/checkout');

    const noDeps = visibleGraph(n, edges, { hops: 2, hiddenTypes: new Set(['dependsOn']) });
    // payments is still reached through the team it shares with checkout, gone-db is not
    expect(noDeps.nodes.map((node) => node.key).sort()).toEqual([
      'api:default/checkout-api',
      'component:default/checkout',
      'component:default/payments',
      'group:default/team',
      'system:default/shop',
    ]);
    expect(noDeps.nodes.find((node) => node.key === 'component:default/payments')?.hop).toBe(2);
    expect(noDeps.edges.every((e) => e.type !== 'dependsOn')).toBe(true);
  });

  it('limits the nodes to the hops asked for', async () => {
    const { n, edges } = await checkoutGraph(2);
    const one = visibleGraph(n, edges, { hops: 1, hiddenTypes: new Set(['dependsOn']) });
    expect(one.nodes.map((node) => node.key)).not.toContain('component:default/payments');
    expect(one.edges.map((e) => e.type).sort()).toEqual(['ownedBy', 'partOf', 'providesApi']);
  });

  it('draws only the relations of the centre with one hop, not those among its neighbours', async () => {
    const { n, edges } = await checkoutGraph(1);
    const one = visibleGraph(n, edges, { hops: 1, hiddenTypes: new Set() });
    expect(one.nodes).toHaveLength(6);
    // payments is owned by the team too, but that is a relation between two neighbours
    expect(one.edges.map((e) => e.id)).not.toContain(
      'ownedBy:component:default/payments->group:default/team',
    );
    expect(one.edges.every((e) => e.source === 'component:default/checkout')).toBe(true);
  });
});
