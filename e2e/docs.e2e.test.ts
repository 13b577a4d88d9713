/**
 * Docs in the portal end to end, in Chromium against a real Paved holding the demo organisation:
 * the docs index, a service's docs with its nav, a Mermaid diagram drawn in the browser under
 * the portal's Content-Security-Policy, dark mode, and Ctrl-K finding a phrase of a page.
 * Screenshots go to e2e-artifacts/docs-*.png.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
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

if (chromiumMissing) console.warn(`docs end-to-end tests skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== undefined)('docs in the portal, in Chromium', () => {
  let paved: TestPaved;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    await ensurePortalBuilt();
    const cwd = await mkdtemp(join(tmpdir(), 'paved-e2e-docs-'));
    paved = await startTestPaved({ catalog: [DEMO_CATALOG], cwd, watch: false });
    await paved.initialRead;
    await paved.settle();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: paved.url });
    page = await context.newPage();
    problems = watchProblems(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await paved?.close();
  });

  async function expectAccessible(name: string) {
    const violations = await axeViolations(page);
    expect(violations, `axe violations on ${name}:\n${describeViolations(violations)}`).toEqual([]);
  }

  it('lists every documented service at /docs', async () => {
    await page.goto('/docs');
    await page.getByTestId('docs-table').waitFor();
    expect(await page.getByTestId('docs-row').count()).toBeGreaterThanOrEqual(10);
    await screenshot(page, 'docs-index');
    await expectAccessible('docs index');
  });

  it("opens a service's docs, follows a nav link and draws its Mermaid diagram as SVG", async () => {
    await page.getByRole('link', { name: 'Order Service' }).first().click();
    await page.waitForURL('**/docs/default/component/order-service/');
    await page.getByTestId('docs-article').locator('h1').waitFor();
    await page
      .getByRole('navigation', { name: 'Pages of these docs' })
      .getByRole('link', { name: 'Order lifecycle' })
      .click();
    await page.waitForURL('**/docs/default/component/order-service/lifecycle/');
    const diagram = page.locator('pre.mermaid[data-rendered="true"] svg').first();
    await diagram.waitFor({ timeout: 20_000 });
    expect(await diagram.evaluate((svg) => svg.getBoundingClientRect().height)).toBeGreaterThan(50);
    await screenshot(page, 'docs-page-mermaid');
    await expectAccessible('docs page');
  });

  it('switches to dark mode: code and diagrams follow', async () => {
    await page.goto('/docs/default/component/storefront-bff/api-usage/');
    await page.getByTestId('docs-article').locator('pre').first().waitFor();
    const lightColor = await page
      .locator('.docs-article pre')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.waitForFunction(
      () => document.documentElement.getAttribute('data-mantine-color-scheme') === 'dark',
    );
    const darkColor = await page
      .locator('.docs-article pre')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(darkColor).not.toBe(lightColor);
    await screenshot(page, 'docs-code-dark');
    await page.goto('/docs/default/component/storefront-bff/');
    await page.locator('pre.mermaid[data-rendered="true"] svg').first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'docs-page-dark');
    await expectAccessible('docs page (dark)');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
  });

  it('finds a phrase of a page with Ctrl-K and lands on that page', async () => {
    await page.goto('/docs');
    await page.getByTestId('docs-table').waitFor();
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').waitFor();
    // Ctrl-K puts the caret in the search field; typed before it lands (after the palette's
    // transition, slow under load), the first letters would go nowhere.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'search-input');
    await page.keyboard.type('persisted queries');
    // The page that has the phrase, among the pages that have both words.
    const hit = page.getByTestId('search-docs-result').filter({ hasText: 'Using the API' }).first();
    await hit.waitFor();
    expect(await hit.textContent()).toContain('Storefront BFF');
    expect(await hit.locator('mark').count()).toBeGreaterThan(0);
    await screenshot(page, 'docs-search-palette');
    await hit.click();
    await page.waitForURL('**/docs/default/component/storefront-bff/api-usage/');
    await page.getByTestId('docs-article').getByText('persisted queries', { exact: false }).first().waitFor();
  });

  it('shows the docs in a Docs tab of the entity page', async () => {
    await page.goto('/catalog/default/component/checkout-service/docs');
    await page.getByTestId('docs-article').locator('h1').waitFor();
    await screenshot(page, 'docs-entity-tab');
    await expectAccessible('entity docs tab');
  });

  it('reported no page errors and no CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
