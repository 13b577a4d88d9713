import type { RouteObject } from 'react-router';
import { AppLayout } from './AppLayout.tsx';
import { NotFoundPage, RouteError } from './RouteError.tsx';

/**
 * Every page is its own chunk, loaded when first visited; the API viewers and the relations
 * graph are split further inside the entity page.
 */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, lazy: async () => ({ Component: (await import('../home/HomePage.tsx')).HomePage }) },
          {
            path: 'catalog',
            lazy: async () => ({ Component: (await import('../catalog/CatalogPage.tsx')).CatalogPage }),
          },
          {
            path: 'catalog/:namespace/:kind/:name/:tab?',
            lazy: async () => ({ Component: (await import('../entity/EntityPage.tsx')).EntityPage }),
          },
          {
            path: 'admin/:tab?',
            lazy: async () => ({ Component: (await import('../admin/AdminPage.tsx')).AdminPage }),
          },
          {
            path: 'sign-in',
            lazy: async () => ({ Component: (await import('../identity/SignInPage.tsx')).SignInPage }),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
