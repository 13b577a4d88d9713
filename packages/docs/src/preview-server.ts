import { createHash } from 'node:crypto';
import { createReadStream, type FSWatcher, watch } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildSite } from './build.ts';
import type { DocsPage, DocsSite } from './docs.types.ts';
import { escapeHtml } from './escape.ts';
import { EVENTS_PATH, LIVE_RELOAD_PATH, renderSitePage, STYLESHEET, STYLESHEET_PATH } from './layout.ts';

export interface PreviewServerOptions {
  sourceDir: string;
  port?: number;
  host?: string;
  /** Rebuild when files under sourceDir change (default true). */
  watch?: boolean;
  /** Called after every build, with the error when one failed (the previous site stays served). */
  onBuild?: (site: DocsSite | undefined, error?: unknown) => void;
}

export interface PreviewServer {
  url: string;
  site(): DocsSite;
  /** Rebuilds now (also what a file change does) and tells browsers to reload if anything changed. */
  rebuild(): Promise<DocsSite>;
  close(): Promise<void>;
}

// Same-origin script, no inline code, so it passes a strict Content-Security-Policy.
const LIVE_RELOAD_SCRIPT = `new EventSource('/${EVENTS_PATH}').addEventListener('reload', () => location.reload());\n`;

const PAGE_CSP =
  "default-src 'self'; img-src 'self' data: https: http:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** What every page's document depends on besides the page itself. */
function layoutKey(site: DocsSite): string {
  return createHash('sha256')
    .update(JSON.stringify([site.siteName, site.siteDescription, site.repoUrl, site.nav]))
    .digest('hex')
    .slice(0, 16);
}

/**
 * `paved docs serve`: serves a site from memory on 127.0.0.1, rebuilds incrementally when its files
 * change (fs.watch, recursive) and reloads open pages through server-sent events.
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  let site = await buildSite(options.sourceDir);
  options.onBuild?.(site);
  // Rendered documents by page path, with the key they were rendered for: the nav (same for every
  // page) and the page's own hash. A rebuild re-renders only pages whose key changed.
  const pageHtml = new Map<string, { key: string; body: Buffer }>();
  let navKey = layoutKey(site);
  let byUrl = new Map(site.pages.map((p) => [p.url, p]));
  let byAsset = new Map(site.assets.map((a) => [a.path, a]));
  const clients = new Set<ServerResponse>();

  let running: Promise<DocsSite> | undefined;
  let again = false;
  const rebuildOnce = async (): Promise<DocsSite> => {
    try {
      const next = await buildSite(options.sourceDir, { previous: site });
      if (next.hash !== site.hash) {
        site = next;
        navKey = layoutKey(site);
        warm();
        byUrl = new Map(site.pages.map((p) => [p.url, p]));
        byAsset = new Map(site.assets.map((a) => [a.path, a]));
        for (const client of clients) client.write(`event: reload\ndata: ${site.hash}\n\n`);
      } else {
        site = next;
      }
      options.onBuild?.(site);
    } catch (error) {
      options.onBuild?.(undefined, error);
    }
    return site;
  };
  const rebuild = (): Promise<DocsSite> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let result = await rebuildOnce();
      while (again) {
        again = false;
        result = await rebuildOnce();
      }
      running = undefined;
      return result;
    })();
    return running;
  };

  const html = (page: DocsPage): Buffer => {
    const key = `${navKey}:${page.sourceHash}`;
    const cached = pageHtml.get(page.path);
    if (cached?.key === key) return cached.body;
    const body = Buffer.from(renderSitePage(site, page, { liveReload: true }));
    pageHtml.set(page.path, { key, body });
    return body;
  };
  // Render every page ahead of requests, a few per turn of the event loop so requests still go first.
  let warming: NodeJS.Immediate | undefined;
  const warm = () => {
    if (warming) clearImmediate(warming);
    const pages = site.pages;
    let index = 0;
    const step = () => {
      for (const end = Math.min(index + 25, pages.length); index < end; index++) html(pages[index]!);
      warming = index < pages.length ? setImmediate(step) : undefined;
    };
    warming = setImmediate(step);
  };
  warm();

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname).slice(1);
    } catch {
      response.writeHead(400).end('Bad request');
      return;
    }
    if (pathname === STYLESHEET_PATH) {
      response
        .writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' })
        .end(STYLESHEET);
      return;
    }
    if (pathname === LIVE_RELOAD_PATH) {
      response.writeHead(200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'no-cache',
      });
      response.end(LIVE_RELOAD_SCRIPT);
      return;
    }
    if (pathname === EVENTS_PATH) {
      response.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache',
        Connection: 'keep-alive',
      });
      response.write(`: connected ${site.hash}\n\n`);
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    const url = pathname.replace(/(^|\/)index\.html$/, '$1');
    const page = byUrl.get(url);
    if (page) {
      const body = html(page);
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
        'Content-Security-Policy': PAGE_CSP,
      });
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
    if (byUrl.has(`${url}/`)) {
      response.writeHead(301, { Location: `/${encodeURI(url)}/` }).end();
      return;
    }
    const asset = byAsset.get(pathname);
    if (asset) {
      // Authors' files (SVG, HTML) must not run script on this origin.
      response.writeHead(200, {
        'Content-Type': asset.contentType,
        'Content-Length': asset.size,
        'Content-Security-Policy':
          "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox",
        'Cache-Control': 'no-cache',
      });
      if (request.method === 'HEAD') response.end();
      else
        createReadStream(asset.absolutePath)
          .on('error', () => response.destroy())
          .pipe(response);
      return;
    }
    response.writeHead(404, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': PAGE_CSP,
    });
    response.end(
      `<!doctype html><title>Not found</title><p>No page at /${escapeHtml(pathname)}. <a href="/">Home</a></p>`,
    );
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8000, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (options.watch !== false) {
    watcher = watch(
      site.sourceDir ?? path.resolve(options.sourceDir),
      { recursive: true },
      (_event, file) => {
        if (file && /(^|[/\\])(\.git|node_modules)([/\\]|$)/.test(file)) return;
        clearTimeout(timer);
        timer = setTimeout(() => void rebuild(), 20);
      },
    );
  }

  return {
    url: `http://${host}:${address.port}/`,
    site: () => site,
    rebuild,
    close: async () => {
      clearTimeout(timer);
      if (warming) clearImmediate(warming);
      watcher?.close();
      for (const client of clients) client.end();
      clients.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await running;
    },
  };
}
