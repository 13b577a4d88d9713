import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { HTML_HEADERS, IMMUTABLE_CACHE } from './portal.headers.ts';

/** Paths that belong to the API and the health checks: never answered with the portal. */
function isServerPath(path: string): boolean {
  return /^\/(?:api|healthz|readyz)(?:\/|$)/.test(path);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Paved: the portal is not built</title></head>
  <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
    <h1>The portal is not built</h1>
    <p>Paved is running and its API answers under <a href="/api/openapi.json">/api</a>, but the web portal
    has not been built. Run <code>npm run build:portal</code> in the Paved repository, then restart Paved.</p>
  </body>
</html>
`;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export interface PortalOptions {
  /** The portal's build folder (index.html, assets/). */
  dir: string;
  log: Logger;
}

/** A file at the top of the build folder (favicon.svg, color-scheme.js): one plain name, no dot first. */
const TOP_LEVEL_FILE = /^\/([\w][\w.-]*)$/;

/**
 * Serves the portal, a single-page app: its files from the build folder (hashed assets cached
 * for a year, precompressed variants when the browser accepts them), and index.html for any
 * other page a browser asks for, so that deep links work on reload. API paths are never
 * answered with it: unknown ones keep their JSON 404.
 *
 * Only `/assets/*` is a route. The top-level files and index.html are served from the not-found
 * path, so that no catch-all route shadows the API modules' own 404 answers.
 */
export function createPortal(options: PortalOptions) {
  const { dir, log } = options;
  const built = existsSync(join(dir, 'index.html'));
  const assets = join(dir, 'assets');

  function sendIndex(reply: FastifyReply): FastifyReply {
    if (!built)
      return reply.status(503).headers(HTML_HEADERS).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply.headers(HTML_HEADERS).sendFile('index.html', dir, { cacheControl: false });
  }

  return {
    built,

    /** Registers the portal's routes on the root of the app. */
    async register(app: FastifyInstance): Promise<void> {
      if (!built) {
        log.warn(
          { portalDir: dir },
          'the portal is not built: / explains how to build it (npm run build:portal); the API works regardless',
        );
      }
      await app.register(fastifyStatic, {
        root: assets,
        prefix: '/assets/',
        // Without a build there is nothing to serve, but sendFile is still decorated.
        serve: built,
        wildcard: true,
        index: false,
        redirect: false,
        dotfiles: 'ignore',
        preCompressed: true,
        cacheControl: false,
        suppressWarning: true,
        setHeaders(reply, path) {
          reply.header('x-content-type-options', 'nosniff');
          if (path.startsWith(assets + sep)) reply.header('cache-control', IMMUTABLE_CACHE);
          else if (/\.html(?:\.(?:br|gz))?$/.test(path)) reply.headers(HTML_HEADERS);
          else reply.header('cache-control', 'no-cache');
        },
      });
      app.get('/', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));
    },

    /**
     * Answers a request no route matched when it is a browser asking for a page (GET or HEAD,
     * accepting text/html, outside the API and assets/); returns whether it answered.
     */
    async handleNotFound(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
      const path = request.url.split('?')[0] ?? '/';
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      if (isServerPath(path) || path.startsWith('/assets/')) return false;
      if (path === '/index.html') {
        sendIndex(reply);
        return true;
      }
      const file = built ? TOP_LEVEL_FILE.exec(path)?.[1] : undefined;
      if (file !== undefined && (await isFile(join(dir, file)))) {
        reply.sendFile(file, dir, { cacheControl: false });
        return true;
      }
      if (!request.headers.accept?.includes('text/html')) return false;
      sendIndex(reply);
      return true;
    },
  };
}

export type Portal = ReturnType<typeof createPortal>;
