import { rm } from 'node:fs/promises';
import { createPavedClient, type PavedClient } from '@paved/client';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPortal } from '../../../test/render.tsx';
import { type SpawnedPaved, spawnPaved } from '../../admin/spawnPaved.testing.ts';
import { writeStorageTemplate } from '../branchingTemplate.testing.ts';
import { selectOption } from '../selectOption.testing.ts';
import { TaskListPage } from './TaskListPage.tsx';

const templateRef = 'template:default/storage-service';

describe('TaskListPage', () => {
  let paved: SpawnedPaved;
  let dir: string;
  let client: PavedClient;
  beforeAll(async () => {
    dir = await writeStorageTemplate();
    paved = await spawnPaved({ cwd: dir, catalog: ['template.yaml'] });
    client = createPavedClient({ baseUrl: paved.url });
    // 21 runs that complete, then one that fails: two pages of 20.
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) {
      ids.push((await client.createTask({ templateRef, values: { database: 'none', name: 'fine' } })).id);
    }
    ids.push((await client.createTask({ templateRef, values: { database: 'none', name: 'fail' } })).id);
    await waitFor(
      async () => {
        const { tasks } = await client.listTasks({ status: ['open', 'processing'] });
        expect(tasks).toEqual([]);
      },
      { timeout: 60_000, interval: 250 },
    );
  }, 120_000);
  afterAll(async () => {
    await paved?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists your tasks newest first, pages them, filters by status and opens one', async () => {
    const { router } = renderPortal(<TaskListPage />, {
      path: '/create/tasks',
      route: '/create/tasks',
      routes: { '/create/tasks/:taskId': <p>the task page</p> },
      client,
    });
    const table = await screen.findByRole('table', { name: 'Tasks' });
    let rows = within(table).getAllByTestId('task-row');
    expect(rows).toHaveLength(20);
    // Newest first: the failed run was started last.
    expect(rows[0]?.textContent).toContain('failed');
    expect(rows[0]?.textContent).toContain('Storage service');
    expect(rows[0]?.textContent).toContain('guest');
    expect(screen.getByText(/22 tasks/)).toBeTruthy();
    expect(
      within(rows[1] as HTMLElement)
        .getByRole('link', { name: 'Storage service' })
        .getAttribute('href'),
    ).toBe('/create/templates/default/storage-service');

    await userEvent.click(screen.getByRole('button', { name: 'Page 2' }));
    await waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(2));
    expect(router.state.location.search).toBe('?page=2');

    await userEvent.click(screen.getByRole('radio', { name: 'Everyone' }));
    await waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(20));
    expect(router.state.location.search).toBe('?who=all');

    await selectOption('Status', 'failed');
    await waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(1));
    rows = screen.getAllByTestId('task-row');
    const { tasks } = await client.listTasks({ status: ['failed'] });
    await userEvent.click(within(rows[0] as HTMLElement).getByText(/s$/, { selector: 'td' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/create/tasks/${tasks[0]?.id}`));
  }, 60_000);
});
