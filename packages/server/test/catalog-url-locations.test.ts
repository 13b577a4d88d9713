/**
 * `url` locations (Backstage's default type) name a file by its browser URL; Paved reads them
 * through a git checkout of the repository. The repository here is served by git's own
 * smart-HTTP program (`git http-backend`, run as CGI) on loopback: a real git server, no mock.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogClient } from '@backstage/catalog-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWithGitHttpBackend } from '../src/testing/git-http-backend.ts';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';

function gitHttpServer(projectRoot: string): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => answerWithGitHttpBackend(req, res, { root: projectRoot }));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port }),
    ),
  );
}

const component = (name: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: team-shop
`;

describe('url locations read through git', () => {
  let root: string;
  let git: { server: Server; port: number };
  let paved: TestPaved;
  let base: string;
  let work: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'paved-url-'));
    work = join(root, 'work');
    await mkdir(join(work, 'services'), { recursive: true });
    await writeFile(
      join(work, 'catalog-info.yaml'),
      `${component('storefront')}---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: shop-services
spec:
  targets:
    - ./services/*.yaml
    - https://git.elsewhere.example/other/repo/blob/main/catalog-info.yaml
`,
    );
    await writeFile(join(work, 'services', 'cart.yaml'), component('cart'));
    const run = (args: string[], cwd: string) => execFileSync('git', args, { cwd, stdio: 'ignore' });
    run(['init', '-q', '-b', 'main'], work);
    run(['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '.'], work);
    run(['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'catalog'], work);
    await mkdir(join(root, 'served', 'acme'), { recursive: true });
    run(['clone', '-q', '--bare', work, join(root, 'served', 'acme', 'shop.git')], root);
    git = await gitHttpServer(join(root, 'served'));
    base = `http://127.0.0.1:${git.port}/acme/shop`;
    // Fetched again every second, so the schedule can be seen within a test.
    paved = await startTestPaved({ cwd: root, gitRefreshSeconds: 1 });
  });

  afterAll(async () => {
    await paved?.close();
    git?.server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('registers a blob URL and serves what it and its Location targets declare, named by browser URLs', async () => {
    const client = new CatalogClient({
      discoveryApi: { getBaseUrl: async () => `${paved.url}/api/catalog` },
    });
    // The client sends type "url" when none is given, as Backstage's import flow does.
    const added = await client.addLocation({ target: `${base}/blob/main/catalog-info.yaml` });
    expect(added.location.type).toBe('url');
    await paved.settle();
    const storefront = await client.getEntityByRef('component:default/storefront');
    expect(storefront?.metadata.annotations?.['backstage.io/managed-by-location']).toBe(
      `url:${base}/blob/main/catalog-info.yaml`,
    );
    const cart = await client.getEntityByRef('component:default/cart');
    expect(cart?.metadata.annotations?.['backstage.io/managed-by-location']).toBe(
      `url:${base}/blob/main/services/cart.yaml`,
    );
    expect(cart?.metadata.annotations?.['backstage.io/managed-by-origin-location']).toBe(
      `url:${base}/blob/main/catalog-info.yaml`,
    );
  });

  it('refuses a Location target on a host Paved reads nothing from, naming what to do, and keeps the rest served', async () => {
    const { body } = await paved.get('/api/catalog/errors');
    const other = body.items.find((i: { errors: { message: string }[] }) =>
      i.errors.some((e) => e.message.includes('git.elsewhere.example')),
    );
    expect(other?.errors[0].message).toMatch(
      /is on git\.elsewhere\.example, which Paved reads nothing from: register a source on that host, or add it to PAVED_ALLOWED_HOSTS \(allowed now: 127\.0\.0\.1\)/,
    );
    // Nothing was fetched from it: no source of its own.
    const sources = (await paved.get('/api/catalog/sources')).body;
    expect(JSON.stringify(sources)).not.toContain('git.elsewhere.example/other/repo');
    expect((await paved.get('/api/catalog/entities/by-name/component/default/cart')).status).toBe(200);
  });

  it('refuses a URL that names no file of a repository, saying what is accepted', async () => {
    const { status, body } = await paved.post('/api/catalog/locations', { type: 'url', target: `${base}` });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/expected …\/<owner>\/<repo>\/blob\/<ref>\/<path>/);
  });
  it('fetches a url source again on its schedule and serves what was pushed', async () => {
    await paved.settle();
    await writeFile(join(work, 'services', 'checkout.yaml'), component('checkout'));
    const run = (args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: work,
        stdio: 'ignore',
      });
    run(['add', '.']);
    run(['commit', '-q', '-m', 'checkout service']);
    run(['push', '-q', join(root, 'served', 'acme', 'shop.git'), 'main']);
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await paved.get('/api/catalog/entities/by-name/component/default/checkout')).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
  });

  it('follows a Location target in another repository on the same host as a source of its own, and drops it when the target goes', async () => {
    const run = (args: string[], cwd: string) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd,
        stdio: 'ignore',
      });
    // A second repository on the same git server, holding the payments team's catalog.
    const payments = join(root, 'payments-work');
    await mkdir(payments, { recursive: true });
    await writeFile(join(payments, 'catalog-info.yaml'), component('ledger'));
    run(['init', '-q', '-b', 'main'], payments);
    run(['add', '.'], payments);
    run(['commit', '-q', '-m', 'ledger'], payments);
    run(['clone', '-q', '--bare', payments, join(root, 'served', 'acme', 'payments.git')], root);
    const paymentsUrl = `http://127.0.0.1:${git.port}/acme/payments/blob/main/catalog-info.yaml`;

    const location = `apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: shop-and-payments
spec:
  targets:
    - ./services/*.yaml
    - ${paymentsUrl}
`;
    const shopCatalog = join(work, 'catalog-info.yaml');
    await writeFile(shopCatalog, `${component('storefront')}---\n${location}`);
    run(['commit', '-q', '-am', 'follow payments'], work);
    run(['push', '-q', join(root, 'served', 'acme', 'shop.git'), 'main'], work);
    const waitFor = async (check: () => Promise<boolean>) => {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        if (await check()) return true;
        await new Promise((r) => setTimeout(r, 200));
      }
      return false;
    };
    const ledger = () => paved.get('/api/catalog/entities/by-name/component/default/ledger');
    expect(await waitFor(async () => (await ledger()).status === 200)).toBe(true);
    expect((await ledger()).body.metadata.annotations['backstage.io/managed-by-location']).toBe(
      `url:${paymentsUrl}`,
    );
    const child = (await paved.get('/api/catalog/sources')).body.items.find(
      (s: { target: string }) => s.target === paymentsUrl,
    );
    expect(child).toMatchObject({ type: 'url', origin: 'location' });

    // The target goes: its source and entities go with it.
    await writeFile(shopCatalog, component('storefront'));
    run(['commit', '-q', '-am', 'stop following payments'], work);
    run(['push', '-q', join(root, 'served', 'acme', 'shop.git'), 'main'], work);
    expect(await waitFor(async () => (await ledger()).status === 404)).toBe(true);
    const after = (await paved.get('/api/catalog/sources')).body.items.map(
      (s: { target: string }) => s.target,
    );
    expect(after).not.toContain(paymentsUrl);
  });
});
