import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { InputError } from '@paved/model';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../http/schemas.ts';
import { SearchQuerySchema, SearchResponseSchema } from './search.schema.ts';
import { MAX_SEARCH_LIMIT, type SearchService } from './search.service.ts';

function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,4}$/.test(raw.trim())) {
    throw new InputError(
      `limit must be a whole number from 1 to ${MAX_SEARCH_LIMIT}; got ${JSON.stringify(raw)}`,
    );
  }
  return Number(raw);
}

/** `GET /api/search`: the global search of the portal's command palette. */
export async function searchRoutes(fastify: FastifyInstance, deps: { search: SearchService }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '',
    {
      schema: {
        tags: ['search'],
        summary: 'Find entities by name, title, tags and description, and pages of docs, best first',
        querystring: SearchQuerySchema,
        response: { 200: SearchResponseSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { term, limit, kind } = request.query;
      return deps.search.searchAll({
        term: term ?? '',
        limit: parseLimit(limit),
        kinds: (Array.isArray(kind) ? kind : kind === undefined ? [] : [kind]).flatMap((k) => k.split(',')),
      });
    },
  );
}
