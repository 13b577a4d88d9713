import type { QueryClient } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { EntityPage } from './EntityPage.tsx';

const ROUTE = '/catalog/:namespace/:kind/:name/:tab?';

let queryClient: QueryClient | undefined;

function renderEntity(path: string) {
  const result = renderPortal(<EntityPage />, { path, route: ROUTE });
  queryClient = result.queryClient;
  return result;
}

// Let the cards that are still loading finish before the page is unmounted: a request cut off
// by the test environment's teardown is reported as "socket hang up".
afterEach(async () => {
  const client = queryClient;
  queryClient = undefined;
  if (!client) return;
  // a page that just rendered starts its queries in effects: give them a moment to start
  await new Promise((resolve) => setTimeout(resolve, 50));
  await waitFor(() => expect(client.isFetching()).toBe(0));
});

function linkIn(container: HTMLElement, name: string | RegExp): HTMLAnchorElement {
  return within(container).getByRole('link', { name }) as HTMLAnchorElement;
}

describe('EntityPage', () => {
  it('shows the header of a component: title, owner, system and lifecycle', async () => {
    renderEntity('/catalog/default/component/checkout-service');
    expect(await screen.findByRole('heading', { level: 1, name: 'Checkout Service' })).toBeTruthy();
    expect(screen.getByTestId('entity-ref').textContent).toBe('component:default/checkout-service');
    const header = screen.getByRole('banner');
    expect(linkIn(within(header).getByTestId('fact-owner'), 'checkout-team').getAttribute('href')).toBe(
      '/catalog/default/group/checkout-team',
    );
    expect(linkIn(within(header).getByTestId('fact-system'), 'checkout').getAttribute('href')).toBe(
      '/catalog/default/system/checkout',
    );
    expect(within(header).getByTestId('lifecycle').textContent).toBe('production');
    expect(
      within(header)
        .getByRole('link', { name: /Runbook/ })
        .getAttribute('href'),
    ).toMatch(/runbook\.md$/);
    await waitFor(() => expect(document.title).toBe('Checkout Service · Paved'));
  });

  it('lists the relations by type, each linking to its entity page', async () => {
    renderEntity('/catalog/default/component/checkout-service');
    const dependsOn = await screen.findByRole('list', { name: 'Depends on' });
    expect(linkIn(dependsOn, 'payment-gateway').getAttribute('href')).toBe(
      '/catalog/default/component/payment-gateway',
    );
    expect(linkIn(dependsOn, 'checkout-redis').getAttribute('href')).toBe(
      '/catalog/default/resource/checkout-redis',
    );
    const consumes = screen.getByRole('list', { name: 'Consumes API' });
    expect(linkIn(consumes, 'payments-api').getAttribute('href')).toBe('/catalog/default/api/payments-api');
    // the component cards ask the server for the related entities, with their titles
    const provided = await screen.findByRole('region', { name: 'Provided APIs' });
    expect(await within(provided).findByRole('link', { name: 'Checkout API' })).toBeTruthy();
  });

  it("shows a group's members by display name, its owned entities and its parent", async () => {
    renderEntity('/catalog/default/group/checkout-team');
    const members = await screen.findByRole('region', { name: 'Members' });
    const kenji = await within(members).findByRole('link', { name: 'Kenji Tanaka' });
    expect(kenji.getAttribute('href')).toBe('/catalog/default/user/kenji.tanaka');
    expect(within(members).getByRole('link', { name: 'Lucía Fernández' })).toBeTruthy();
    const owned = screen.getByRole('region', { name: 'Owned entities' });
    expect(await within(owned).findByRole('link', { name: 'Checkout Service' })).toBeTruthy();
    expect(linkIn(screen.getByRole('list', { name: 'Child of' }), 'digital-commerce')).toBeTruthy();
  });

  it('says which ref is not in the catalog, with ways to find it', async () => {
    renderEntity('/catalog/default/component/no-such-thing');
    const notFound = await screen.findByTestId('entity-not-found');
    expect(notFound.textContent).toContain('component:default/no-such-thing');
    expect(linkIn(notFound, 'Browse the catalog').getAttribute('href')).toBe('/catalog');
    expect(within(notFound).getByRole('button', { name: 'Search' })).toBeTruthy();
    await waitFor(() => expect(document.title).toBe('Entity not found · Paved'));
  });

  it('shows the processing errors tab, empty for the demo catalog which has none', async () => {
    renderEntity('/catalog/default/component/checkout-service/errors');
    expect(await screen.findByText('No processing errors')).toBeTruthy();
    expect(screen.getByRole('tab', { name: /Errors/, selected: true })).toBeTruthy();
    expect(screen.queryByTestId('errors-count')).toBeNull();
  });

  it('shows the descriptor as written, with its file and line', async () => {
    renderEntity('/catalog/default/api/checkout-api/yaml');
    const yaml = await screen.findByTestId('yaml');
    expect(yaml.textContent).toContain('name: checkout-api');
    expect(yaml.textContent).toContain('$text: ./openapi.yaml');
    // the API is the second document of its file
    expect(screen.getByTestId('source-position').textContent).toMatch(
      /examples\/services\/checkout-service\/catalog-info\.yaml:\d+$/,
    );
    expect(screen.getByTestId('source-position').textContent).not.toMatch(/:1$/);
  });

  it('keeps the tab in the URL', async () => {
    const { router, queryClient: client } = renderEntity('/catalog/default/component/checkout-service');
    // leaving a tab cancels its requests, which happy-dom reports as "socket hang up": let them end
    await screen.findByRole('region', { name: 'Dependencies' });
    await waitFor(() => expect(client.isFetching()).toBe(0));
    await userEvent.click(await screen.findByRole('tab', { name: 'YAML' }));
    expect(router.state.location.pathname).toBe('/catalog/default/component/checkout-service/yaml');
    expect(await screen.findByTestId('yaml')).toBeTruthy();
    await userEvent.click(screen.getByRole('tab', { name: 'Overview' }));
    expect(router.state.location.pathname).toBe('/catalog/default/component/checkout-service');
    const provided = await screen.findByRole('region', { name: 'Provided APIs' });
    expect(await within(provided).findByRole('link', { name: 'Checkout API' })).toBeTruthy();
  });

  it('offers the graph controls for the relation types present, kept in the URL', async () => {
    const { router } = renderEntity('/catalog/default/component/checkout-service/relations');
    const types = await screen.findByRole('group', { name: 'Relation types' }, { timeout: 20_000 });
    const labels = within(types)
      .getAllByRole('checkbox')
      .map((box) => (box as HTMLInputElement).labels?.[0]?.textContent);
    expect(labels).toEqual(['Owned by', 'Part of', 'Provides API', 'Consumes API', 'Depends on']);
    expect(await screen.findByRole('region', { name: 'Relations graph of Checkout Service' })).toBeTruthy();
    await userEvent.click(within(types).getByRole('checkbox', { name: 'Depends on' }));
    expect(router.state.location.search).toBe('?hide=dependsOn');
  });

  it('sends an unknown tab back to the overview', async () => {
    const { router } = renderEntity('/catalog/default/component/checkout-service/nonsense');
    await waitFor(() =>
      expect(router.state.location.pathname).toBe('/catalog/default/component/checkout-service'),
    );
  });
});
