/**
 * The portal end to end, in Debian's Chromium driven by playwright-core, against a real Paved
 * (embedded store, the demo organisation) serving the built portal with its
 * Content-Security-Policy on. Screenshots go to e2e-artifacts/ (git-ignored).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../packages/server/src/config/config.ts';
import { startTestPaved, type TestPaved } from '../packages/server/src/testing/paved.ts';
import {
  axeViolations,
  chromiumMissing,
  describeViolations,
  launchChromium,
  screenshot,
  watchProblems,
} from './lib/browser.ts';
import { ensurePortalBuilt } from './lib/portal-build.ts';

if (chromiumMissing) console.warn(`portal end-to-end tests skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== undefined)('portal in Chromium', () => {
  let paved: TestPaved;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let newSourceDir: string;

  beforeAll(async () => {
    await ensurePortalBuilt();
    // The folder the test registers as a new source through the portal: API-registered file
    // sources must be under the server's working folder.
    const cwd = await mkdtemp(join(tmpdir(), 'paved-e2e-'));
    newSourceDir = join(cwd, 'team-zebra');
    await mkdir(newSourceDir);
    await writeFile(
      join(newSourceDir, 'catalog-info.yaml'),
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: zebra-ledger',
        '  title: Zebra Ledger',
        '  description: Double-entry ledger registered from the portal by the end-to-end test.',
        'spec:',
        '  type: service',
        '  lifecycle: experimental',
        '  owner: checkout-team',
        '  system: checkout',
        '',
      ].join('\n'),
    );
    paved = await startTestPaved({ catalog: [DEMO_CATALOG], cwd, watch: true });
    await paved.initialRead;
    await paved.settle();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 860 }, baseURL: paved.url });
    page = await context.newPage();
    problems = watchProblems(page);
  });

  afterAll(async () => {
    await browser?.close();
    await paved?.close();
  });

  async function expectAccessible(name: string) {
    const violations = await axeViolations(page);
    expect(violations, `axe violations on ${name}:\n${describeViolations(violations)}`).toEqual([]);
  }

  it('serves the portal at / with a strict Content-Security-Policy and deep links that survive a reload', async () => {
    const response = await page.goto('/catalog/default/component/checkout-service');
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { level: 1, name: 'Checkout Service' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Checkout Service' }).waitFor();
  });

  it('signs in as a catalog user and shows who you are, your teams and what they own', async () => {
    await page.goto('/');
    await page.getByTestId('guest-welcome').waitFor();
    await expectAccessible('home (guest)');
    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await page.getByTestId('sign-in-search').fill('amara');
    await page.getByTestId('sign-in-as-amara.okafor').click();
    await page.waitForURL((url) => url.pathname === '/');
    const menu = page.getByTestId('user-menu');
    await menu.waitFor();
    await expect(menu.textContent()).resolves.toContain('Amara Okafor');
    await expect(menu.textContent()).resolves.toContain('storefront-team');
    // What the storefront team owns, on the home page.
    await page.getByTestId('owned-entity').first().waitFor();
    await screenshot(page, 'home-signed-in');
    await expectAccessible('home (signed in)');
    // The choice is remembered.
    await page.reload();
    await page.getByTestId('user-menu').waitFor();
    await expect(page.getByTestId('user-menu').textContent()).resolves.toContain('Amara Okafor');
  });

  it('finds an entity from the keyboard alone with Ctrl-K', async () => {
    await page.goto('/catalog');
    await page.getByTestId('catalog-table').waitFor();
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('search-input');
    await input.waitFor();
    // Ctrl-K puts the caret in the search field; typed before it lands (after the palette's
    // transition, slow under load), the first letters would go nowhere.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'search-input');
    await page.keyboard.type('payment gate');
    await page.getByTestId('search-result').first().waitFor();
    await expect(page.getByTestId('search-result').first().textContent()).resolves.toContain(
      'payment-gateway',
    );
    await screenshot(page, 'search-palette');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/catalog/default/component/payment-gateway');
    await page.getByRole('heading', { level: 1 }).waitFor();
  });

  it('filters the catalog by facets, and the URL holds the filters', async () => {
    await page.goto('/catalog?kind=component');
    const table = page.getByTestId('catalog-table');
    await table.waitFor();
    await page.getByTestId('catalog-row').first().waitFor();
    const before = await page.getByTestId('catalog-row').count();
    await page
      .getByTestId('facet-lifecycle')
      .getByRole('checkbox', { name: /experimental/ })
      .click();
    await page.waitForURL(/lifecycle=experimental/);
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="catalog-row"]').length < n,
      before,
    );
    const lifecycles = await page.getByTestId('catalog-row').allTextContents();
    expect(lifecycles.length).toBeGreaterThan(0);
    for (const row of lifecycles) expect(row).toContain('experimental');
    await screenshot(page, 'catalog-explorer');
    await expectAccessible('catalog explorer');
    // Shared link: the same filters come back from the URL alone.
    const shared = page.url();
    const other = await context.newPage();
    await other.goto(shared);
    await other.getByTestId('catalog-row').first().waitFor();
    expect(await other.getByTestId('catalog-row').count()).toBe(lifecycles.length);
    await other.close();
  });

  it('opens an entity page, follows the relations graph to another entity', async () => {
    await page.goto('/catalog?kind=component&q=checkout');
    await page
      .getByRole('link', { name: /Checkout Service/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'Checkout Service' }).waitFor();
    await expect(page.getByText('checkout-team').first().isVisible()).resolves.toBe(true);
    await screenshot(page, 'entity-page');
    await expectAccessible('entity page');
    await page.getByRole('tab', { name: /Relations/ }).click();
    const graph = page.getByTestId('relations-graph');
    await graph.waitFor();
    const node = graph.getByRole('link', { name: /^Payment Gateway/ }).first();
    await node.waitFor();
    await screenshot(page, 'relations-graph');
    await node.click();
    await page.waitForURL('**/catalog/default/component/payment-gateway**');
    await page.getByRole('heading', { level: 1 }).waitFor();
  });

  it('renders an OpenAPI definition interactively, under the CSP', async () => {
    await page.goto('/catalog/default/api/checkout-api');
    await page.getByRole('heading', { level: 1, name: 'Checkout API' }).waitFor();
    await page.getByRole('tab', { name: /Definition/ }).click();
    // Swagger UI's operation blocks, rendered from the definition the catalog holds.
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'api-openapi');
    await page.goto('/catalog/default/api/storefront-graphql/api');
    await page.getByText('type Query').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'api-graphql');
  });

  it('registers a source: analyze, preview the entities, import, and they appear', async () => {
    await page.goto('/admin/register');
    await page.getByTestId('register-target').fill(join(newSourceDir, 'catalog-info.yaml'));
    await page.getByRole('button', { name: /Analyze/ }).click();
    await page.getByTestId('preview-entity').first().waitFor();
    await expect(page.getByTestId('register-preview').textContent()).resolves.toContain('zebra-ledger');
    await screenshot(page, 'admin-register-preview');
    await expectAccessible('admin register');
    await page.getByTestId('register-import').click();
    await page.getByTestId('register-done').waitFor();
    await page
      .getByTestId('register-done')
      .getByRole('link', { name: /zebra-ledger|Zebra Ledger/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'Zebra Ledger' }).waitFor();
    await page.goto('/admin/sources');
    await page.getByTestId('source-row').filter({ hasText: 'team-zebra' }).waitFor();
    await expectAccessible('admin sources');
  });

  it('creates a service from the demo template: form, review, live task, and it is in the catalog', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Create' }).click();
    await page.getByRole('article', { name: 'Hello service' }).waitFor();
    // The hovered active nav item's hover colours fail contrast (the header's, not this page's).
    await page.mouse.move(600, 700);
    await expectAccessible('create: templates');
    await page.getByRole('link', { name: 'Choose Hello service' }).click();
    const name = page.getByLabel(/^Name/);
    await name.fill('Not Valid');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByText('must match the pattern').first().waitFor();
    await name.fill('e2e-hello');
    const owner = page.locator('input').and(page.getByLabel(/^Owner/));
    await owner.fill('checkout');
    await page.getByRole('option', { name: 'group:default/checkout-team' }).click();
    await screenshot(page, 'create-form');
    await expectAccessible('create: form');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await page.getByRole('table', { name: 'Values of Service' }).waitFor();
    await expectAccessible('create: review');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('link', { name: 'Open in catalog' }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'create-task-completed');
    await expectAccessible('create: task');
    await page.getByRole('link', { name: 'Open in catalog' }).click();
    await page.getByRole('heading', { level: 1, name: 'e2e-hello' }).waitFor();
    // Provenance: the entity page says which template, at which version, made it.
    const about = page.getByRole('region', { name: 'About' });
    await about.getByText('Created from', { exact: true }).waitFor();
    await about.getByRole('link', { name: 'Hello service' }).waitFor();
    expect(await about.textContent()).toMatch(/at version [0-9a-f]{12}/);
    await screenshot(page, 'entity-provenance');
    await expectAccessible('entity page with provenance');
  });

  it('switches to the dark theme, remembers it, and stays accessible', async () => {
    await page.goto('/catalog/default/component/checkout-service');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.waitForFunction(
      () => document.documentElement.getAttribute('data-mantine-color-scheme') === 'dark',
    );
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(
      await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme')),
    ).toBe('dark');
    await screenshot(page, 'entity-page-dark');
    await expectAccessible('entity page (dark)');
    await page.goto('/catalog');
    await page.getByTestId('catalog-row').first().waitFor();
    await screenshot(page, 'catalog-explorer-dark');
    await expectAccessible('catalog explorer (dark)');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
  });

  it('logged no page errors, console errors or CSP violations on the way', () => {
    expect(problems).toEqual([]);
  });
});
