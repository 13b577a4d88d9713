import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { CatalogPage } from './CatalogPage.tsx';

function rowNames(): string[] {
  return screen
    .getAllByTestId('catalog-row')
    .map((row) => within(row).getAllByRole('link')[0]?.textContent ?? '');
}

async function rowsLoaded(): Promise<void> {
  await waitFor(() => expect(screen.getAllByTestId('catalog-row').length).toBeGreaterThan(0));
}

describe('CatalogPage', () => {
  it('lists components, and narrows them by a facet value with the URL saying so', async () => {
    const { router } = renderPortal(<CatalogPage />, { path: '/catalog' });
    await rowsLoaded();
    expect(await screen.findByText('10 component entities')).toBeTruthy();

    const lifecycle = await screen.findByTestId('facet-lifecycle');
    const deprecated = await within(lifecycle).findByRole('checkbox', { name: /deprecated/ });
    await userEvent.click(deprecated);

    await waitFor(() => expect(router.state.location.search).toBe('?lifecycle=deprecated'));
    await waitFor(() => expect(screen.getAllByTestId('catalog-row')).toHaveLength(1));
    expect(screen.getByText('1 component entities match')).toBeTruthy();
    // The other facets count under the new filter: one deprecated component, one owner.
    const owner = screen.getByTestId('facet-owner');
    await waitFor(() => expect(within(owner).getAllByRole('checkbox')).toHaveLength(1));
  });

  it('reads its state from the URL: kind, several values of a facet (OR) and sorting', async () => {
    renderPortal(<CatalogPage />, { path: '/catalog?kind=api&type=openapi&type=asyncapi&order=desc' });
    await rowsLoaded();
    const names = rowNames();
    expect(names.length).toBeGreaterThan(1);
    expect(await screen.findByRole('checkbox', { name: /openapi/ })).toHaveProperty('checked', true);
    expect(screen.getByRole('checkbox', { name: /asyncapi/ })).toHaveProperty('checked', true);
    const header = screen.getByRole('columnheader', { name: /Name/ });
    expect(header.getAttribute('aria-sort')).toBe('descending');
  });

  it('pages through with cursors, and the cursor goes into the URL', async () => {
    const { router } = renderPortal(<CatalogPage />, { path: '/catalog?kind=all' });
    await rowsLoaded();
    expect(screen.getAllByTestId('catalog-row')).toHaveLength(25);
    const first = rowNames();
    expect(screen.getByText(/1–25 of \d+ · page 1 of \d/)).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(router.state.location.search).toMatch(/cursor=.+&page=2/));
    await waitFor(() => expect(rowNames()[0]).not.toBe(first[0]));
    expect(screen.getByText(/26–\d+ of \d+ · page 2 of \d/)).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    await waitFor(() => expect(rowNames()).toEqual(first));
  });

  it('filters by free text after typing pauses, and offers to clear filters when nothing matches', async () => {
    const { router } = renderPortal(<CatalogPage />, { path: '/catalog' });
    await rowsLoaded();
    await userEvent.type(screen.getByRole('textbox', { name: 'Search' }), 'checkout');
    await waitFor(() => expect(router.state.location.search).toBe('?q=checkout'));
    await waitFor(() => expect(rowNames()).toEqual(['Checkout Service']));

    await userEvent.type(screen.getByRole('textbox', { name: 'Search' }), '-nothing-like-it');
    expect(await screen.findByText('Nothing matches these filters')).toBeTruthy();
    await userEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0] as HTMLElement);
    await waitFor(() => expect(router.state.location.search).toBe(''));
    await waitFor(() => expect(screen.getAllByTestId('catalog-row')).toHaveLength(10));
    expect((screen.getByRole('textbox', { name: 'Search' }) as HTMLInputElement).value).toBe('');
  });
});
