import type { PavedClient } from '@paved/client';
import type { QueryClient } from '@tanstack/react-query';
import type { RouteObject } from 'react-router';
import { entityKey } from '../entity/entityQueries.ts';
import { AppLayout } from './AppLayout.tsx';
import { NotFoundPage, RouteError } from './RouteError.tsx';
import { refFromParams } from './routes-paths.ts';

/**
 * Every page is its own chunk, loaded when first visited; the API viewers and the relations
 * graph are split further inside the entity page. The entity route starts fetching the entity
 * while its chunk loads (the loader does not wait for it), so a shared link costs one round trip
 * less.
 */
export function createRoutes(deps: { api: PavedClient; queryClient: QueryClient }): RouteObject[] {
  const prefetchEntity = (params: Record<string, string | undefined>) => {
    const ref = refFromParams(params);
    void deps.queryClient.prefetchQuery({
      queryKey: entityKey(ref),
      queryFn: async ({ signal }) => (await deps.api.getEntityByRef(ref, signal)) ?? null,
    });
    return null;
  };
  return [
    {
      path: '/',
      element: <AppLayout />,
      errorElement: <RouteError />,
      children: [
        {
          errorElement: <RouteError />,
          children: [
            {
              index: true,
              lazy: async () => ({ Component: (await import('../home/HomePage.tsx')).HomePage }),
            },
            {
              path: 'catalog',
              lazy: async () => ({ Component: (await import('../catalog/CatalogPage.tsx')).CatalogPage }),
            },
            {
              path: 'catalog/:namespace/:kind/:name/:tab?',
              loader: ({ params }) => prefetchEntity(params),
              lazy: async () => ({ Component: (await import('../entity/EntityPage.tsx')).EntityPage }),
            },
            {
              path: 'create',
              lazy: async () => ({ Component: (await import('../create/CreatePage.tsx')).CreatePage }),
            },
            {
              path: 'create/templates/:namespace/:name',
              lazy: async () => ({ Component: (await import('../create/TemplatePage.tsx')).TemplatePage }),
            },
            {
              path: 'create/edit/:namespace?/:name?',
              lazy: async () => ({
                Component: (await import('../create/editor/TemplateEditorPage.tsx')).TemplateEditorPage,
              }),
            },
            {
              path: 'create/tasks',
              lazy: async () => ({
                Component: (await import('../create/tasks/TaskListPage.tsx')).TaskListPage,
              }),
            },
            {
              path: 'docs',
              lazy: async () => ({ Component: (await import('../docs/DocsIndexPage.tsx')).DocsIndexPage }),
            },
            {
              path: 'docs/:namespace/:kind/:name/*',
              lazy: async () => ({ Component: (await import('../docs/DocsPage.tsx')).DocsPage }),
            },
            {
              path: 'create/tasks/:taskId',
              lazy: async () => ({ Component: (await import('../create/TaskPage.tsx')).TaskPage }),
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
}
