import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AccessService } from '../access/index.ts';
import { mutate } from '../http/mutation.ts';
import { sendRawJson } from '../http/raw.ts';
import { errorResponses } from '../http/schemas.ts';
import {
  DocsListSchema,
  DocsPageSchema,
  DocsSiteSchema,
  RebuildSchema,
  SiteParams,
  SitePathParams,
} from './docs.schema.ts';
import { type DocsService, refOfParams } from './docs.service.ts';

/**
 * Assets come from any documented repository and are served on the portal's origin: whatever
 * the file (an SVG or HTML may hold scripts, a .js would pass the portal's `script-src 'self'`),
 * nothing in it runs and it reaches nothing. Types a browser would render as a document or run
 * are downloaded instead of shown.
 */
const ASSET_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";
const SHOWN_INLINE =
  /^(image\/(png|jpeg|gif|webp|avif|svg\+xml|x-icon|vnd\.microsoft\.icon)|font\/|application\/pdf$|text\/plain|text\/css$)/;

/** How long the server took to answer, for operators' dashboards and the serve-latency test. */
function serverTiming(reply: FastifyReply): void {
  reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(2)}`);
}

/** `/api/docs`: documented entities, their sites, pages and assets, and rebuilding on request. */
export async function docsRoutes(
  fastify: FastifyInstance,
  deps: { docs: DocsService; access: AccessService },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { docs } = deps;
  const tags = ['docs'];

  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'Every entity with docs (backstage.io/techdocs-ref), with the state of its build',
        response: { 200: DocsListSchema },
      },
    },
    async () => ({ items: await docs.list() }),
  );

  app.get(
    '/:namespace/:kind/:name',
    {
      schema: {
        tags,
        summary: "An entity's docs site: name, nav, warnings and errors of the last build",
        params: SiteParams,
        response: { 200: DocsSiteSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      sendRawJson(reply, await docs.siteJson(refOfParams(request.params)));
      return reply;
    },
  );

  app.get(
    '/:namespace/:kind/:name/pages',
    {
      schema: {
        tags,
        summary: "The index page of an entity's docs",
        params: SiteParams,
        response: { 200: DocsPageSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      sendRawJson(reply, await docs.pageJson(refOfParams(request.params), ''));
      return reply;
    },
  );

  app.get(
    '/:namespace/:kind/:name/pages/*',
    {
      schema: {
        tags,
        summary: "One page of an entity's docs by its URL inside the site (empty: the index page)",
        params: SitePathParams,
        response: { 200: DocsPageSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const json = await docs.pageJson(refOfParams(request.params), request.params['*']);
      serverTiming(reply);
      sendRawJson(reply, json);
      return reply;
    },
  );

  app.get(
    '/:namespace/:kind/:name/assets/*',
    {
      schema: {
        tags,
        summary: "A file of an entity's docs (an image), with its content type",
        params: SitePathParams,
        response: {
          200: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: 'The file' }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const asset = await docs.asset(refOfParams(request.params), request.params['*']);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cache-control', 'no-cache');
      reply.header('content-security-policy', ASSET_POLICY);
      if (SHOWN_INLINE.test(asset.contentType)) reply.type(asset.contentType);
      else {
        reply.type('application/octet-stream');
        reply.header('content-disposition', 'attachment');
      }
      return reply.send(
        Buffer.from(asset.content.buffer, asset.content.byteOffset, asset.content.byteLength),
      );
    },
  );

  app.post(
    '/:namespace/:kind/:name/rebuild',
    {
      schema: {
        tags,
        summary: "Builds an entity's docs now, even when its sources did not change",
        params: SiteParams,
        response: { 200: RebuildSchema, ...errorResponses(403, 404) },
      },
    },
    async (request) => {
      const entityRef = refOfParams(request.params);
      return mutate(deps.access, request, 'docs.rebuild', entityRef, () => docs.rebuild(entityRef));
    },
  );
}
