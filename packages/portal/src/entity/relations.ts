import type { EntityRelation } from '@paved/client';

/**
 * The relation types the built-in kinds emit, as [drawn, reverse] pairs. The catalog stores both
 * directions of every relation; the graph draws only the first of each pair so an edge is not
 * drawn twice. The drawn direction reads as a sentence from the entity that depends on the
 * other one ("checkout-service owned by checkout-team"), except parentOf, which lets a team tree
 * flow from the top. Mirrors RELATION_RULES in @paved/model, which the portal does not load.
 */
export const RELATION_PAIRS: readonly (readonly [drawn: string, reverse: string])[] = [
  ['ownedBy', 'ownerOf'],
  ['partOf', 'hasPart'],
  ['providesApi', 'apiProvidedBy'],
  ['consumesApi', 'apiConsumedBy'],
  ['dependsOn', 'dependencyOf'],
  ['memberOf', 'hasMember'],
  ['parentOf', 'childOf'],
];

const LABELS: Record<string, string> = {
  ownedBy: 'Owned by',
  ownerOf: 'Owner of',
  partOf: 'Part of',
  hasPart: 'Has part',
  providesApi: 'Provides API',
  apiProvidedBy: 'API provided by',
  consumesApi: 'Consumes API',
  apiConsumedBy: 'API consumed by',
  dependsOn: 'Depends on',
  dependencyOf: 'Dependency of',
  memberOf: 'Member of',
  hasMember: 'Has member',
  parentOf: 'Parent of',
  childOf: 'Child of',
};

/** Known types in the order lists show them: both directions of each pair together. */
const ORDER: readonly string[] = RELATION_PAIRS.flat();

/** "Owned by" for `ownedBy`; a type the portal does not know is shown as written. */
export function relationLabel(type: string): string {
  return LABELS[type] ?? type;
}

/** Sorts relation types: known ones in pair order, then the rest alphabetically. */
export function compareRelationTypes(a: string, b: string): number {
  const ia = ORDER.indexOf(a);
  const ib = ORDER.indexOf(b);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? ORDER.length : ia) - (ib === -1 ? ORDER.length : ib);
  return a.localeCompare(b);
}

/**
 * The relation seen from the side the graph draws: `ownerOf` from a group to a component becomes
 * `ownedBy` from the component to the group. Types outside the known pairs are kept as they are.
 */
export function drawnRelation(
  sourceRef: string,
  relation: EntityRelation,
): { source: string; target: string; type: string } {
  for (const [drawn, reverse] of RELATION_PAIRS) {
    if (relation.type === reverse) return { source: relation.targetRef, target: sourceRef, type: drawn };
    if (relation.type === drawn) break;
  }
  return { source: sourceRef, target: relation.targetRef, type: relation.type };
}

export interface RelationGroup {
  type: string;
  label: string;
  /** Target refs, sorted, without duplicates. */
  targetRefs: string[];
}

/** An entity's relations grouped by type, for the lists on the overview. */
export function groupRelations(relations: readonly EntityRelation[] = []): RelationGroup[] {
  const byType = new Map<string, Set<string>>();
  for (const relation of relations) {
    let targets = byType.get(relation.type);
    if (!targets) {
      targets = new Set();
      byType.set(relation.type, targets);
    }
    targets.add(relation.targetRef);
  }
  return [...byType.entries()]
    .sort(([a], [b]) => compareRelationTypes(a, b))
    .map(([type, targets]) => ({ type, label: relationLabel(type), targetRefs: [...targets].sort() }));
}
