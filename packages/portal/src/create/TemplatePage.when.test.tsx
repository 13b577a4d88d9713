// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Backstage template expressions, not JavaScript template literals
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPavedClient, type PavedClient } from '@paved/client';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { type SpawnedPaved, spawnPaved } from '../admin/spawnPaved.testing.ts';
import { inputLabelled, selectOption } from './selectOption.testing.ts';
import { TemplatePage } from './TemplatePage.tsx';

/** A page shown only for services (page-level `when`, Backstage's condition language). */
const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'conditional-pages', title: 'Conditional pages' },
  spec: {
    type: 'service',
    owner: 'group:default/platform-team',
    parameters: [
      {
        title: 'What',
        required: ['shape'],
        properties: {
          shape: { type: 'string', title: 'Shape', enum: ['library', 'service'], default: 'library' },
        },
      },
      {
        title: 'Deployment',
        when: '${{ parameters.shape === "service" }}',
        required: ['replicas'],
        properties: { replicas: { type: 'integer', title: 'Replicas', minimum: 1 } },
      },
      {
        title: 'Naming',
        required: ['name'],
        properties: { name: { type: 'string', title: 'Name' } },
      },
    ],
    steps: [{ id: 'log', action: 'debug:log', input: { message: 'Hello ${{ parameters.name }}' } }],
  },
};

describe('a template with a page-level when', () => {
  let paved: SpawnedPaved;
  let dir: string;
  let client: PavedClient;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paved-when-template-'));
    await writeFile(join(dir, 'template.yaml'), JSON.stringify(template, null, 2));
    paved = await spawnPaved({ cwd: dir, catalog: ['template.yaml'] });
    client = createPavedClient({ baseUrl: paved.url });
  }, 90_000);
  afterAll(async () => {
    await paved?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('skips a page whose condition does not hold, and shows it once it does', async () => {
    renderPortal(<TemplatePage />, {
      path: '/create/templates/default/conditional-pages',
      route: '/create/templates/:namespace/:name',
      client,
    });
    await screen.findByRole('heading', { name: 'What', level: 2 });
    // A library: no Deployment page anywhere, from What straight to Naming, and not reviewed.
    expect(screen.queryByText('Deployment')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Naming', level: 2 });
    await userEvent.type(inputLabelled(/^Name/), 'ledger');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await screen.findByRole('table', { name: 'Values of Naming' });
    expect(screen.queryByRole('table', { name: 'Values of Deployment' })).toBeNull();

    // A service: the Deployment page comes back, and its required field is asked for.
    await userEvent.click(screen.getByRole('button', { name: 'Back' }));
    await userEvent.click(screen.getByRole('button', { name: 'Back' }));
    await screen.findByRole('heading', { name: 'What', level: 2 });
    await selectOption(/^Shape/, 'service');
    expect(await screen.findByText('Deployment')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Deployment', level: 2 });
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect((await screen.findAllByText('is required')).length).toBeGreaterThan(0);
    await userEvent.type(inputLabelled(/^Replicas/), '2');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Naming', level: 2 });
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    const review = await screen.findByRole('table', { name: 'Values of Deployment' });
    expect(within(review).getByText('2')).toBeTruthy();
  }, 60_000);
});
