import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { EntityNameParams, EntitySourceSchema, errorResponses } from './catalog.schema.ts';
import type { EntitySourceReader } from './entity-source.service.ts';

/** The "raw YAML" of an entity: its descriptor document as written (Paved extension). */
export async function entitySourceRoutes(
  fastify: FastifyInstance,
  deps: { source: EntitySourceReader },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/entities/by-name/:kind/:namespace/:name/source',
    {
      schema: {
        tags: ['catalog'],
        summary: 'The YAML document an entity was read from, as written (Paved extension)',
        params: EntityNameParams,
        response: { 200: EntitySourceSchema, ...errorResponses(403, 404) },
      },
    },
    async (request) => deps.source.read(request.params),
  );
}
