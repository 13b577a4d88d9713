import { Alert, Anchor, Grid, SimpleGrid, Stack } from '@mantine/core';
import type { Entity } from '@paved/client';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { entityPath } from '../../app/routes-paths.ts';
import { flattenErrors, useEntityErrors } from '../entityQueries.ts';
import { AboutCard } from './AboutCard.tsx';
import { KindCards } from './KindCards.tsx';
import { RelationLists } from './RelationLists.tsx';

export function OverviewTab(props: { entity: Entity; entityRef: string }) {
  return (
    <Stack gap="md">
      <ProcessingErrorsAlert entityRef={props.entityRef} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <AboutCard entity={props.entity} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <RelationLists entity={props.entity} />
        </Grid.Col>
      </Grid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <KindCards entity={props.entity} entityRef={props.entityRef} />
      </SimpleGrid>
    </Stack>
  );
}

/** Says so when the catalog could not process this entity cleanly; the details are on their tab. */
function ProcessingErrorsAlert(props: { entityRef: string }) {
  const errors = useEntityErrors(props.entityRef);
  const lines = flattenErrors(errors.data ?? []);
  if (lines.length === 0) return null;
  const failures = lines.filter((line) => !line.warning).length;
  const title =
    failures > 0
      ? `${failures} processing ${failures === 1 ? 'error' : 'errors'}`
      : `${lines.length} ${lines.length === 1 ? 'warning' : 'warnings'}`;
  return (
    <Alert
      color={failures > 0 ? 'red' : 'yellow'}
      icon={<IconAlertTriangle aria-hidden />}
      title={title}
      // Mantine's yellow title is under 3:1 on its own background; the body's text colour is not
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
      data-testid="processing-errors-alert"
    >
      {failures > 0
        ? lines.some((line) => line.item.served && !line.warning)
          ? 'The latest descriptor of this entity has problems; the catalog still serves its last good version. '
          : 'The catalog reported problems reading this entity. '
        : 'Some relations of this entity point to entities that are not in the catalog. '}
      <Anchor component={Link} to={entityPath(props.entityRef, 'errors')} size="sm" underline="always">
        See the details
      </Anchor>
    </Alert>
  );
}
