import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { catalogInfoJsonSchema, InputError, NotFoundError } from '@paved/model';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AccessService } from '../access/index.ts';
import { mutate } from '../http/mutation.ts';
import { sendRawJson } from '../http/raw.ts';
import {
  AnalyzeLocationResponseSchema,
  AncestryResponseSchema,
  CatalogErrorSchema,
  CreateLocationResponseSchema,
  EntityNameParams,
  EntityRef,
  EntitySchema,
  ErrorRef,
  errorResponses,
  LocationInputSchema,
  LocationQueryBodySchema,
  LocationQueryResponseSchema,
  LocationRef,
  LocationSchema,
  NoContent,
  ValidationErrorsSchema,
} from './catalog.schema.ts';
import type { CatalogService, LocationView } from './catalog.service.ts';
import { type EntityFilter, parseEntityPredicate } from './query/index.ts';

const tags = ['catalog'];

/** Page size of `POST /locations/by-query` when the request names none (Backstage's default). */
const DEFAULT_LOCATION_QUERY_LIMIT = 1000;

/** The fields a location predicate may name, lower-cased as the predicate parser leaves them. */
const LOCATION_FIELDS = { id: 'id', type: 'type', target: 'target', entityref: 'entityRef' } as const;

interface LocationQueryCursor {
  limit: number;
  afterId?: string;
  query?: unknown;
}

/**
 * Reads the body of `POST /locations/by-query` as Backstage does: a cursor (base64 JSON of
 * `{limit, afterId?, query?}`) replaces the rest of the request.
 */
function parseLocationQuery(body: { query?: unknown; limit?: number; cursor?: string }): LocationQueryCursor {
  if (body.cursor === undefined) {
    return { limit: body.limit ?? DEFAULT_LOCATION_QUERY_LIMIT, query: body.query };
  }
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(body.cursor, 'base64').toString('utf8'));
  } catch {
    throw new InputError('Malformed cursor: not base64-encoded JSON');
  }
  const cursor = data as Partial<Record<keyof LocationQueryCursor, unknown>> | null;
  if (
    typeof cursor !== 'object' ||
    cursor === null ||
    Array.isArray(cursor) ||
    !Number.isInteger(cursor.limit) ||
    (cursor.limit as number) < 1 ||
    (cursor.afterId !== undefined && typeof cursor.afterId !== 'string')
  ) {
    throw new InputError('Malformed cursor: expected {limit, afterId?, query?}');
  }
  return cursor as LocationQueryCursor;
}

/** Whether a location matches a predicate (parsed as an entity filter; keys and values lower-cased). */
function locationMatches(filter: EntityFilter, location: LocationView): boolean {
  switch (filter.type) {
    case 'all':
      return filter.filters.every((f) => locationMatches(f, location));
    case 'any':
      return filter.filters.some((f) => locationMatches(f, location));
    case 'not':
      return !locationMatches(filter.filter, location);
    default: {
      const field = LOCATION_FIELDS[filter.key as keyof typeof LOCATION_FIELDS];
      if (!field) {
        throw new InputError(
          `Invalid query: locations can be filtered on id, type, target and entityRef only; got "${filter.key}"`,
        );
      }
      const value = location[field].toLocaleLowerCase('en-US');
      if (filter.type === 'exists') return true;
      if (filter.type === 'in') return filter.values.includes(value);
      return value.startsWith(filter.prefix);
    }
  }
}

/** Locations, refresh, errors, validation and single-entity routes of the catalog API. */
export async function catalogRoutes(
  fastify: FastifyInstance,
  deps: { catalog: CatalogService; access: AccessService },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { catalog, access } = deps;
  app.addSchema(EntitySchema);
  app.addSchema(LocationSchema);

  app.get(
    '/entities/by-uid/:uid',
    {
      schema: {
        tags,
        summary: 'One entity by uid',
        params: Type.Object({ uid: Type.String() }),
        response: { 200: EntityRef, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const found = catalog.getByUid(request.params.uid);
      if (!found) throw new NotFoundError(`No entity with uid ${request.params.uid}`);
      sendRawJson(reply, found);
      return reply;
    },
  );

  app.delete(
    '/entities/by-uid/:uid',
    {
      schema: {
        tags,
        summary: 'Delete an entity (its source re-emits it if still declared)',
        params: Type.Object({ uid: Type.String() }),
        response: { 204: NoContent('Deleted, or there was no such entity') },
      },
    },
    async (request, reply) => {
      await mutate(access, request, 'catalog.entity.delete', request.params.uid, () =>
        catalog.deleteByUid(request.params.uid),
      );
      return reply.status(204).send();
    },
  );

  app.get(
    '/entities/by-name/:kind/:namespace/:name',
    {
      schema: {
        tags,
        summary: 'One entity by kind, namespace and name (case-insensitive)',
        params: EntityNameParams,
        response: { 200: EntityRef, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { kind, namespace, name } = request.params;
      const ref = `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
      const found = catalog.getByRef(ref);
      if (!found) throw new NotFoundError(`No entity named '${ref}' found`);
      sendRawJson(reply, found);
      return reply;
    },
  );

  app.get(
    '/entities/by-name/:kind/:namespace/:name/ancestry',
    {
      schema: {
        tags,
        summary: 'The Location chain that provides an entity',
        params: EntityNameParams,
        response: { 200: AncestryResponseSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      // Sent as text: entities go out exactly as stored, whatever the response schema lists.
      sendRawJson(reply, JSON.stringify(await catalog.ancestry(request.params)));
      return reply;
    },
  );

  app.get(
    '/locations',
    {
      schema: {
        tags,
        summary: 'Registered locations',
        response: { 200: Type.Array(Type.Object({ data: LocationRef })) },
      },
    },
    async () => (await catalog.listLocations()).map((data) => ({ data })),
  );

  app.get(
    '/locations/:id',
    {
      schema: {
        tags,
        summary: 'One registered location',
        params: Type.Object({ id: Type.String() }),
        response: { 200: LocationRef, ...errorResponses(404) },
      },
    },
    async (request) => catalog.getLocation(request.params.id),
  );

  app.post(
    '/locations',
    {
      schema: {
        tags,
        summary: 'Register a location (or dry-run it)',
        body: LocationInputSchema,
        querystring: Type.Object({
          dryRun: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
          onConflict: Type.Optional(Type.Union([Type.Literal('refresh'), Type.Literal('reject')])),
        }),
        response: { 201: CreateLocationResponseSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const dryRun = request.query.dryRun === 'true';
      const run = () =>
        catalog.createLocation(request.body, {
          dryRun,
          onConflict: request.query.onConflict,
          createdBy: request.identity.userRef,
        });
      const result = dryRun
        ? await run()
        : await mutate(
            access,
            request,
            'catalog.location.create',
            `${request.body.type}:${request.body.target}`,
            run,
          );
      // 201 for a dry run too, as Backstage answers (and @backstage/catalog-client requires).
      const body = result.dryRun
        ? { exists: result.exists, location: result.location, entities: result.entities }
        : { location: result.location, entities: result.entities };
      reply.status(201);
      sendRawJson(reply, JSON.stringify(body));
      return reply;
    },
  );

  app.put(
    '/locations/:id',
    {
      schema: {
        tags,
        summary: 'Point a location at a new target, keeping its id and generated entity',
        params: Type.Object({ id: Type.String() }),
        body: Type.Object(
          { type: Type.String(), target: Type.String({ minLength: 1, maxLength: 4096 }) },
          { additionalProperties: false },
        ),
        response: { 200: LocationRef, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) =>
      mutate(access, request, 'catalog.location.update', request.params.id, () =>
        catalog.updateLocation(request.params.id, request.body),
      ),
  );

  app.delete(
    '/locations/:id',
    {
      schema: {
        tags,
        summary: 'Unregister a location and remove what only it provided',
        params: Type.Object({ id: Type.String() }),
        response: { 204: NoContent('Unregistered'), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await mutate(access, request, 'catalog.location.delete', request.params.id, async () => {
        await catalog.getLocation(request.params.id);
        await catalog.deleteLocation(request.params.id);
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/locations/by-entity/:kind/:namespace/:name',
    {
      schema: {
        tags,
        summary: 'The registered location an entity came from',
        params: EntityNameParams,
        response: { 200: LocationRef, ...errorResponses(404) },
      },
    },
    async (request) => catalog.locationByEntity(request.params),
  );

  app.post(
    '/analyze-location',
    {
      schema: {
        tags,
        summary: 'What registering a location would find or generate',
        body: Type.Object({
          location: Type.Object({ type: Type.String(), target: Type.String({ minLength: 1 }) }),
          catalogFilename: Type.Optional(Type.String({ minLength: 1 })),
        }),
        response: { 200: AnalyzeLocationResponseSchema, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      sendRawJson(reply, JSON.stringify(await catalog.analyzeLocation(request.body)));
      return reply;
    },
  );

  app.post(
    '/validate-entity',
    {
      schema: {
        tags,
        summary: 'Validate an entity without storing it',
        body: Type.Object({
          location: Type.String({ description: 'url:<target> the entity would be read from' }),
          entity: Type.Unknown(),
        }),
        response: {
          200: NoContent('Valid'),
          400: Type.Union([ValidationErrorsSchema, ErrorRef], {
            description: 'Invalid: {errors} (a body that is not JSON gets the usual error shape)',
          }),
        },
      },
      // Backstage answers a bad body here with 400 {errors: [...]}, not its usual error shape;
      // @backstage/catalog-client reads `errors` and would otherwise report no reason.
      attachValidation: true,
    },
    async (request, reply) => {
      const invalid = (errors: { name: string; message: string }[]) => {
        reply.status(400);
        sendRawJson(reply, JSON.stringify({ errors }));
        return reply;
      };
      if (request.validationError) {
        return invalid([
          { name: 'InputError', message: `Invalid request: ${request.validationError.message}` },
        ]);
      }
      let result: ReturnType<CatalogService['validateEntity']>;
      try {
        result = catalog.validateEntity(request.body);
      } catch (error) {
        if (error instanceof InputError) return invalid([{ name: error.name, message: error.message }]);
        throw error;
      }
      if (result.valid) return reply.status(200).send();
      return invalid(result.errors.map((e) => ({ name: 'InputError', ...e })));
    },
  );

  app.post(
    '/refresh',
    {
      schema: {
        tags,
        summary: 'Read the source of an entity again now',
        body: Type.Object({
          entityRef: Type.String({ minLength: 1 }),
          authorizationToken: Type.Optional(Type.String()),
        }),
        response: { 200: NoContent('Read again and served'), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await mutate(access, request, 'catalog.entity.refresh', request.body.entityRef, () =>
        catalog.refresh(request.body.entityRef),
      );
      return reply.status(200).send();
    },
  );

  app.get(
    '/errors',
    {
      schema: {
        tags,
        summary:
          'Every processing error: unreadable files, invalid entities (also never-valid ones), conflicts',
        querystring: Type.Object({
          location: Type.Optional(Type.String()),
          entityRef: Type.Optional(Type.String()),
        }),
        response: { 200: Type.Object({ items: Type.Array(CatalogErrorSchema) }) },
      },
    },
    async (request) => {
      const filter: { sourceId?: string; entityRef?: string } = {};
      if (request.query.location) filter.sourceId = request.query.location;
      if (request.query.entityRef) filter.entityRef = request.query.entityRef.toLocaleLowerCase('en-US');
      return { items: await catalog.listErrors(filter) };
    },
  );

  app.post(
    '/locations/by-query',
    {
      schema: {
        tags,
        summary: 'Registered locations matching a predicate, in pages ordered by id',
        body: LocationQueryBodySchema,
        response: { 200: LocationQueryResponseSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { limit, afterId, query } = parseLocationQuery(request.body);
      const filter = query === undefined ? undefined : parseEntityPredicate(query);
      const matching = (await catalog.listLocations())
        .filter((location) => !filter || locationMatches(filter, location))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const rest = afterId === undefined ? matching : matching.filter((location) => location.id > afterId);
      const items = rest.slice(0, limit);
      const last = items.at(-1);
      const nextCursor =
        rest.length > limit && last
          ? Buffer.from(
              JSON.stringify({ limit, afterId: last.id, ...(query !== undefined ? { query } : {}) }),
            ).toString('base64')
          : undefined;
      return { items, totalItems: matching.length, pageInfo: nextCursor ? { nextCursor } : {} };
    },
  );

  app.get(
    '/sources',
    { schema: { tags, summary: 'Registered locations with their read status (Paved extension)' } },
    async () => ({ items: await catalog.listSources(), counts: await catalog.counts() }),
  );

  app.get(
    '/schema/catalog-info.json',
    { schema: { tags, summary: 'JSON Schema of catalog-info.yaml for editors (yaml-language-server)' } },
    async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').send(catalogInfoJsonSchema),
  );

  app.setNotFoundHandler(async (request) => {
    throw new NotFoundError(`No route ${request.method} ${request.url.split('?')[0]} in the catalog API`);
  });
}
