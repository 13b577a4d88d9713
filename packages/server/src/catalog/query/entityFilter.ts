/**
 * The one internal filter both request forms (GET `filter=` strings and POST predicates) are
 * parsed into. Keys and values are already lower-cased: they are compared verbatim against the
 * search rows (§5.5).
 */
export type EntityFilter =
  /** Every sub-filter matches; `[]` matches every entity. */
  | { readonly type: 'all'; readonly filters: readonly EntityFilter[] }
  /** At least one sub-filter matches; `[]` matches nothing. */
  | { readonly type: 'any'; readonly filters: readonly EntityFilter[] }
  | { readonly type: 'not'; readonly filter: EntityFilter }
  /** The entity has a row with this key, whatever its value (null included). */
  | { readonly type: 'exists'; readonly key: string }
  /** The entity has a row with this key and one of these values; `[]` matches nothing. */
  | { readonly type: 'in'; readonly key: string; readonly values: readonly string[] }
  /** The entity has a row with this key whose value starts with the prefix. */
  | { readonly type: 'prefix'; readonly key: string; readonly prefix: string };

/** The JSON predicate form Backstage's POST bodies and cursors use. */
export type FilterPredicate =
  | string
  | number
  | boolean
  | { readonly [key: string]: FilterPredicate | FilterValuePredicate | readonly FilterPredicate[] };

export type FilterValuePredicate =
  | string
  | number
  | boolean
  | { readonly $exists: boolean }
  | { readonly $in: readonly (string | number | boolean)[] }
  | { readonly $hasPrefix: string }
  | { readonly $contains: FilterPredicate };

export const matchAll: EntityFilter = { type: 'all', filters: [] };

/**
 * Writes a filter back as a predicate that `parseEntityPredicate` reads into an equivalent
 * filter; cursors carry filters in this form, as Backstage's do.
 */
export function filterToPredicate(filter: EntityFilter): FilterPredicate {
  switch (filter.type) {
    case 'all':
      return { $all: filter.filters.map(filterToPredicate) };
    case 'any':
      return { $any: filter.filters.map(filterToPredicate) };
    case 'not':
      return { $not: filterToPredicate(filter.filter) };
    case 'exists':
      return { [filter.key]: { $exists: true } };
    case 'in':
      return filter.values.length === 1
        ? { [filter.key]: filter.values[0] as string }
        : { [filter.key]: { $in: [...filter.values] } };
    case 'prefix':
      return { [filter.key]: { $hasPrefix: filter.prefix } };
  }
}
