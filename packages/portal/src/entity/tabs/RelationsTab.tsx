import { Skeleton } from '@mantine/core';
import type { Entity } from '@paved/client';
import { lazy, Suspense } from 'react';

// React Flow and ELK are loaded only when the graph is opened.
const RelationsGraph = lazy(() =>
  import('../graph/RelationsGraph.tsx').then((m) => ({ default: m.RelationsGraph })),
);

export function RelationsTab(props: { entity: Entity }) {
  return (
    <Suspense fallback={<Skeleton height={560} aria-busy="true" aria-label="Loading the relations graph" />}>
      <RelationsGraph entity={props.entity} />
    </Suspense>
  );
}
