import { rm } from 'node:fs/promises';
import { createPavedClient, type PavedClient } from '@paved/client';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { type SpawnedPaved, spawnPaved } from '../admin/spawnPaved.testing.ts';
import { writeStorageTemplate } from './branchingTemplate.testing.ts';
import { inputLabelled, selectOption } from './selectOption.testing.ts';
import { TemplatePage } from './TemplatePage.tsx';

describe('a template with dependencies/oneOf branches, page by page', () => {
  let paved: SpawnedPaved;
  let dir: string;
  let client: PavedClient;
  beforeAll(async () => {
    dir = await writeStorageTemplate();
    paved = await spawnPaved({ cwd: dir, catalog: ['template.yaml'] });
    client = createPavedClient({ baseUrl: paved.url });
  }, 90_000);
  afterAll(async () => {
    await paved?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("shows the chosen branch's fields, refuses them with the server's errors, then moves on", async () => {
    renderPortal(<TemplatePage />, {
      path: '/create/templates/default/storage-service',
      route: '/create/templates/:namespace/:name',
      client,
    });
    await screen.findByRole('heading', { name: 'Storage', level: 2 });
    expect(screen.queryByLabelText(/Database size/)).toBeNull();
    await selectOption(/^Database \*?$/, 'postgres');
    await screen.findAllByLabelText(/Database size/);
    // The branch's field is required: the server says so on the field, and the page stays.
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(inputLabelled(/Database size/).getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getAllByText('is required').length).toBeGreaterThan(0);
    await userEvent.type(inputLabelled(/Database size/), '20');
    await selectOption(/^Owner/, 'demo');
    await userEvent.type(screen.getByLabelText(/^Repository name/), 'ledger');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Naming', level: 2 });
    await userEvent.type(inputLabelled(/^Name/), 'Bad Name');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(await screen.findAllByText(/must match the pattern/)).not.toHaveLength(0);
    await userEvent.clear(inputLabelled(/^Name/));
    await userEvent.type(inputLabelled(/^Name/), 'ledger');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    const review = await screen.findByRole('table', { name: 'Values of Storage' });
    expect(review.textContent).toContain('postgres');
    expect(review.textContent).toContain('paved?owner=demo&repo=ledger');
  }, 60_000);
});
