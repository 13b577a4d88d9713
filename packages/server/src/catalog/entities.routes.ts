import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { InputError } from '@paved/model';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { sendJsonParts, sendRawJson } from '../http/raw.ts';
import { EntityRef, errorResponses } from './catalog.schema.ts';
import type { CatalogService } from './catalog.service.ts';
import {
  type EntityFilter,
  type EntityIndex,
  parseEntityFilterParams,
  parseEntityPredicate,
  parseFacetParams,
  parseFieldsParam,
  parseFullTextFilterFields,
  parseOrderFieldParams,
  parseOrderParams,
  parseTotalItemsParam,
  projectFields,
} from './query/index.ts';

const tags = ['catalog'];
/** Bodies fetched from the store per round trip when a whole list is streamed. */
const STREAM_CHUNK = 2000;

const StringOrList = Type.Union([Type.String(), Type.Array(Type.String())]);

function integer(value: unknown, name: string, min = 0): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new InputError(`Invalid ${name} "${String(value)}", expected a whole number ≥ ${min}`);
  return n;
}

function and(a: EntityFilter | undefined, b: EntityFilter | undefined): EntityFilter | undefined {
  if (!a) return b;
  if (!b) return a;
  return { type: 'all', filters: [a, b] } as EntityFilter;
}

/** A JSON list as parts to write (sendJsonParts): `open`, the items with commas between them, `close`. */
function itemParts(open: string, items: string[], close: string): string[] {
  const parts = [open];
  for (let i = 0; i < items.length; i++) {
    if (i > 0) parts.push(',');
    parts.push(items[i]!);
  }
  parts.push(close);
  return parts;
}

/** Served JSON, projected to `fields` when given (else sent exactly as stored). */
function present(json: string, fields: string[] | undefined): string {
  return fields ? JSON.stringify(projectFields(JSON.parse(json) as object, fields)) : json;
}

/** The Backstage-compatible list, query, by-refs and facet routes, answered from the in-memory index. */
export async function entityQueryRoutes(
  fastify: FastifyInstance,
  deps: { catalog: CatalogService; index: EntityIndex },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { catalog, index } = deps;

  app.get(
    '/entities',
    {
      schema: {
        tags,
        summary: 'List entities (offset paging with `after`, or the whole list streamed)',
        querystring: Type.Object({
          filter: Type.Optional(StringOrList),
          fields: Type.Optional(StringOrList),
          order: Type.Optional(StringOrList),
          offset: Type.Optional(Type.String()),
          limit: Type.Optional(Type.String()),
          after: Type.Optional(Type.String()),
        }),
        response: { 200: Type.Array(EntityRef), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const fields = parseFieldsParam(q.fields);
      const offset = integer(q.offset, 'offset');
      const limit = integer(q.limit, 'limit');
      const result = index.listEntities({
        ...(q.filter !== undefined ? { filter: parseEntityFilterParams(q.filter)! } : {}),
        ...(q.order !== undefined ? { order: parseOrderParams(q.order)! } : {}),
        ...(offset !== undefined ? { offset } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(q.after !== undefined ? { after: q.after } : {}),
      });
      if (result.nextAfter !== undefined) {
        const params = new URLSearchParams();
        for (const [key, value] of Object.entries(q)) {
          if (key === 'offset' || key === 'after' || value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
        }
        params.set('after', result.nextAfter);
        void reply.header('link', `<${request.url.split('?')[0]}?${params}>; rel="next"`);
      }
      const uids = result.uids;
      if (uids.length <= STREAM_CHUNK) {
        sendJsonParts(
          reply,
          itemParts(
            '[',
            catalog.getByUids(uids).map((b) => present(b, fields)),
            ']',
          ),
        );
        return reply;
      }
      // Large lists stream in chunks: memory stays flat whatever the catalog size.
      async function* chunks() {
        yield '[';
        let first = true;
        for (let i = 0; i < uids.length; i += STREAM_CHUNK) {
          const bodies = catalog.getByUids(uids.slice(i, i + STREAM_CHUNK));
          if (bodies.length === 0) continue;
          yield `${first ? '' : ','}${bodies.map((b) => present(b, fields)).join(',')}`;
          first = false;
        }
        yield ']';
      }
      sendRawJson(reply, Readable.from(chunks()));
      return reply;
    },
  );

  async function queryPage(
    request: {
      filter?: EntityFilter | undefined;
      orderFields?: { field: string; order: 'asc' | 'desc' }[] | undefined;
      fullTextFilter?: { term?: string; fields?: string[] } | undefined;
      limit?: number | undefined;
      offset?: number | undefined;
      cursor?: string | undefined;
      totalItems?: 'include' | 'exclude' | undefined;
    },
    fields: string[] | undefined,
  ): Promise<string[]> {
    const result = index.queryEntities({
      ...(request.filter ? { filter: request.filter } : {}),
      ...(request.orderFields ? { orderFields: request.orderFields } : {}),
      ...(request.fullTextFilter ? { fullTextFilter: request.fullTextFilter } : {}),
      ...(request.limit !== undefined ? { limit: request.limit } : {}),
      ...(request.offset !== undefined ? { offset: request.offset } : {}),
      ...(request.cursor !== undefined ? { cursor: request.cursor } : {}),
      ...(request.totalItems ? { totalItems: request.totalItems } : {}),
    });
    const close = `],"totalItems":${result.totalItems},"pageInfo":${JSON.stringify(result.pageInfo)}}`;
    return itemParts(
      '{"items":[',
      catalog.getByUids(result.uids).map((b) => present(b, fields)),
      close,
    );
  }

  const QueryResponse = Type.Object({
    items: Type.Array(EntityRef),
    totalItems: Type.Integer(),
    pageInfo: Type.Object({
      nextCursor: Type.Optional(Type.String()),
      prevCursor: Type.Optional(Type.String()),
    }),
  });

  app.get(
    '/entities/by-query',
    {
      schema: {
        tags,
        summary: 'Query entities with keyset cursors, ordering and full-text filtering',
        querystring: Type.Object({
          filter: Type.Optional(StringOrList),
          fields: Type.Optional(StringOrList),
          limit: Type.Optional(Type.String()),
          offset: Type.Optional(Type.String()),
          orderField: Type.Optional(StringOrList),
          cursor: Type.Optional(Type.String()),
          fullTextFilterTerm: Type.Optional(Type.String()),
          fullTextFilterFields: Type.Optional(StringOrList),
          totalItems: Type.Optional(Type.String()),
        }),
        response: { 200: QueryResponse, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const fullTextFields = parseFullTextFilterFields(q.fullTextFilterFields);
      const body = await queryPage(
        {
          filter: parseEntityFilterParams(q.filter),
          orderFields: parseOrderFieldParams(q.orderField)?.map((o) => ({
            field: o.field,
            order: o.order ?? 'asc',
          })),
          fullTextFilter:
            q.fullTextFilterTerm !== undefined
              ? { term: q.fullTextFilterTerm, ...(fullTextFields ? { fields: fullTextFields } : {}) }
              : undefined,
          limit: integer(q.limit, 'limit'),
          offset: integer(q.offset, 'offset'),
          cursor: q.cursor,
          totalItems: parseTotalItemsParam(q.totalItems),
        },
        parseFieldsParam(q.fields),
      );
      sendJsonParts(reply, body);
      return reply;
    },
  );

  app.post(
    '/entities/by-query',
    {
      schema: {
        tags,
        summary: 'Query entities with a predicate body',
        body: Type.Object({
          query: Type.Optional(Type.Unknown()),
          orderBy: Type.Optional(
            Type.Array(
              Type.Object({
                field: Type.String(),
                order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
              }),
            ),
          ),
          fullTextFilter: Type.Optional(
            Type.Object({ term: Type.String(), fields: Type.Optional(Type.Array(Type.String())) }),
          ),
          fields: Type.Optional(Type.Array(Type.String())),
          limit: Type.Optional(Type.Integer({ minimum: 0 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
          cursor: Type.Optional(Type.String()),
          totalItems: Type.Optional(Type.Union([Type.Literal('include'), Type.Literal('exclude')])),
        }),
        response: { 200: QueryResponse, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const body = await queryPage(
        {
          filter: b.query === undefined ? undefined : parseEntityPredicate(b.query),
          orderFields: b.orderBy?.map((o) => ({ field: o.field, order: o.order ?? 'asc' })),
          fullTextFilter: b.fullTextFilter,
          limit: b.limit,
          offset: b.offset,
          cursor: b.cursor,
          totalItems: b.totalItems,
        },
        parseFieldsParam(b.fields),
      );
      sendJsonParts(reply, body);
      return reply;
    },
  );

  app.post(
    '/entities/by-refs',
    {
      schema: {
        tags,
        summary: 'Entities by canonical refs, in order; null where absent or filtered out',
        querystring: Type.Object({
          filter: Type.Optional(StringOrList),
          fields: Type.Optional(StringOrList),
        }),
        body: Type.Object({
          entityRefs: Type.Array(Type.String(), { maxItems: 10_000 }),
          fields: Type.Optional(Type.Array(Type.String())),
          query: Type.Optional(Type.Unknown()),
        }),
        response: {
          200: Type.Object({ items: Type.Array(Type.Union([EntityRef, Type.Null()])) }),
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const filter = and(
        parseEntityFilterParams(request.query.filter),
        request.body.query === undefined ? undefined : parseEntityPredicate(request.body.query),
      );
      const fields = parseFieldsParam(request.query.fields, request.body.fields);
      const uids = index.refsToUids(request.body.entityRefs, filter);
      const items = uids.map((u) => {
        const json = u === null ? undefined : catalog.getByUid(u);
        return json === undefined ? 'null' : present(json, fields);
      });
      sendJsonParts(reply, itemParts('{"items":[', items, ']}'));
      return reply;
    },
  );

  const FacetsResponse = Type.Object({
    facets: Type.Record(
      Type.String(),
      Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() })),
    ),
  });

  app.get(
    '/entity-facets',
    {
      schema: {
        tags,
        summary: 'Value counts of fields over the (filtered) catalog',
        querystring: Type.Object({ facet: Type.Optional(StringOrList), filter: Type.Optional(StringOrList) }),
        response: { 200: FacetsResponse, ...errorResponses(400) },
      },
    },
    async (request) => {
      const filter = parseEntityFilterParams(request.query.filter);
      return index.facets({ facets: parseFacetParams(request.query.facet), ...(filter ? { filter } : {}) });
    },
  );

  app.post(
    '/entity-facets',
    {
      schema: {
        tags,
        summary: 'Value counts of fields, with a predicate body',
        body: Type.Object({
          facets: Type.Array(Type.String(), { minItems: 1 }),
          query: Type.Optional(Type.Unknown()),
        }),
        response: { 200: FacetsResponse, ...errorResponses(400) },
      },
    },
    async (request) => {
      const filter = request.body.query === undefined ? undefined : parseEntityPredicate(request.body.query);
      return index.facets({ facets: request.body.facets, ...(filter ? { filter } : {}) });
    },
  );
}
