import './entity.css';
import { Badge, Stack, Tabs } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { type Entity, formatEntityRef } from '@paved/client';
import { useEffect } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { entityPath, refFromParams } from '../app/routes-paths.ts';
import { PageSkeleton } from '../components/PageSkeleton.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { recordVisit } from '../components/recentlyViewed.ts';
import { hasDocs } from '../docs/docsPaths.ts';
import { EntityHeader } from './EntityHeader.tsx';
import { EntityNotFound } from './EntityNotFound.tsx';
import { displayName } from './entityFields.ts';
import { flattenErrors, useEntity, useEntityErrors } from './entityQueries.ts';
import { type EntityTab, type EntityTabId, entityTabs } from './entityTabs.ts';
import { OverviewTab } from './overview/OverviewTab.tsx';
import { TabErrorBoundary } from './TabErrorBoundary.tsx';
import { ApisTab } from './tabs/ApisTab.tsx';
import { DefinitionTab } from './tabs/DefinitionTab.tsx';
import { DocsTab } from './tabs/DocsTab.tsx';
import { ErrorsTab } from './tabs/ErrorsTab.tsx';
import { RelationsTab } from './tabs/RelationsTab.tsx';
import { YamlTab } from './tabs/YamlTab.tsx';

/** `/catalog/:namespace/:kind/:name/:tab?`: one entity, its tabs in the URL. */
export function EntityPage() {
  const params = useParams();
  const routeRef = refFromParams(params);
  const entity = useEntity(routeRef);
  const data = entity.data;
  useDocumentTitle(
    data ? `${displayName(data)} · Paved` : data === null ? 'Entity not found · Paved' : 'Loading · Paved',
  );

  if (entity.isPending) return <PageSkeleton />;
  if (entity.isError) {
    return <QueryError error={entity.error} what={routeRef} retry={() => void entity.refetch()} />;
  }
  if (!data) return <EntityNotFound entityRef={routeRef} />;
  return <EntityView entity={data} tab={params.tab ?? 'overview'} />;
}

function EntityView(props: { entity: Entity; tab: string }) {
  const { entity } = props;
  // The stored spelling of the ref: the URL may differ in case.
  const ref = formatEntityRef(entity);
  const navigate = useNavigate();
  const tabs = entityTabs(entity.kind, { docs: hasDocs(entity) });
  const current = tabs.find((t) => t.id === props.tab);

  useEffect(() => {
    recordVisit({ ref, kind: entity.kind, title: displayName(entity) });
  }, [ref, entity]);

  if (!current) return <Navigate to={entityPath(ref)} replace />;
  return (
    <Stack gap="lg">
      <EntityHeader entity={entity} entityRef={ref} />
      <Tabs
        value={current.id}
        onChange={(id) => navigate(entityPath(ref, id === 'overview' || !id ? undefined : id))}
        keepMounted={false}
      >
        <Tabs.List aria-label="Sections of this entity">
          {tabs.map((tab) => (
            <Tabs.Tab
              key={tab.id}
              value={tab.id}
              rightSection={tab.id === 'errors' ? <ErrorCount entityRef={ref} /> : undefined}
            >
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((tab) => (
          <Tabs.Panel key={tab.id} value={tab.id} pt="md">
            {tab.id === current.id ? (
              <TabErrorBoundary key={`${ref}/${tab.id}`} what={`the ${tab.label} tab`}>
                <TabContent tab={tab} entity={entity} entityRef={ref} />
              </TabErrorBoundary>
            ) : null}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

function TabContent(props: { tab: EntityTab; entity: Entity; entityRef: string }) {
  const { entity, entityRef } = props;
  const id: EntityTabId = props.tab.id;
  switch (id) {
    case 'overview':
      return <OverviewTab entity={entity} entityRef={entityRef} />;
    case 'relations':
      return <RelationsTab entity={entity} />;
    case 'api':
      return entity.kind.toLowerCase() === 'api' ? (
        <DefinitionTab entity={entity} />
      ) : (
        <ApisTab entityRef={entityRef} />
      );
    case 'docs':
      return <DocsTab entity={entity} entityRef={entityRef} />;
    case 'yaml':
      return <YamlTab entity={entity} entityRef={entityRef} />;
    case 'errors':
      return <ErrorsTab entityRef={entityRef} />;
  }
}

/** The number of processing errors and warnings, on the Errors tab. */
function ErrorCount(props: { entityRef: string }) {
  const errors = useEntityErrors(props.entityRef);
  const lines = flattenErrors(errors.data ?? []);
  if (lines.length === 0) return null;
  const failures = lines.some((line) => !line.warning);
  return (
    <Badge
      color={failures ? 'red' : 'yellow'}
      variant={failures ? 'filled' : 'light'}
      size="sm"
      circle={lines.length < 10}
      aria-label={`${lines.length} ${failures ? 'errors' : 'warnings'}`}
      data-testid="errors-count"
    >
      {lines.length}
    </Badge>
  );
}
