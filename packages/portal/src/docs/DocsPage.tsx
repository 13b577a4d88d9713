import { Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router';
import { refFromParams } from '../app/routes-paths.ts';
import { useEntity } from '../entity/entityQueries.ts';
import { DocsView, useDocsSite } from './DocsView.tsx';
import { pageUrlFromSplat } from './docsPaths.ts';

/** `/docs/:namespace/:kind/:name/*`: one page of an entity's docs. */
export function DocsPage() {
  const params = useParams();
  const entityRef = refFromParams(params);
  const pageUrl = pageUrlFromSplat(params['*']);
  const site = useDocsSite(entityRef);
  const entity = useEntity(entityRef);
  const owner = entity.data?.relations?.find((r) => r.type === 'ownedBy')?.targetRef;
  useDocumentTitle(site.data ? `${site.data.siteName} · Docs · Paved` : 'Docs · Paved');
  return (
    <Stack gap="md">
      <DocsView key={entityRef} entityRef={entityRef} pageUrl={pageUrl} owner={owner} />
    </Stack>
  );
}
