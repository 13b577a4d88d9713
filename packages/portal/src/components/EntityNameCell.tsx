import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { entityPath } from '../app/routes-paths.ts';

/** The fields a list of entities asks for to show their name cell, type and lifecycle. */
export const ENTITY_SUMMARY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'spec.type',
  'spec.lifecycle',
];

/** A table cell naming an entity: its title (or name) as a link, the namespace, the description. */
export function EntityNameCell(props: {
  entityRef: string;
  name: string;
  title?: string | undefined;
  namespace?: string | undefined;
  description?: string | undefined;
  width?: string;
}) {
  return (
    <Table.Td style={{ maxWidth: 0, ...(props.width ? { width: props.width } : {}) }}>
      <Anchor component={Link} to={entityPath(props.entityRef)} fw={600} size="sm">
        {props.title ?? props.name}
      </Anchor>
      {props.namespace && props.namespace !== 'default' ? (
        <Text span size="xs" c="dimmed" ml={6}>
          {props.namespace}
        </Text>
      ) : null}
      {props.description ? (
        <Text size="xs" c="dimmed" truncate="end" title={props.description}>
          {props.description}
        </Text>
      ) : null}
    </Table.Td>
  );
}
