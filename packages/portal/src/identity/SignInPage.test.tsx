import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { SignInPage } from './SignInPage.tsx';

describe('SignInPage', () => {
  it('lists the catalog users with their teams and narrows them as you type', async () => {
    renderPortal(<SignInPage />, { path: '/sign-in' });
    const list = await screen.findByRole('list', { name: 'Users' });
    expect(list.children.length).toBeGreaterThan(3);
    await userEvent.type(screen.getByLabelText('Find yourself'), 'zzz-nobody');
    expect(await screen.findByText('No user matches "zzz-nobody"')).toBeTruthy();
  });
});
