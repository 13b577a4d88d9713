import { Badge, Button, Card, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { type Entity, formatEntityRef } from '@paved/client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useApi } from '../../app/api.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ENTITY_SUMMARY_FIELDS } from '../../components/EntityNameCell.tsx';
import { EntityRefLink } from '../../components/EntityRefLink.tsx';
import { LifecycleBadge } from '../../components/LifecycleBadge.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { displayName, profileName, specString } from '../entityFields.ts';
import { entityKey } from '../entityQueries.ts';

const PAGE_SIZE = 20;

const ENTITY_FIELDS = ENTITY_SUMMARY_FIELDS;
const PEOPLE_FIELDS = ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title', 'spec.profile'];

export interface RelatedEntitiesCardProps {
  /** The entity whose page this is (the cache key; a refresh reloads the card). */
  entityRef: string;
  title: string;
  /** One catalog filter, e.g. `{ kind: 'user', 'relations.memberOf': 'group:default/team' }`. */
  filter: Record<string, string>;
  /** What the empty card says. */
  empty: string;
  /** Render nothing at all while there is nothing to list (for rarely used relations). */
  hideWhenEmpty?: boolean;
  /** `people` lists display names; `entities` lists kind, type and lifecycle. */
  variant?: 'people' | 'entities';
}

/**
 * Entities related to this one, asked of the server with a filter and paged with its cursor, so
 * a team that owns thousands of entities costs one page at a time.
 */
export function RelatedEntitiesCard(props: RelatedEntitiesCardProps) {
  const client = useApi();
  const people = props.variant === 'people';
  const fields = people ? PEOPLE_FIELDS : ENTITY_FIELDS;
  const query = useInfiniteQuery({
    queryKey: [...entityKey(props.entityRef), 'related', props.filter, props.variant ?? 'entities'],
    queryFn: ({ pageParam, signal }) =>
      client.queryEntities(
        pageParam
          ? { cursor: pageParam, fields, limit: PAGE_SIZE }
          : {
              filter: [props.filter],
              fields,
              limit: PAGE_SIZE,
              orderFields: [{ field: 'metadata.name', order: 'asc' }],
            },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.pageInfo.nextCursor,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const total = query.data?.pages[0]?.totalItems ?? 0;
  // teams, users and systems have no lifecycle: no empty column for them
  const lifecycles = !people && items.some((entity) => specString(entity, 'lifecycle'));
  if (props.hideWhenEmpty && query.isSuccess && total === 0) return null;

  const headingId = `related-${props.title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId}>
      <Group gap="xs" mb="sm">
        <Title order={2} size="h4" id={headingId}>
          {props.title}
        </Title>
        {query.isSuccess ? (
          <Badge variant="default" radius="sm" aria-label={`${total} in all`}>
            {total}
          </Badge>
        ) : null}
      </Group>
      {query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={`Loading ${props.title.toLowerCase()}`}>
          <Skeleton height={18} />
          <Skeleton height={18} />
          <Skeleton height={18} width="60%" />
        </Stack>
      ) : query.isError ? (
        <QueryError error={query.error} what={props.title.toLowerCase()} retry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={props.empty} />
      ) : (
        <>
          <Table verticalSpacing={6} aria-labelledby={headingId}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>{people ? 'User name' : 'Kind · type'}</Table.Th>
                {/* a fixed width: the badge would be squeezed to an ellipsis by the descriptions */}
                {lifecycles ? <Table.Th w={130}>Lifecycle</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((entity) =>
                people ? (
                  <PersonRow key={formatEntityRef(entity)} entity={entity} />
                ) : (
                  <EntityRow key={formatEntityRef(entity)} entity={entity} lifecycles={lifecycles} />
                ),
              )}
            </Table.Tbody>
          </Table>
          {query.hasNextPage ? (
            <Group justify="center" mt="sm">
              <Button
                variant="default"
                size="xs"
                loading={query.isFetchingNextPage}
                onClick={() => void query.fetchNextPage()}
              >
                Show more ({items.length} of {total})
              </Button>
            </Group>
          ) : null}
        </>
      )}
    </Card>
  );
}

function EntityRow(props: { entity: Entity; lifecycles: boolean }) {
  const { entity } = props;
  const type = specString(entity, 'type');
  const lifecycle = specString(entity, 'lifecycle');
  return (
    <Table.Tr>
      <Table.Td>
        <EntityRefLink entityRef={formatEntityRef(entity)} title={displayName(entity)} icon />
        {entity.metadata.description ? (
          <Text size="xs" c="var(--paved-muted)" lineClamp={1}>
            {entity.metadata.description}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{type ? `${entity.kind} · ${type}` : entity.kind}</Text>
      </Table.Td>
      {props.lifecycles ? (
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <LifecycleBadge lifecycle={lifecycle} />
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

function PersonRow(props: { entity: Entity }) {
  const { entity } = props;
  return (
    <Table.Tr>
      <Table.Td>
        <EntityRefLink
          entityRef={formatEntityRef(entity)}
          title={profileName(entity) ?? displayName(entity)}
          icon
        />
      </Table.Td>
      <Table.Td>
        <Text size="sm" className="paved-mono">
          {entity.metadata.name}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
