import { Title } from '@mantine/core';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useParams } from 'react-router';
import { describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { SearchPalette } from './SearchPalette.tsx';
import { snippetNodes } from './SearchResultAction.tsx';

function DocsStub() {
  const params = useParams();
  return <Title order={1}>Docs {`${params.name}/${params['*']}`}</Title>;
}

describe('SearchPalette and docs', () => {
  it('shows pages of docs beside entities, with the matched words marked, and opens the page', async () => {
    const user = userEvent.setup();
    const { router } = renderPortal(<SearchPalette />, {
      path: '/',
      route: '/',
      routes: { '/docs/:namespace/:kind/:name/*': <DocsStub /> },
    });
    fireEvent.keyDown(document.documentElement, { key: 'k', code: 'KeyK', ctrlKey: true });
    const input = await screen.findByTestId('search-input');
    await user.type(input, 'persisted queries');
    const hit = await screen.findByTestId('search-docs-result', {}, { timeout: 5000 });
    expect(hit.textContent).toContain('Using the API');
    expect(hit.textContent).toContain('Storefront BFF');
    expect(hit.querySelectorAll('mark').length).toBeGreaterThan(0);
    await user.click(hit);
    await waitFor(() =>
      expect(router.state.location.pathname).toBe('/docs/default/component/storefront-bff/api-usage/'),
    );
  });

  it('renders a snippet as text with marks, never as HTML', () => {
    const nodes = snippetNodes('a <mark>b</mark> &lt;img src=x onerror=alert(1)&gt; &amp;');
    const { container } = renderPortal(<p data-testid="s">{nodes}</p>);
    void container;
    return waitFor(() => {
      const p = screen.getByTestId('s');
      expect(p.querySelectorAll('img').length).toBe(0);
      expect(p.querySelectorAll('mark').length).toBe(1);
      expect(p.textContent).toBe('a b <img src=x onerror=alert(1)> &');
    });
  });
});
