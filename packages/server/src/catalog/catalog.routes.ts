import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { catalogInfoJsonSchema, NotFoundError } from '@paved/model';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AccessService } from '../access/index.ts';
import { mutate } from '../http/mutation.ts';
import { sendRawJson } from '../http/raw.ts';
import {
  CatalogErrorSchema,
  EntityNameParams,
  EntitySchema,
  LocationInputSchema,
  LocationSchema,
} from './catalog.schema.ts';
import type { CatalogService } from './catalog.service.ts';

const tags = ['catalog'];

/** Locations, refresh, errors, validation and single-entity routes of the catalog API. */
export async function catalogRoutes(
  fastify: FastifyInstance,
  deps: { catalog: CatalogService; access: AccessService },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { catalog, access } = deps;
  app.addSchema(EntitySchema);
  const EntityRef = Type.Unsafe<Record<string, unknown>>({ $ref: 'Entity#' });

  app.get(
    '/entities/by-uid/:uid',
    {
      schema: {
        tags,
        summary: 'One entity by uid',
        params: Type.Object({ uid: Type.String() }),
        response: { 200: EntityRef },
      },
    },
    async (request, reply) => {
      const found = await catalog.getByUid(request.params.uid);
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
        response: { 200: EntityRef },
      },
    },
    async (request, reply) => {
      const { kind, namespace, name } = request.params;
      const ref = `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
      const found = await catalog.getByRef(ref);
      if (!found) throw new NotFoundError(`No entity named '${ref}' found`);
      sendRawJson(reply, found);
      return reply;
    },
  );

  app.get(
    '/entities/by-name/:kind/:namespace/:name/ancestry',
    { schema: { tags, summary: 'The Location chain that provides an entity', params: EntityNameParams } },
    async (request) => catalog.ancestry(request.params),
  );

  app.get(
    '/locations',
    {
      schema: {
        tags,
        summary: 'Registered locations',
        response: { 200: Type.Array(Type.Object({ data: LocationSchema })) },
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
        response: { 200: LocationSchema },
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
      if (result.dryRun) {
        const { dryRun: _, ...body } = result;
        return reply.status(200).send(body);
      }
      return reply.status(201).send({ location: result.location, entities: result.entities });
    },
  );

  app.delete(
    '/locations/:id',
    {
      schema: {
        tags,
        summary: 'Unregister a location and remove what only it provided',
        params: Type.Object({ id: Type.String() }),
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
        response: { 200: LocationSchema },
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
      },
    },
    async (request) => catalog.analyzeLocation(request.body),
  );

  app.post(
    '/validate-entity',
    {
      schema: {
        tags,
        summary: 'Validate an entity without storing it',
        body: Type.Object({ location: Type.Unknown(), entity: Type.Unknown() }),
      },
    },
    async (request, reply) => {
      const result = catalog.validateEntity(request.body);
      if (result.valid) return reply.status(200).send();
      return reply.status(400).send({
        errors: result.errors.map((e) => ({ name: 'InputError', ...e })),
      });
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
