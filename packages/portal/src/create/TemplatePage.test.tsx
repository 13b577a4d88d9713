import { resolve } from 'node:path';
import { createPavedClient } from '@paved/client';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { type SpawnedPaved, spawnPaved } from '../admin/spawnPaved.testing.ts';
import { TaskPage } from './TaskPage.tsx';
import { TemplatePage } from './TemplatePage.tsx';

const route = '/create/templates/:namespace/:name';

describe('TemplatePage', () => {
  it("refuses an invalid name with the server's message and stays on the page", async () => {
    renderPortal(<TemplatePage />, { path: '/create/templates/default/hello-service', route });
    const name = await screen.findByLabelText(/^Name/);
    expect(screen.getByRole('link', { name: 'Open in editor' }).getAttribute('href')).toBe(
      '/create/edit/default/hello-service',
    );
    await userEvent.type(name, 'Not Valid');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findAllByText('must match the pattern ^[a-z][a-z0-9-]{1,62}$')).not.toHaveLength(0);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('heading', { name: 'Service' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next' })).toBeTruthy();
  });

  it('says so when the template does not exist', async () => {
    renderPortal(<TemplatePage />, { path: '/create/templates/default/nope', route });
    expect(await screen.findByText('No such template')).toBeTruthy();
  });
});

describe('a run of the demo template from the form to its output', () => {
  // Creating registers a new component: a Paved of this file's own keeps the shared one unchanged.
  let paved: SpawnedPaved;
  beforeAll(async () => {
    paved = await spawnPaved({
      cwd: resolve(process.cwd(), 'examples'),
      catalog: ['templates/hello-service/template.yaml'],
    });
  }, 90_000);
  afterAll(async () => {
    await paved?.close();
  });

  it('fills the pages, reviews, creates, and shows the steps completed and the output links', async () => {
    // Published repositories outlive the server (they sit next to its data folder): a new name each run.
    const name = `hello-${Date.now().toString(36)}`;
    const client = createPavedClient({ baseUrl: paved.url });
    renderPortal(<TemplatePage />, {
      path: '/create/templates/default/hello-service',
      route,
      routes: { '/create/tasks/:taskId': <TaskPage /> },
      client,
    });
    await userEvent.type(await screen.findByLabelText(/^Name/), name);
    const owner = screen.getAllByLabelText(/^Owner/).find((e) => e.tagName === 'INPUT') as HTMLElement;
    await userEvent.type(owner, 'group:default/platform-team');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Review' }));
    const review = await screen.findByRole('table', { name: 'Values of Service' });
    expect(review.textContent).toContain(name);
    expect(screen.getByRole('table', { name: 'Values of Placement' }).textContent).toContain('experimental');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(screen.getByTestId('task-status').textContent).toBe('completed'), {
      timeout: 60_000,
    });
    for (const step of ['fetch', 'publish', 'register']) {
      expect(screen.getByTestId(`step-${step}`).textContent).toContain('completed');
    }
    expect(screen.getByRole('link', { name: 'Open in catalog' }).getAttribute('href')).toBe(
      `/catalog/default/component/${name}`,
    );
    expect(screen.getByRole('link', { name: /Repository/ }).getAttribute('href')).toMatch(
      new RegExp(`/git/demo/${name}\\.git$`),
    );
  }, 90_000);
});
