import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createPavedClient } from '@paved/client';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { AdminPage } from './AdminPage.tsx';
import { type SpawnedPaved, spawnPaved } from './spawnPaved.testing.ts';

// These tests register sources and read errors, so they get a Paved of their own (the shared
// demo server stays as every other test expects it), with a folder of fixtures as its file root.

const FILES: Record<string, string> = {
  // Served, with a reference to a system that does not exist: a warning.
  'teams/catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing
spec:
  type: service
  lifecycle: production
  owner: finance-team
  system: no-such-system
`,
  // Never valid: an error with a field path, and the entity is not served.
  'broken/catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: broken-one
spec:
  type: service
  owner: finance-team
`,
  // Not registered at start: what the register form imports.
  'new/catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger
spec:
  type: service
  lifecycle: experimental
  owner: finance-team
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing
spec:
  type: service
  lifecycle: production
  owner: finance-team
  system: no-such-system
`,
};

let root: string;
let paved: SpawnedPaved;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'paved-portal-admin-'));
  for (const [file, content] of Object.entries(FILES)) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), content);
  }
  paved = await spawnPaved({
    catalog: [join(root, 'teams/catalog-info.yaml'), join(root, 'broken/catalog-info.yaml')],
    cwd: root,
  });
});

afterAll(async () => {
  await paved?.close();
  await rm(root, { recursive: true, force: true });
});

function render(path: string) {
  return renderPortal(<AdminPage />, {
    path,
    route: '/admin/:tab?',
    client: createPavedClient({ baseUrl: paved.url }),
  });
}

describe('AdminPage', () => {
  it('lists the sources with their status and counts', async () => {
    render('/admin/sources');
    const rows = await screen.findAllByTestId('source-row');
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.textContent).join('\n')).toContain(join(root, 'teams/catalog-info.yaml'));
    expect(within(rows[0] as HTMLElement).getByRole('button', { name: /^Refresh / })).toBeTruthy();
    expect(screen.getByTestId('count-sources').textContent).toBe('2');
  });

  it('lists processing errors by file with line and field, and warnings apart', async () => {
    const { router } = render('/admin/errors');
    const errors = await screen.findAllByTestId('catalog-error');
    const brokenFile = join(root, 'broken/catalog-info.yaml');
    expect(errors.map((e) => e.textContent).join('\n')).toContain(brokenFile);
    expect(within(errors[0] as HTMLElement).getByTestId('error-position').textContent).toMatch(
      new RegExp(`^${brokenFile}:\\d+(:\\d+)?$`),
    );
    expect(screen.getByText('not served')).toBeTruthy();
    const warnings = screen.getAllByTestId('catalog-warning');
    expect(warnings.map((w) => w.textContent).join('\n')).toContain('no-such-system');

    await userEvent.click(screen.getByRole('radio', { name: /^Warnings/ }));
    await waitFor(() => expect(router.state.location.search).toBe('?show=warnings'));
    expect(screen.queryAllByTestId('catalog-error')).toHaveLength(0);
    expect(screen.getAllByTestId('catalog-warning').length).toBeGreaterThan(0);
  });

  it('analyzes a target, previews what it adds, and imports it', async () => {
    render('/admin/register');
    const target = await screen.findByRole('textbox', { name: /Target/ });

    // Outside the folders the server may read: the server's reason shows at the field.
    await userEvent.type(target, '/etc/catalog-info.yaml');
    await userEvent.click(screen.getByRole('button', { name: 'Analyze' }));
    expect(await screen.findByText(/outside the folders Paved may read/)).toBeTruthy();

    await userEvent.clear(target);
    await userEvent.type(target, join(root, 'new/catalog-info.yaml'));
    await userEvent.click(screen.getByRole('button', { name: 'Analyze' }));
    const preview = await screen.findByTestId('register-preview');
    const rows = within(preview).getAllByTestId('preview-entity');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/component:default\/ledger.*finance-team.*new/),
      expect.stringMatching(/component:default\/billing.*already exists/),
    ]);

    await userEvent.click(screen.getByTestId('register-import'));
    const done = await screen.findByTestId('register-done');
    expect(
      within(done)
        .getAllByRole('link', { name: /ledger/ })[0]
        ?.getAttribute('href'),
    ).toBe('/catalog/default/component/ledger');
    const sources = await createPavedClient({ baseUrl: paved.url }).listSources();
    expect(sources.items.map((s) => s.target)).toContain(join(root, 'new/catalog-info.yaml'));
  });
});
