import { Anchor, Code, Popover, Text, UnstyledButton } from '@mantine/core';
import type { Entity } from '@paved/client';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../app/api.ts';
import { EntityRefLink } from '../../components/EntityRefLink.tsx';
import { taskPath, templateFormPath } from '../../create/createPaths.ts';
import { entityKey } from '../entityQueries.ts';

const SOURCE_TEMPLATE = 'backstage.io/source-template';

/**
 * "Created from X at version Y": the template run that registered the entity (Paved keeps it
 * with the task), or else the template its `backstage.io/source-template` annotation names.
 */
export function ProvenanceFact(props: {
  entityRef: string;
  entity: Entity;
  fact: (p: { label: string; children: ReactNode }) => ReactNode;
}) {
  const client = useApi();
  const { data } = useQuery({
    queryKey: [...entityKey(props.entityRef), 'provenance'],
    queryFn: async ({ signal }) => (await client.getProvenance(props.entityRef, signal)) ?? null,
  });
  const Fact = props.fact;
  const annotated = props.entity.metadata.annotations?.[SOURCE_TEMPLATE];
  if (data) {
    const values = Object.entries(data.values);
    return (
      <Fact label="Created from">
        <Anchor component={Link} to={templateFormPath(data.templateRef)} size="sm">
          {data.templateTitle ?? data.templateRef}
        </Anchor>{' '}
        at version <Code>{data.templateVersion}</Code>
        <Text component="span" size="sm" display="block">
          by <EntityRefLink entityRef={data.createdBy} defaultKind="user" /> on{' '}
          <time dateTime={data.createdAt} title={data.createdAt}>
            {new Date(data.createdAt).toLocaleDateString()}
          </time>{' '}
          ·{' '}
          <Anchor component={Link} to={taskPath(data.taskId)} size="sm">
            task
          </Anchor>
          {values.length > 0 ? (
            <>
              {' '}
              · <ValuesPopover values={values} />
            </>
          ) : null}
        </Text>
      </Fact>
    );
  }
  if (annotated) {
    return (
      <Fact label="Created from">
        <EntityRefLink entityRef={annotated} defaultKind="template" />
      </Fact>
    );
  }
  return null;
}

function ValuesPopover(props: { values: [string, unknown][] }) {
  return (
    <Popover width={360} position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <UnstyledButton fz="sm" c="var(--mantine-color-anchor)" td="underline">
          values
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="xs" fw={600} mb={4}>
          Values given to the template
        </Text>
        <dl style={{ margin: 0 }}>
          {props.values.map(([key, value]) => (
            <div key={key} style={{ display: 'flex', gap: 8 }}>
              <Text component="dt" size="xs" fw={600}>
                {key}
              </Text>
              <Text
                component="dd"
                size="xs"
                m={0}
                className="paved-mono"
                style={{ overflowWrap: 'anywhere' }}
              >
                {typeof value === 'string' ? value : JSON.stringify(value)}
              </Text>
            </div>
          ))}
        </dl>
      </Popover.Dropdown>
    </Popover>
  );
}
