import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { signedInClient } from '../../test/signIn.ts';
import { HomePage } from './HomePage.tsx';

afterEach(() => localStorage.clear());

describe('HomePage', () => {
  it('welcomes a guest with a way to sign in, the catalog counts and recently viewed entities', async () => {
    localStorage.setItem(
      'paved-recently-viewed',
      JSON.stringify([
        { ref: 'api:default/checkout-api', kind: 'API', title: 'checkout-api', at: Date.now() },
      ]),
    );
    renderPortal(<HomePage />, { path: '/' });
    const welcome = await screen.findByTestId('guest-welcome');
    const signInLink = within(welcome).getByRole('link', { name: 'Sign in to see what your teams own' });
    expect(signInLink.getAttribute('href')).toBe('/sign-in?next=%2F');
    expect(await screen.findByTestId('catalog-counts')).toHaveProperty(
      'textContent',
      expect.stringMatching(/^\d+ entities from \d+ files in 1 source$/),
    );
    const components = await screen.findByRole('link', { name: /^\d+\s*Component$/ });
    expect(components.getAttribute('href')).toBe('/catalog?kind=component');
    expect(screen.getByTestId('recent-visit').textContent).toContain('checkout-api');
  });

  it("shows a signed-in user what their teams own, by kind, and their files' errors", async () => {
    const client = await signedInClient('user:default/amara.okafor');
    renderPortal(<HomePage />, { path: '/', client });
    expect(await screen.findByRole('heading', { name: 'Welcome, Amara Okafor' })).toBeTruthy();
    expect(screen.getByText(/Your teams: storefront-team/)).toBeTruthy();

    const components = await screen.findByTestId('owned-kind-component');
    expect(components.textContent).toMatch(/Component\s*3/);
    await waitFor(() => expect(screen.getAllByTestId('owned-entity').length).toBe(3));
    expect(screen.getByRole('link', { name: 'Web storefront' })).toBeTruthy();

    await userEvent.click(await screen.findByTestId('owned-kind-api'));
    await waitFor(() =>
      expect(
        screen
          .getAllByTestId('owned-entity')
          .map((r) => r.textContent)
          .join(' '),
      ).toMatch(/api/i),
    );
    const seeAll = screen.getByRole('link', { name: /Open in the catalog|See all/ });
    expect(seeAll.getAttribute('href')).toContain('/catalog?kind=api&owner=user%3Adefault%2Famara.okafor');
    expect(await screen.findByTestId('owned-errors-none')).toBeTruthy();
  });
});
