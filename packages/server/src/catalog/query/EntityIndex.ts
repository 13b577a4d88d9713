import { hasBit } from './bitset.ts';
import type { EntityFilter } from './entityFilter.ts';
import { evaluateFilter } from './evaluateFilter.ts';
import { type FacetsRequest, type FacetsResult, facets } from './facets.ts';
import { IndexCore, type IndexedEntity } from './indexCore.ts';
import { type ListEntitiesRequest, type ListEntitiesResult, listEntities } from './listEntities.ts';
import { type QueryEntitiesRequest, type QueryEntitiesResult, queryEntities } from './queryEntities.ts';

export interface EntityIndexStats {
  readonly entities: number;
  readonly keys: number;
  readonly terms: number;
  readonly rows: number;
}

/**
 * The catalog's read side: an in-memory inverted index over the search rows of every served
 * entity, answering filters, ordering, paging, facets and full text the way Backstage's catalog
 * does (catalog.md §5), and returning uids (bodies are fetched from the store by uid).
 *
 * Kept in sync by the writer: `upsert` after each committed write of an entity, `remove` after
 * each deletion. Writes cost in proportion to the entity's rows (plus a memmove of the sorted
 * orders that queries have built); caches derived from a key are rebuilt lazily after it changes.
 * Not thread-safe; all calls are synchronous.
 */
export class EntityIndex {
  private readonly core = new IndexCore();

  /** Number of entities. */
  get size(): number {
    return this.core.live;
  }

  /** Changes whenever the index does: every upsert, every remove of a known uid. */
  get version(): number {
    return this.core.changes;
  }

  /** Adds an entity, or replaces its rows and ref when its uid is known. */
  upsert(entity: IndexedEntity): void {
    this.core.upsert(entity);
  }

  /** Removes an entity; false when the uid was unknown. */
  remove(uid: string): boolean {
    return this.core.remove(uid);
  }

  has(uid: string): boolean {
    return this.core.ordinalByUid.has(uid);
  }

  /** The canonical ref of an entity. */
  refOf(uid: string): string | undefined {
    const ord = this.core.ordinalByUid.get(uid);
    return ord === undefined ? undefined : this.core.refs[ord];
  }

  queryEntities(request: QueryEntitiesRequest = {}): QueryEntitiesResult {
    return queryEntities(this.core, request);
  }

  listEntities(request: ListEntitiesRequest = {}): ListEntitiesResult {
    return listEntities(this.core, request);
  }

  facets(request: FacetsRequest): FacetsResult {
    return facets(this.core, request);
  }

  /**
   * `POST /entities/by-refs`: the uid of each ref, or null when unknown or filtered out. Refs
   * are matched verbatim against the canonical lower-cased refs, as Backstage does (§2.1).
   */
  refsToUids(refs: readonly string[], filter?: EntityFilter): (string | null)[] {
    const match = filter ? evaluateFilter(this.core, filter) : undefined;
    const uids = refs.map((ref) => {
      const ord = this.core.ordinalByRef.get(ref);
      if (ord === undefined || (match && !hasBit(match, ord))) return null;
      return this.core.uids[ord] as string;
    });
    this.core.releaseBits(match);
    return uids;
  }

  /** `GET /entities/by-name/:kind/:namespace/:name`: case-insensitive. */
  uidByName(kind: string, namespace: string, name: string): string | undefined {
    return this.uidByRef(`${kind}:${namespace}/${name}`.toLowerCase());
  }

  /** The uid of a canonical (lower-cased) ref, matched verbatim. */
  uidByRef(ref: string): string | undefined {
    const ord = this.core.ordinalByRef.get(ref);
    return ord === undefined ? undefined : this.core.uids[ord];
  }

  /** Whether an entity matches a filter (e.g. to authorise a single read). */
  matches(uid: string, filter: EntityFilter): boolean {
    const ord = this.core.ordinalByUid.get(uid);
    if (ord === undefined) return false;
    const match = evaluateFilter(this.core, filter);
    const matches = hasBit(match, ord);
    this.core.releaseBits(match);
    return matches;
  }

  stats(): EntityIndexStats {
    return {
      entities: this.core.live,
      keys: this.core.terms.keyCount,
      terms: this.core.terms.liveTermCount,
      rows: this.core.rowCount,
    };
  }
}
