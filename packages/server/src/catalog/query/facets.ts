import { InputError } from '@paved/model';
import type { EntityFilter } from './entityFilter.ts';
import { evaluateFilter } from './evaluateFilter.ts';
import type { IndexCore } from './indexCore.ts';

export interface FacetsRequest {
  /** Facet keys as the caller wrote them; matched lower-cased, echoed as given. */
  readonly facets: readonly string[];
  readonly filter?: EntityFilter;
}

export interface FacetValue {
  readonly value: string;
  readonly count: number;
}

export interface FacetsResult {
  readonly facets: Record<string, FacetValue[]>;
}

/**
 * `GET|POST /entity-facets` (§5.8): per facet, the original-case values of the matching entities
 * with their counts, ordered by value; array fields count each element, null values and values
 * over 200 characters are left out. Empty facet names are ignored, as Backstage does.
 *
 * @throws InputError when no non-empty facet is given.
 */
export function facets(core: IndexCore, request: FacetsRequest): FacetsResult {
  if (!Array.isArray(request.facets) || request.facets.some((f) => typeof f !== 'string')) {
    throw new InputError('Invalid facets, expected a list of strings');
  }
  if (!request.facets.some((f) => f.length > 0)) throw new InputError('Missing or empty facets parameter');
  const match = request.filter ? evaluateFilter(core, request.filter) : undefined;
  // A null prototype: a facet named "__proto__" must be an ordinary key of the response.
  const result: Record<string, FacetValue[]> = Object.create(null);
  const computed = new Map<string, FacetValue[]>();
  for (const facet of request.facets) {
    if (!facet) continue;
    const name = facet.toLowerCase();
    let values = computed.get(name);
    if (!values) {
      values = countValues(core, name, match);
      computed.set(name, values);
    }
    result[facet] = values.map((v) => ({ ...v }));
  }
  core.releaseBits(match);
  return { facets: result };
}

function countValues(core: IndexCore, name: string, match: Uint32Array | undefined): FacetValue[] {
  const key = core.terms.key(name);
  if (!key) return [];
  const values: FacetValue[] = [];
  core.terms.forEachValueTerm(key, (t) => {
    core.terms.originalCounts(t, match, (value, count) => values.push({ value, count }));
  });
  return values.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
