import { compareRelationTypes, drawnRelation } from '../relations.ts';
import { type GraphEntity, type Neighbourhood, refKey } from './neighbourhood.ts';

/** One drawn relation between two entities of the neighbourhood (ends are ref keys). */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  type: string;
}

export interface GraphNode {
  key: string;
  entity: GraphEntity;
  /** Hops from the centre over the shown relation types. */
  hop: number;
  centre: boolean;
}

export interface VisibleGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * Every relation between two entities of the neighbourhood, each drawn once: both directions of a
 * pair (`ownedBy`/`ownerOf`) come out as the same edge.
 */
export function graphEdges(neighbourhood: Neighbourhood): GraphEdge[] {
  const edges = new Map<string, GraphEdge>();
  for (const [key, entity] of neighbourhood.entities) {
    for (const relation of entity.relations) {
      const drawn = drawnRelation(key, { type: relation.type, targetRef: refKey(relation.targetRef) });
      if (!neighbourhood.entities.has(drawn.source) || !neighbourhood.entities.has(drawn.target)) continue;
      if (drawn.source === drawn.target) continue;
      const id = `${drawn.type}:${drawn.source}->${drawn.target}`;
      if (!edges.has(id)) edges.set(id, { id, ...drawn });
    }
  }
  return [...edges.values()];
}

/** The relation types among `edges`, in the order the filter lists them. */
export function relationTypesOf(edges: readonly GraphEdge[]): string[] {
  return [...new Set(edges.map((e) => e.type))].sort(compareRelationTypes);
}

/**
 * What the graph shows: the entities reachable from the centre within `hops` over relations of
 * the types not hidden (in either direction), and the relations of those types that touch an
 * entity nearer than `hops` (with one hop: the relations of the centre).
 */
export function visibleGraph(
  neighbourhood: Neighbourhood,
  edges: readonly GraphEdge[],
  options: { hops: number; hiddenTypes: ReadonlySet<string> },
): VisibleGraph {
  const shown = edges.filter((e) => !options.hiddenTypes.has(e.type));
  const adjacent = new Map<string, string[]>();
  for (const edge of shown) {
    adjacent.set(edge.source, [...(adjacent.get(edge.source) ?? []), edge.target]);
    adjacent.set(edge.target, [...(adjacent.get(edge.target) ?? []), edge.source]);
  }
  const depth = new Map([[neighbourhood.centreKey, 0]]);
  let frontier = [neighbourhood.centreKey];
  for (let hop = 1; hop <= options.hops; hop++) {
    const next: string[] = [];
    for (const key of frontier) {
      for (const neighbour of adjacent.get(key) ?? []) {
        if (depth.has(neighbour)) continue;
        depth.set(neighbour, hop);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  const nodes: GraphNode[] = [];
  for (const [key, hop] of depth) {
    const entity = neighbourhood.entities.get(key);
    if (entity) nodes.push({ key, entity, hop, centre: key === neighbourhood.centreKey });
  }
  // Only edges the walk went along or saw from inside: two outermost nodes may well be related
  // too, but drawing that would tangle the picture with relations of neither hop's concern.
  const inside = (key: string) => (depth.get(key) ?? options.hops) < options.hops;
  return {
    nodes,
    edges: shown.filter(
      (e) => depth.has(e.source) && depth.has(e.target) && (inside(e.source) || inside(e.target)),
    ),
  };
}
