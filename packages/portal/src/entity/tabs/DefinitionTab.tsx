import { Skeleton } from '@mantine/core';
import type { Entity } from '@paved/client';
import { lazy, Suspense } from 'react';

// The viewers (Swagger UI, AsyncAPI, GraphQL, shiki) are heavy: their own chunk, loaded on this tab.
const ApiDefinitionView = lazy(() =>
  import('../../apis/ApiDefinitionView.tsx').then((m) => ({ default: m.ApiDefinitionView })),
);

/** An API entity's `spec.definition`, rendered for its type. */
export function DefinitionTab(props: { entity: Entity }) {
  return (
    <Suspense fallback={<Skeleton height={480} aria-busy="true" aria-label="Loading the API definition" />}>
      <ApiDefinitionView entity={props.entity} />
    </Suspense>
  );
}
