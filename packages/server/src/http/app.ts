import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import { InputError, NotFoundError } from '@paved/model';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Logger } from 'pino';
import type { AccessService } from '../access/index.ts';
import { errorHandler } from './errors.ts';
import { ErrorResponseSchema } from './schemas.ts';

/** Whether a parsed JSON value holds a string with a NUL character anywhere. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, v]) => key.includes('\0') || containsNul(v));
  }
  return false;
}

const NUL_MESSAGE =
  'contains a NUL character (\\u0000, %00), which no field accepts: paths, refs and names cannot hold one';

export interface HttpAppOptions {
  log: Logger;
  access: AccessService;
  /** Largest accepted request body; larger ones get 413. */
  bodyLimit: number;
  version: string;
  /** Registered under /api; each receives the app and adds its routes. */
  modules: { prefix: string; register(app: FastifyInstance): Promise<void> }[];
  /**
   * The web portal: registered on the root, after the API; it may answer requests no route
   * matched (a browser loading a deep link) before they become a 404.
   */
  portal?: {
    register(app: FastifyInstance): Promise<void>;
    handleNotFound(request: FastifyRequest, reply: FastifyReply): Promise<boolean>;
  };
  isReady(): boolean;
}

/**
 * The HTTP shell: identity on every request, Backstage-shaped errors, limits, the OpenAPI
 * document of every route, health endpoints. Modules bring their own routes.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.log,
    bodyLimit: options.bodyLimit,
    // Per-request lines would dominate the log at hundreds of requests a second; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 1000, ignoreTrailingSlash: true },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  app.decorateRequest('identity', null as never);
  // Its own onRequest hook parses cookies; registered first, so that identify() below sees them.
  await app.register(cookie);
  app.addHook('onRequest', async (request) => {
    request.identity = options.access.identify({ headers: request.headers, cookies: request.cookies });
    // PostgreSQL text cannot hold NUL: refused here, it would otherwise fail as a 500 in the store.
    if (request.url.includes('%00')) throw new InputError(`The request URL ${NUL_MESSAGE}`);
  });
  app.setErrorHandler(errorHandler);
  // Every route takes JSON: other bodies get 415 (Backstage's validator answers so) rather than
  // a string that then fails the schema with a confusing "body must be object".
  app.removeContentTypeParser('text/plain');
  // @backstage/catalog-client sends `Content-Type: application/json` on its DELETE requests,
  // without a body; Fastify's own parser refuses that (400), Express's accepts it.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.length === 0) return done(null, undefined);
    parseJson(request, text, (error, value) => {
      if (!error && text.includes('u0000') && containsNul(value)) {
        done(new InputError(`The request body ${NUL_MESSAGE}`), undefined);
      } else done(error, value);
    });
  });
  // Unknown paths outside the modules get the same error shape as everything else.
  app.setNotFoundHandler(async (request, reply) => {
    if (await options.portal?.handleNotFound(request, reply)) return reply;
    throw new NotFoundError(`No route ${request.method} ${request.url.split('?')[0]}`);
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Paved API',
        version: options.version,
        description:
          "The API of Paved. The catalog part under /api/catalog is compatible with Backstage's catalog API, so @backstage/catalog-client works against it.",
      },
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => (json.$id as string | undefined) ?? `def-${i}`,
    },
  });
  app.addSchema(ErrorResponseSchema);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) =>
    options.isReady() ? { status: 'ready' } : reply.status(503).send({ status: 'starting' }),
  );
  for (const module of options.modules) {
    await app.register(async (scoped) => module.register(scoped), { prefix: module.prefix });
  }
  await options.portal?.register(app as unknown as FastifyInstance);
  return app as unknown as FastifyInstance;
}
