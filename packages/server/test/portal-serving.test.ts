/**
 * `paved start` serves the built portal at `/`: hashed assets cached for good and precompressed,
 * index.html for any page a browser loads (deep links), security headers on HTML, and the API
 * untouched. Without a build, `/` says how to make one.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';

const INDEX_HTML = '<!doctype html><html><head><title>Paved test portal</title></head><body></body></html>';
const APP_JS = `console.log(${JSON.stringify('the portal '.repeat(200))});\n`;
const SECRET = 'SECRET-OUTSIDE-THE-PORTAL';
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; worker-src 'self' blob:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'";

/** A raw HTTP request: the path is sent exactly as given (fetch would resolve `..` first). */
function raw(
  url: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request({ host: target.hostname, port: target.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a built portal', () => {
  let root: string;
  let paved: TestPaved;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'paved-portal-'));
    const dist = join(root, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(root, 'package.json'), SECRET);
    await writeFile(join(dist, 'index.html'), INDEX_HTML);
    await writeFile(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(dist, '.build-hash'), SECRET);
    await writeFile(join(dist, 'assets', 'index-Ab12Cd34.js'), APP_JS);
    await writeFile(join(dist, 'assets', 'index-Ab12Cd34.js.br'), brotliCompressSync(APP_JS));
    await writeFile(join(dist, 'assets', 'index-Ab12Cd34.js.gz'), gzipSync(APP_JS));
    paved = await startTestPaved({ portalDir: dist, watch: false });
  });

  afterAll(async () => {
    await paved?.close();
    await rm(root, { recursive: true, force: true });
  });

  function expectHtmlHeaders(headers: Record<string, string | string[] | undefined> | Headers) {
    const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name]);
    expect(get('content-type')).toMatch(/^text\/html/);
    expect(get('content-security-policy')).toBe(CSP);
    expect(get('x-content-type-options')).toBe('nosniff');
    expect(get('referrer-policy')).toBe('same-origin');
    expect(get('cache-control')).toBe('no-cache');
  }

  it('serves index.html at / with the security headers, revalidated on every load', async () => {
    const response = await fetch(`${paved.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX_HTML);
    expectHtmlHeaders(response.headers);
    expect(response.headers.get('etag')).toBeTruthy();
  });

  it('answers a deep link a browser reloads with index.html (GET and HEAD)', async () => {
    for (const path of ['/catalog/component/default/checkout', '/search?q=pay', '/index.html']) {
      const response = await fetch(`${paved.url}${path}`, { headers: { accept: 'text/html,*/*;q=0.8' } });
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toBe(INDEX_HTML);
      expectHtmlHeaders(response.headers);
    }
    const head = await fetch(`${paved.url}/catalog/component/default/checkout`, {
      method: 'HEAD',
      headers: { accept: 'text/html' },
    });
    expect(head.status).toBe(200);
  });

  it('keeps JSON 404s for the API and for clients that do not ask for HTML', async () => {
    const api = await fetch(`${paved.url}/api/nothing/here`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { name: 'NotFoundError' } });
    const catalog = await fetch(`${paved.url}/api/catalog/nothing`, { headers: { accept: 'text/html' } });
    expect(((await catalog.json()) as { error: { message: string } }).error.message).toMatch(
      /in the catalog API/,
    );
    const json = await fetch(`${paved.url}/catalog/component/default/checkout`, {
      headers: { accept: 'application/json' },
    });
    expect(json.status).toBe(404);
    expect(json.headers.get('content-type')).toMatch(/application\/json/);
    expect((await fetch(`${paved.url}/healthz`, { headers: { accept: 'text/html' } })).status).toBe(200);
  });

  it('serves hashed assets for a year, brotli or gzip as the browser accepts', async () => {
    const br = await raw(paved.url, '/assets/index-Ab12Cd34.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.body).toString()).toBe(APP_JS);

    const gz = await raw(paved.url, '/assets/index-Ab12Cd34.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(APP_JS);

    const plain = await raw(paved.url, '/assets/index-Ab12Cd34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(APP_JS);
  });

  it('answers a missing asset with 404, never with index.html', async () => {
    const response = await fetch(`${paved.url}/assets/index-Gone.js`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('<html');
  });

  it('serves the files at the top of the build, but not dotfiles', async () => {
    const favicon = await fetch(`${paved.url}/favicon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(favicon.headers.get('cache-control')).toBe('no-cache');
    const dotfile = await fetch(`${paved.url}/.build-hash`);
    expect(dotfile.status).toBe(404);
    expect(await dotfile.text()).not.toContain(SECRET);
  });

  it('refuses paths that climb out of the build folder, encoded or not', async () => {
    const paths = [
      '/assets/../../package.json',
      '/assets/../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/%2E%2E%2F%2E%2E%2Fpackage.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%5c..%5cpackage.json',
      '/assets/%252e%252e/%252e%252e/package.json',
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
    ];
    for (const path of paths) {
      for (const accept of ['*/*', 'text/html']) {
        const response = await raw(paved.url, path, { accept });
        expect(response.body.toString(), `${path} (${accept})`).not.toContain(SECRET);
        if (path.startsWith('/assets/') || accept === '*/*') {
          expect(response.status, `${path} (${accept})`).toBeGreaterThanOrEqual(400);
        }
      }
    }
  });
});

describe('a portal that is not built', () => {
  let paved: TestPaved;

  beforeAll(async () => {
    paved = await startTestPaved({ portalDir: join(tmpdir(), 'paved-no-such-portal-dist'), watch: false });
  });

  afterAll(async () => {
    await paved?.close();
  });

  it('answers / and deep links with a page that says how to build it', async () => {
    for (const path of ['/', '/catalog/component/default/checkout']) {
      const response = await fetch(`${paved.url}${path}`, { headers: { accept: 'text/html' } });
      expect(response.status, path).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toBe(CSP);
      const text = await response.text();
      expect(text).toMatch(/The portal is not built/);
      expect(text).toMatch(/npm run build:portal/);
    }
  });

  it('serves the API regardless', async () => {
    expect((await paved.get('/api/auth/me')).body.kind).toBe('guest');
    expect((await paved.get('/api/catalog/entities')).status).toBe(200);
    expect((await paved.get('/api/nothing')).status).toBe(404);
  });
});
