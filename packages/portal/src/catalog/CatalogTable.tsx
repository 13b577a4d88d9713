import { Badge, Group, Skeleton, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { type Entity, formatEntityRef } from '@paved/client';
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';
import { EntityNameCell } from '../components/EntityNameCell.tsx';
import { EntityRefLink } from '../components/EntityRefLink.tsx';
import { LifecycleBadge } from '../components/LifecycleBadge.tsx';
import type { SortKey } from './catalogState.ts';
import { tableRow } from './entityFields.ts';

const MAX_TAGS = 2;

interface Sort {
  key: SortKey;
  order: 'asc' | 'desc';
}

const COLUMNS: { key: SortKey | 'tags'; label: string; width?: string }[] = [
  { key: 'name', label: 'Name', width: '26%' },
  { key: 'owner', label: 'Owner', width: '15%' },
  { key: 'type', label: 'Type', width: '10%' },
  { key: 'lifecycle', label: 'Lifecycle', width: '16%' },
  { key: 'system', label: 'System', width: '15%' },
  { key: 'tags', label: 'Tags', width: '18%' },
];

function SortableHeader(props: { column: SortKey; label: string; sort: Sort; onSort: (sort: Sort) => void }) {
  const active = props.sort.key === props.column;
  const next: Sort = { key: props.column, order: active && props.sort.order === 'asc' ? 'desc' : 'asc' };
  const Icon = active ? (props.sort.order === 'asc' ? IconArrowUp : IconArrowDown) : IconArrowsSort;
  return (
    <UnstyledButton
      onClick={() => props.onSort(next)}
      aria-label={`Sort by ${props.label.toLowerCase()}${active ? `, ${next.order === 'asc' ? 'ascending' : 'descending'}` : ''}`}
      style={{ font: 'inherit', fontWeight: 'inherit' }}
    >
      <Group gap={4} wrap="nowrap">
        {props.label}
        <Icon size={14} aria-hidden style={{ opacity: active ? 1 : 0.45 }} />
      </Group>
    </UnstyledButton>
  );
}

function Tags(props: { tags: string[] }) {
  const shown = props.tags.slice(0, MAX_TAGS);
  const rest = props.tags.length - shown.length;
  return (
    <Group gap={4}>
      {shown.map((tag) => (
        <Badge key={tag} size="sm" variant="default" tt="none" fw={500}>
          {tag}
        </Badge>
      ))}
      {rest > 0 ? (
        <Tooltip label={props.tags.slice(MAX_TAGS).join(', ')}>
          <Badge
            size="sm"
            variant="default"
            tt="none"
            fw={500}
            aria-label={`${rest} more tags: ${props.tags.slice(MAX_TAGS).join(', ')}`}
          >
            +{rest}
          </Badge>
        </Tooltip>
      ) : null}
    </Group>
  );
}

function EntityRow(props: { entity: Entity }) {
  const row = tableRow(props.entity);
  return (
    <Table.Tr data-testid="catalog-row" data-entity-ref={row.ref}>
      <EntityNameCell
        entityRef={row.ref}
        name={row.name}
        title={row.title}
        namespace={row.namespace}
        description={row.description}
      />
      <Table.Td>{row.owner ? <EntityRefLink entityRef={row.owner} defaultKind="group" /> : null}</Table.Td>
      <Table.Td>
        <Text size="sm">{row.type}</Text>
      </Table.Td>
      <Table.Td>
        <LifecycleBadge lifecycle={row.lifecycle} />
      </Table.Td>
      <Table.Td>{row.system ? <EntityRefLink entityRef={row.system} defaultKind="system" /> : null}</Table.Td>
      <Table.Td>
        <Tags tags={row.tags} />
      </Table.Td>
    </Table.Tr>
  );
}

function SkeletonRows(props: { rows: number }) {
  return Array.from({ length: props.rows }, (_, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
    <Table.Tr key={i} aria-hidden>
      <Table.Td>
        <Skeleton height={14} width="60%" mb={6} />
        <Skeleton height={10} width="85%" />
      </Table.Td>
      {COLUMNS.slice(1).map((c) => (
        <Table.Td key={c.key}>
          <Skeleton height={14} width="70%" />
        </Table.Td>
      ))}
    </Table.Tr>
  ));
}

/** One page of the explorer (at most a page size of rows is ever rendered). */
export function CatalogTable(props: {
  entities: Entity[] | undefined;
  sort: Sort;
  onSort: (sort: Sort) => void;
  caption: string;
  busy: boolean;
}) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table
        verticalSpacing="sm"
        highlightOnHover
        aria-label={props.caption}
        aria-busy={props.busy}
        data-testid="catalog-table"
        style={{ tableLayout: 'fixed' }}
      >
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((column) => {
              const active = column.key === props.sort.key;
              return (
                <Table.Th
                  key={column.key}
                  style={column.width ? { width: column.width } : undefined}
                  aria-sort={active ? (props.sort.order === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {column.key === 'tags' ? (
                    column.label
                  ) : (
                    <SortableHeader
                      column={column.key}
                      label={column.label}
                      sort={props.sort}
                      onSort={props.onSort}
                    />
                  )}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.entities ? (
            props.entities.map((entity) => <EntityRow key={formatEntityRef(entity)} entity={entity} />)
          ) : (
            <SkeletonRows rows={8} />
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
