import { type Entity, type EntityRelation, formatEntityRef, parseRef } from '@paved/client';
import { compareRelationTypes } from '../relations.ts';

/** What the graph knows of one entity: enough for a node and its outgoing relations. */
export interface GraphEntity {
  ref: string;
  kind: string;
  name: string;
  namespace: string;
  title?: string | undefined;
  type?: string | undefined;
  /** Named by a relation but not in the catalog (a dangling reference). */
  missing: boolean;
  relations: EntityRelation[];
}

/**
 * The key of a ref in the graph's maps. Refs are case-insensitive in the catalog, and a relation
 * may spell a name differently than the entity it points to.
 */
export function refKey(ref: string): string {
  return ref.toLowerCase();
}

/** The entities around a centre, hop by hop, as fetched. Maps are keyed by {@link refKey}. */
export interface Neighbourhood {
  centreKey: string;
  entities: Map<string, GraphEntity>;
  /** How many hops each entity is from the centre (0 for the centre). */
  hops: Map<string, number>;
  /** How many distinct entities the fetched hops name in all, including those left out by the cap. */
  found: number;
  /** Whether some were left out because of the cap. */
  capped: boolean;
}

/** The fields a graph node needs, asked of `POST /entities/by-refs`. */
export const GRAPH_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.type',
  'relations',
];

export function toGraphEntity(entity: Entity): GraphEntity {
  const type = entity.spec?.type;
  return {
    ref: formatEntityRef(entity),
    kind: entity.kind,
    name: entity.metadata.name,
    namespace: entity.metadata.namespace ?? 'default',
    title: entity.metadata.title,
    type: typeof type === 'string' ? type : undefined,
    missing: false,
    relations: entity.relations ?? [],
  };
}

/** A node for a ref that by-refs did not find, so a dangling relation still shows. */
export function missingEntity(ref: string): GraphEntity {
  const { kind, namespace, name } = parseRef(ref);
  return { ref, kind, namespace, name, missing: true, relations: [] };
}

/**
 * Refs that `frontier` relates to and that are not yet `known`, in a stable order: by relation
 * type (owner and system first), then by ref. The order decides who is left out under the cap.
 */
export function nextRefs(frontier: readonly GraphEntity[], known: ReadonlySet<string>): string[] {
  const candidates: EntityRelation[] = [];
  for (const entity of frontier) {
    for (const relation of entity.relations) {
      if (!known.has(refKey(relation.targetRef))) candidates.push(relation);
    }
  }
  candidates.sort((a, b) => compareRelationTypes(a.type, b.type) || a.targetRef.localeCompare(b.targetRef));
  const byKey = new Map<string, string>();
  for (const { targetRef } of candidates) {
    if (!byKey.has(refKey(targetRef))) byKey.set(refKey(targetRef), targetRef);
  }
  return [...byKey.values()];
}

export interface LoadNeighbourhoodOptions {
  centre: Entity;
  /** 1 or 2: how far from the centre to go. */
  hops: number;
  /** The most entities to show, the centre included. */
  cap: number;
  /** `client.getEntitiesByRefs` with {@link GRAPH_FIELDS}: one call per hop. */
  fetchByRefs: (refs: string[]) => Promise<(Entity | null)[]>;
}

/** Fetches the entities up to `hops` away from the centre, at most `cap` of them. */
export async function loadNeighbourhood(options: LoadNeighbourhoodOptions): Promise<Neighbourhood> {
  const centre = toGraphEntity(options.centre);
  const entities = new Map([[refKey(centre.ref), centre]]);
  const hops = new Map([[refKey(centre.ref), 0]]);
  let found = 1;
  let capped = false;
  let frontier = [centre];
  for (let hop = 1; hop <= options.hops && frontier.length > 0; hop++) {
    const wanted = nextRefs(frontier, new Set(entities.keys()));
    found += wanted.length;
    const room = Math.max(0, options.cap - entities.size);
    if (wanted.length > room) capped = true;
    const refs = wanted.slice(0, room);
    if (refs.length === 0) break;
    const items = await options.fetchByRefs(refs);
    frontier = refs.map((ref, i) => {
      const item = items[i];
      return item ? toGraphEntity(item) : missingEntity(ref);
    });
    for (const entity of frontier) {
      entities.set(refKey(entity.ref), entity);
      hops.set(refKey(entity.ref), hop);
    }
  }
  return { centreKey: refKey(centre.ref), entities, hops, found, capped };
}
