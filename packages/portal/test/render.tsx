import { MantineProvider } from '@mantine/core';
import { createPavedClient, type PavedClient } from '@paved/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { inject } from 'vitest';
import { ApiContext, createQueryClient } from '../src/app/api.ts';
import { theme } from '../src/app/theme.ts';

/** A client of the real Paved the global setup started (demo organisation loaded). */
export function testClient(): PavedClient {
  return createPavedClient({ baseUrl: inject('pavedUrl') });
}

/**
 * Renders `element` at `path` inside the portal's providers, against the real test server.
 * `routes` adds sibling routes (e.g. a page a link leads to) as `{ path: element }`.
 */
export function renderPortal(
  element: ReactNode,
  options: { path?: string; route?: string; routes?: Record<string, ReactNode>; client?: PavedClient } = {},
) {
  const client = options.client ?? testClient();
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  const router = createMemoryRouter(
    [
      { path: options.route ?? '*', element },
      ...Object.entries(options.routes ?? {}).map(([path, el]) => ({ path, element: el })),
    ],
    { initialEntries: [options.path ?? '/'] },
  );
  const result = render(
    <MantineProvider theme={theme}>
      <ApiContext.Provider value={client}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ApiContext.Provider>
    </MantineProvider>,
  );
  return { ...result, router, client, queryClient };
}
