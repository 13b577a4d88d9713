import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { DocsIndexPage } from './DocsIndexPage.tsx';
import { DocsPage } from './DocsPage.tsx';

const ROUTES = {
  '/docs': <DocsIndexPage />,
  '/docs/:namespace/:kind/:name/*': <DocsPage />,
};

describe('DocsIndexPage', () => {
  it('lists every documented demo entity with its owner, and filters them', async () => {
    const user = userEvent.setup();
    renderPortal(<DocsIndexPage />, { path: '/docs', route: '/docs' });
    const table = await screen.findByTestId('docs-table');
    const rows = within(table).getAllByTestId('docs-row');
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(within(table).getAllByRole('link', { name: 'Checkout Service' })[0]?.getAttribute('href')).toBe(
      '/docs/default/component/checkout-service/',
    );
    expect(table.textContent).toContain('checkout-team');

    await user.type(screen.getByTestId('docs-filter'), 'payment');
    await waitFor(() => expect(within(table).getAllByTestId('docs-row').length).toBeLessThan(rows.length));
    for (const row of within(table).getAllByTestId('docs-row'))
      expect(row.textContent?.toLowerCase()).toContain('payment');
  });
});

describe('DocsPage', () => {
  it('shows the nav, the page and its table of contents, and navigates inside the SPA', async () => {
    const user = userEvent.setup();
    const { router } = renderPortal(<DocsPage />, {
      path: '/docs/default/component/checkout-service/',
      route: '/docs/:namespace/:kind/:name/*',
      routes: ROUTES,
    });
    const article = await screen.findByTestId('docs-article');
    expect(article.querySelector('h1')?.textContent).toContain('Checkout Service');
    const nav = screen.getByRole('navigation', { name: 'Pages of these docs' });
    const overview = within(nav).getByRole('link', { name: 'Overview' });
    expect(overview.getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('navigation', { name: 'On this page' }).textContent).toContain('Dependencies');

    await user.click(within(nav).getByRole('link', { name: 'Runbook' }));
    await waitFor(() =>
      expect(router.state.location.pathname).toBe('/docs/default/component/checkout-service/runbook/'),
    );
    await waitFor(() =>
      expect(screen.getByTestId('docs-article').querySelector('h1')?.textContent).toContain('Runbook'),
    );
    expect(within(nav).getByRole('link', { name: 'Runbook' }).getAttribute('aria-current')).toBe('page');
  });

  it('adds a copy button to code blocks and keeps Mermaid sources for the browser to draw', async () => {
    renderPortal(<DocsPage />, {
      path: '/docs/default/component/order-service/lifecycle/',
      route: '/docs/:namespace/:kind/:name/*',
    });
    const article = await screen.findByTestId('docs-article');
    const diagram = article.querySelector<HTMLElement>('pre.mermaid');
    expect(diagram).not.toBeNull();
    await waitFor(() => expect(diagram?.dataset.source).toContain('stateDiagram-v2'));
    const runbook = await screen.findByRole('link', { name: 'Runbook' });
    expect(runbook).toBeDefined();
  });

  it('names a page that does not exist', async () => {
    renderPortal(<DocsPage />, {
      path: '/docs/default/component/checkout-service/nowhere/',
      route: '/docs/:namespace/:kind/:name/*',
    });
    expect((await screen.findByTestId('docs-page-missing')).textContent).toContain("no page 'nowhere/'");
  });

  it('offers "Edit this page" and the time of the last update', async () => {
    renderPortal(<DocsPage />, {
      path: '/docs/default/component/payment-gateway/runbook/',
      route: '/docs/:namespace/:kind/:name/*',
    });
    const article = await screen.findByTestId('docs-article');
    await waitFor(() => expect(article.querySelectorAll('button.docs-copy').length).toBeGreaterThan(0));
    const edit = await screen.findByRole('link', { name: /Edit this page/ });
    expect(edit.getAttribute('href')).toMatch(
      /^https:\/\/github\.com\/acme-retail\/payment-gateway\/.*runbook\.md$/,
    );
    expect(screen.getByTestId('docs-last-updated').textContent).toMatch(/Last updated|Built/);
  });
});
