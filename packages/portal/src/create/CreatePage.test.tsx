import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { CreatePage } from './CreatePage.tsx';

describe('CreatePage', () => {
  it("lists the catalog's templates with their description, tags and owner, and filters them", async () => {
    renderPortal(<CreatePage />, { path: '/create' });
    const card = await screen.findByRole('article', { name: 'Hello service' });
    expect(card.textContent).toContain('published to a repository hosted by Paved');
    expect(card.textContent).toContain('demo');
    expect(card.textContent).toContain('platform-team');
    expect(screen.getByRole('link', { name: 'Choose Hello service' }).getAttribute('href')).toBe(
      '/create/templates/default/hello-service',
    );
    expect(screen.getByRole('link', { name: 'Task history' }).getAttribute('href')).toBe('/create/tasks');
    expect(screen.getByRole('link', { name: 'Template editor' }).getAttribute('href')).toBe('/create/edit');
    await userEvent.type(screen.getByLabelText('Filter templates'), 'zzz-nothing');
    expect(await screen.findByText('No template matches "zzz-nothing"')).toBeTruthy();
  });
});
