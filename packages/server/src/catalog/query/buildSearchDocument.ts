import { InputError } from '@paved/model';

/**
 * The flattened key/value rows of one entity that filtering, ordering, facets and full text work
 * on: Backstage's `search` table rows for that entity (catalog.md §5.5), as three parallel arrays
 * so that 100,000 of them stay cheap to build and hand over.
 */
export interface SearchDocument {
  /** Lower-cased dotted keys, one per row. */
  readonly keys: string[];
  /** Lower-cased values; null for null/undefined and for values longer than 200 characters. */
  readonly values: (string | null)[];
  /** The value before lower-casing (what facets report); null where `values` is null. */
  readonly originals: (string | null)[];
}

/** The parts of an entity the search rows need; any catalog entity satisfies it. */
export interface SearchableEntity {
  readonly metadata: { readonly name?: unknown; readonly namespace?: unknown; readonly uid?: unknown };
  readonly relations?: readonly { readonly type: string; readonly targetRef: string }[];
}

export const MAX_SEARCH_KEY_LENGTH = 200;
export const MAX_SEARCH_VALUE_LENGTH = 200;
const DEFAULT_NAMESPACE = 'default';
const NULL_SENTINEL = '\u0001';
/**
 * Rows of one key beyond which its values are de-duplicated through a set, not by comparing with
 * each row: a Location listing every file of a large catalog (55,741 `spec.targets` in the 100k
 * benchmark catalog), or a Group with 10,000 members, has that many rows of one key, and comparing
 * each with all before took 5.5 s of the main thread for that Location, every time it was stitched.
 */
const SCAN_LIMIT = 16;

// Skipped by the generic traversal: either not indexed at all, or added explicitly below.
const SPECIAL_KEYS = new Set([
  'attachments',
  'relations',
  'status',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.etag',
]);

/**
 * A dotted path seen in some entity, with its lower-cased form. Paths are shared between
 * entities (most have the same shape), which spares building and lower-casing the same strings
 * for every entity and hands the index the same string objects, whose hashes V8 has cached.
 */
interface PathNode {
  readonly raw: string;
  readonly lower: string;
  readonly special: boolean;
  children: Map<string, PathNode> | undefined;
}

const MAX_SHARED_PATHS = 50_000;
let sharedPaths = 0;
const root: PathNode = { raw: '', lower: '', special: false, children: undefined };

function child(parent: PathNode, key: string): PathNode {
  const known = parent.children?.get(key);
  if (known) return known;
  const raw = parent.raw ? `${parent.raw}.${key}` : key;
  const node: PathNode = {
    raw,
    lower: raw.toLowerCase(),
    special: SPECIAL_KEYS.has(raw),
    children: undefined,
  };
  if (sharedPaths < MAX_SHARED_PATHS) {
    sharedPaths++;
    if (!parent.children) parent.children = new Map();
    parent.children.set(key, node);
  }
  return node;
}

/** Rows of one document under construction, de-duplicated per key as they are added. */
class RowCollector {
  readonly keys: string[] = [];
  readonly values: (string | null)[] = [];
  readonly originals: (string | null)[] = [];
  /**
   * Lower-cased key → the raw key first seen and the rows of that key; past SCAN_LIMIT rows,
   * the values of those rows (null as NULL_SENTINEL) instead.
   */
  private readonly byKey = new Map<
    string,
    { raw: string; rows: number[] | number; others?: Set<string>; seen?: Set<string> }
  >();
  private collisions: string[] | undefined;

  add(rawKey: string, lowerKey: string, raw: unknown): void {
    let entry = this.byKey.get(lowerKey);
    if (entry && entry.raw !== rawKey && !entry.others?.has(rawKey)) {
      // Keys that differ only in case: reported once per extra spelling, as Backstage does.
      if (!entry.others) entry.others = new Set();
      entry.others.add(rawKey);
      if (!this.collisions) this.collisions = [];
      this.collisions.push(lowerKey);
    }
    if (lowerKey.length > MAX_SEARCH_KEY_LENGTH) {
      if (!entry) this.byKey.set(lowerKey, { raw: rawKey, rows: [] });
      return;
    }
    let value: string | null = null;
    let original: string | null = null;
    if (raw !== undefined && raw !== null) {
      const text = typeof raw === 'string' ? raw : String(raw);
      const lower = text.toLowerCase();
      if (lower.length <= MAX_SEARCH_VALUE_LENGTH) {
        value = lower;
        original = text;
      }
    }
    if (!entry) {
      entry = { raw: rawKey, rows: this.keys.length };
      this.byKey.set(lowerKey, entry);
    } else {
      // Backstage de-duplicates on (key, value), null written as U+0001, keeping the first row.
      const probe = value ?? NULL_SENTINEL;
      if (entry.seen) {
        if (entry.seen.has(probe)) return;
        entry.seen.add(probe);
      } else {
        const rows = typeof entry.rows === 'number' ? [entry.rows] : entry.rows;
        for (const r of rows) if ((this.values[r] ?? NULL_SENTINEL) === probe) return;
        if (rows.length < SCAN_LIMIT) {
          rows.push(this.keys.length);
          entry.rows = rows;
        } else {
          entry.seen = new Set(rows.map((r) => this.values[r] ?? NULL_SENTINEL));
          entry.seen.add(probe);
        }
      }
    }
    this.keys.push(lowerKey);
    this.values.push(value);
    this.originals.push(original);
  }

  finish(): SearchDocument {
    if (this.collisions) {
      throw new InputError(
        `Entity has duplicate keys that vary only in casing, '${this.collisions.join("', '")}'`,
      );
    }
    return { keys: this.keys, values: this.values, originals: this.originals };
  }
}

/**
 * Flattens an entity exactly as Backstage's `buildEntitySearch` does: dotted lower-cased keys,
 * arrays descended with the same path plus a `<path>.<item>` = `true` row per string item,
 * `String(v)` lower-cased values, explicit name/namespace/uid/relations rows, the 200-character
 * limits, and de-duplication on (key, value) keeping the first row.
 *
 * @throws InputError when two keys differ only in case (Backstage then fails the stitch).
 */
export function buildSearchDocument(entity: SearchableEntity): SearchDocument {
  const rows = new RowCollector();
  const seenItemKeys = new Set<string>();

  const visit = (path: PathNode, current: unknown): void => {
    if (path.special) return;
    if (
      current === undefined ||
      current === null ||
      typeof current === 'string' ||
      typeof current === 'number' ||
      typeof current === 'boolean'
    ) {
      rows.add(path.raw, path.lower, current);
      return;
    }
    if (typeof current !== 'object') return;
    if (Array.isArray(current)) {
      for (const item of current) {
        visit(path, item);
        if (typeof item === 'string') {
          const itemKey = `${path.raw}.${item}`;
          const lower = itemKey.toLowerCase();
          if (!seenItemKeys.has(lower)) {
            seenItemKeys.add(lower);
            rows.add(itemKey, lower, true);
          }
        }
      }
      return;
    }
    for (const key of Object.keys(current)) {
      visit(child(path, key), (current as Record<string, unknown>)[key]);
    }
  };
  visit(root, entity);

  const { metadata } = entity;
  rows.add('metadata.name', 'metadata.name', metadata.name);
  rows.add('metadata.namespace', 'metadata.namespace', metadata.namespace);
  rows.add('metadata.uid', 'metadata.uid', metadata.uid);
  if (!metadata.namespace) rows.add('metadata.namespace', 'metadata.namespace', DEFAULT_NAMESPACE);
  for (const relation of entity.relations ?? []) {
    const rawKey = `relations.${relation.type}`;
    rows.add(rawKey, rawKey.toLowerCase(), relation.targetRef);
  }
  return rows.finish();
}
