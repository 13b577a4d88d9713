/**
 * The Create page's tools end to end in Debian's Chromium: the template editor (a catalog
 * template edited with its dry-run rendered live) and the task history, against a real Paved
 * serving the built portal with its Content-Security-Policy on. Screenshots go to e2e-artifacts/.
 */
import { createPavedClient } from '@paved/client';
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
} from './lib/browser.ts';
import { ensurePortalBuilt } from './lib/portal-build.ts';

if (chromiumMissing) console.warn(`create tools end-to-end tests skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== undefined)('the Create tools in Chromium', () => {
  let paved: TestPaved;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    await ensurePortalBuilt();
    paved = await startTestPaved({ catalog: [DEMO_CATALOG], watch: false });
    await paved.initialRead;
    await paved.settle();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, baseURL: paved.url });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Values a template refuses are a 400 of the dry-run, which the editor shows on the fields;
      // Chromium logs every 4xx response all the same.
      const refusedValues =
        /status of 400/.test(message.text()) && message.location().url.includes('/api/scaffolder/v2/dry-run');
      if (!refusedValues) problems.push(`console.error: ${message.text()} (${message.location().url})`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await paved?.close();
  });

  async function expectAccessible(name: string) {
    const violations = await axeViolations(page);
    expect(violations, `axe violations on ${name}:\n${describeViolations(violations)}`).toEqual([]);
  }

  const templateEditor = () => page.getByRole('textbox', { name: 'Template YAML' });
  const renderedFile = () => page.getByTestId('file-view');

  async function fillValues(name: string) {
    await page.getByLabel(/^Name/).fill(name);
    const owner = page.locator('input').and(page.getByLabel(/^Owner/));
    await owner.fill('group:default/platform-team');
    await owner.press('Escape');
  }

  it('edits the demo template: a value changes, the rendered catalog-info.yaml follows', async () => {
    await page.goto('/create/templates/default/hello-service');
    await page.getByRole('link', { name: 'Open in editor' }).click();
    await page.waitForURL('**/create/edit/default/hello-service');
    await expect(templateEditor().inputValue()).resolves.toContain('name: hello-service');
    // Nothing filled in yet: the server refuses the values, by field.
    await expect(page.getByTestId('values-refused').textContent({ timeout: 15_000 })).resolves.toContain(
      'name: is required',
    );
    await fillValues('e2e-editor');
    await page.getByTestId('file-view').filter({ hasText: 'name: e2e-editor' }).waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('viewer-path').textContent()).resolves.toBe('catalog-info.yaml');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.mouse.move(10, 700);
    await screenshot(page, 'template-editor');
    await expectAccessible('template editor');

    await page.getByLabel(/^Name/).fill('e2e-renamed');
    await renderedFile().filter({ hasText: 'name: e2e-renamed' }).waitFor({ timeout: 20_000 });
    // The template itself: an edit shows in the files, a broken line says where it is broken.
    const yaml = await templateEditor().inputValue();
    await templateEditor().fill(yaml.replace('type: service', 'type: website'));
    await page.getByTestId('file-tree').getByRole('button', { name: 'README.md' }).click();
    await expect(page.getByTestId('viewer-path').textContent()).resolves.toBe('README.md');
    await templateEditor().fill(yaml.replace('  type: service', '  type: [service'));
    const error = page.getByTestId('yaml-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/^Line \d+, column \d+: /);
    // The position moves the cursor to the broken line, marked in the gutter.
    await error.getByRole('button', { name: /^Line \d+, column \d+$/ }).click();
    const cursor = await templateEditor().evaluate((el) => {
      const area = el as HTMLTextAreaElement;
      return area.value.slice(0, area.selectionStart).split('\n').length;
    });
    expect(String(await error.textContent())).toContain(`Line ${cursor},`);
    await screenshot(page, 'template-editor-yaml-error');
    await expectAccessible('template editor with a YAML error');
  });

  it('lists a task in the task history once it ran, and opens it', async () => {
    const client = createPavedClient({ baseUrl: paved.url });
    const name = `e2e-history-${Date.now().toString(36)}`;
    const { id } = await client.createTask({
      templateRef: 'template:default/hello-service',
      values: { name, owner: 'group:default/platform-team' },
    });
    await page.goto('/create');
    await page.getByRole('link', { name: 'Task history' }).click();
    await page.waitForURL('**/create/tasks');
    const row = page.getByTestId('task-row').first();
    await row.filter({ hasText: 'completed' }).waitFor({ timeout: 60_000 });
    await expect(row.textContent()).resolves.toContain('Hello service');
    await page.mouse.move(10, 700);
    await screenshot(page, 'task-history');
    await expectAccessible('task history');
    await row.locator('td').nth(3).click();
    await page.waitForURL(`**/create/tasks/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Run of Hello service' }).waitFor();
  });

  it('stays readable and accessible in the dark theme', async () => {
    await page.goto('/create');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.waitForFunction(
      () => document.documentElement.getAttribute('data-mantine-color-scheme') === 'dark',
    );
    await page.goto('/create/tasks');
    await page.getByTestId('task-row').first().waitFor();
    await page.mouse.move(10, 700);
    await screenshot(page, 'task-history-dark');
    await expectAccessible('task history (dark)');
    await page.goto('/create/edit/default/hello-service');
    await fillValues('e2e-dark');
    await renderedFile().filter({ hasText: 'name: e2e-dark' }).waitFor({ timeout: 20_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.mouse.move(10, 700);
    await screenshot(page, 'template-editor-dark');
    await expectAccessible('template editor (dark)');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.waitForFunction(
      () => document.documentElement.getAttribute('data-mantine-color-scheme') === 'light',
    );
  });

  it('logged no page errors, console errors or CSP violations on the way', () => {
    expect(problems).toEqual([]);
  });
});
