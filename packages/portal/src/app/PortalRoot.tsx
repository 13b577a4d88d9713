import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiContext, createBrowserClient, createQueryClient } from './api.ts';
import { createRoutes } from './routes.tsx';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme.ts';

/** Providers around the router: theme, API client, query cache, notifications. */
export function PortalRoot() {
  const [client] = useState(createBrowserClient);
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createBrowserRouter(createRoutes({ api: client, queryClient })));
  return (
    <MantineProvider
      theme={theme}
      colorSchemeManager={colorSchemeManager}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="auto"
    >
      <Notifications position="top-right" />
      <ApiContext.Provider value={client}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ApiContext.Provider>
    </MantineProvider>
  );
}
