import { Title } from '@mantine/core';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useParams } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { openSearch, SearchPalette } from './SearchPalette.tsx';

function EntityStub() {
  const params = useParams();
  return <Title order={1}>Entity {`${params.kind}:${params.namespace}/${params.name}`}</Title>;
}

function Page() {
  return (
    <>
      <label>
        Some field
        <input data-testid="other-input" />
      </label>
      <SearchPalette />
    </>
  );
}

afterEach(() => localStorage.clear());

describe('SearchPalette', () => {
  it('opens with Ctrl-K even from a text field, finds an entity as you type, and Enter opens it', async () => {
    const { router } = renderPortal(<Page />, {
      path: '/',
      route: '/',
      routes: { '/catalog/:namespace/:kind/:name': <EntityStub /> },
    });
    const other = screen.getByTestId('other-input');
    other.focus();
    fireEvent.keyDown(document.documentElement, { key: 'k', code: 'KeyK', ctrlKey: true });

    const input = await screen.findByTestId('search-input');
    expect(input.getAttribute('aria-label')).toBe('Search the catalog');
    await userEvent.type(input, 'payment gateway');
    const results = await screen.findAllByTestId('search-result');
    expect(results[0]?.textContent).toContain('component:default/payment-gateway');
    expect(results[0]?.getAttribute('role')).toBe('option');
    await waitFor(() => expect(results[0]?.getAttribute('aria-selected')).toBe('true'));
    // The matched words are highlighted.
    expect(
      within(results[0] as HTMLElement).getAllByText(/payment/i, { selector: 'mark' }).length,
    ).toBeGreaterThan(0);

    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(router.state.location.pathname).toBe('/catalog/default/component/payment-gateway'),
    );
    expect(
      await screen.findByRole('heading', { name: 'Entity component:default/payment-gateway' }),
    ).toBeTruthy();
  });

  it('shows recently viewed entities before you type, and offers the catalog when nothing matches', async () => {
    localStorage.setItem(
      'paved-recently-viewed',
      JSON.stringify([
        { ref: 'component:default/checkout-service', kind: 'Component', title: 'Checkout Service', at: 1 },
      ]),
    );
    const { router } = renderPortal(<Page />, {
      path: '/',
      route: '/',
      routes: { '/catalog': <Title>Catalog</Title> },
    });
    fireEvent.keyDown(document.documentElement, { key: 'k', code: 'KeyK', metaKey: true });
    expect(await screen.findByTestId('search-recent')).toHaveProperty(
      'textContent',
      expect.stringContaining('Checkout Service'),
    );

    await userEvent.type(await screen.findByTestId('search-input'), 'zzqx-nothing');
    expect(await screen.findByTestId('search-empty')).toBeTruthy();
    const offer = screen.getByTestId('search-catalog');
    expect(offer.textContent).toContain("Search the catalog for 'zzqx-nothing'");
    await userEvent.click(offer);
    await waitFor(() => expect(router.state.location.pathname).toBe('/catalog'));
    expect(router.state.location.search).toContain('q=zzqx-nothing');
  });

  it('opens from openSearch() (the header button) and closes with Escape', async () => {
    renderPortal(<Page />, { path: '/', route: '/' });
    act(() => openSearch());
    const dialog = await screen.findByRole('dialog', { name: 'Search Paved' });
    expect(within(dialog).getByTestId('search-input')).toBeTruthy();
    // With nothing typed, the pages are offered (and nothing was viewed yet).
    expect(
      within(dialog)
        .getAllByTestId('search-page')
        .map((p) => p.textContent),
    ).toContain('Catalog');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('search-input')).toBeNull());
  });
});
