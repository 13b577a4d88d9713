import { InputError } from '@paved/model';
import type { OrderField } from './cursor.ts';
import { parseStringsParam } from './parseEntityFilterParams.ts';

/**
 * `orderField=<field>[,asc|desc]` of `GET /entities/by-query`. Backstage leaves the direction
 * undefined when it is omitted, and its next cursor then fails to decode; ascending is used here.
 */
export function parseOrderFieldParams(orderField: unknown): OrderField[] | undefined {
  const strings = parseStringsParam(orderField, 'orderField');
  if (!strings) return undefined;
  return strings.map((s) => {
    const [field = '', order] = s.split(',');
    if (order !== undefined && order !== 'asc' && order !== 'desc') {
      throw new InputError('Invalid order field order, must be asc or desc');
    }
    if (!field) throw new InputError(`Invalid orderField "${s}", expected "<field>,<asc or desc>"`);
    return { field, order: order ?? 'asc' };
  });
}

/** `order=asc:<field>` / `order=desc:<field>` of `GET /entities`. */
export function parseOrderParams(order: unknown): OrderField[] | undefined {
  return parseStringsParam(order, 'order')?.map((item) => {
    const match = /^(asc|desc):(.+)$/.exec(item);
    if (!match) {
      throw new InputError(`Invalid order parameter "${item}", expected "<asc or desc>:<field name>"`);
    }
    return { order: match[1] as 'asc' | 'desc', field: match[2] as string };
  });
}

/** `facet=` of `GET /entity-facets`: at least one non-empty facet. */
export function parseFacetParams(facet: unknown): string[] {
  const facets = parseStringsParam(facet, 'facet')?.filter(Boolean);
  if (!facets?.length) throw new InputError('Missing facet parameter');
  return facets;
}

/** `fullTextFilterFields=a,b` (comma-separated, possibly repeated; not trimmed, as Backstage). */
export function parseFullTextFilterFields(fields: unknown): string[] | undefined {
  const strings = parseStringsParam(fields, 'fullTextFilterFields');
  if (!strings) return undefined;
  return strings.flatMap((s) => s.split(','));
}

/** `totalItems=include|exclude`. */
export function parseTotalItemsParam(value: unknown): 'include' | 'exclude' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'include' && value !== 'exclude') {
    throw new InputError(
      `Invalid totalItems parameter "${String(value)}", expected one of: include, exclude`,
    );
  }
  return value;
}
