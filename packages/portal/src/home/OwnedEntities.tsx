import { Anchor, Badge, Paper, Skeleton, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { formatEntityRef } from '@paved/client';
import { useState } from 'react';
import { Link } from 'react-router';
import { catalogPath } from '../app/routes-paths.ts';
import { tableRow } from '../catalog/entityFields.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { EntityNameCell } from '../components/EntityNameCell.tsx';
import { KindIcon } from '../components/KindIcon.tsx';
import { LifecycleBadge } from '../components/LifecycleBadge.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { useOwnedEntities, useOwnedKinds } from './useOwnership.ts';

const SHOWN = 10;
/** Kinds a team looks for first; other kinds follow by count. */
const FIRST = ['component', 'api', 'system', 'resource', 'domain'];

function OwnedList(props: { ownershipRefs: string[]; kind: string; count: number }) {
  const owned = useOwnedEntities(props.ownershipRefs, props.kind, SHOWN);
  if (owned.error)
    return (
      <QueryError
        error={owned.error}
        what={`your ${props.kind} entities`}
        retry={() => void owned.refetch()}
      />
    );
  if (!owned.data) return <Skeleton height={160} />;
  return (
    <Stack gap="xs">
      <Table verticalSpacing={6} aria-label={`${props.kind} entities your teams own`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Lifecycle</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {owned.data.items.map((entity) => {
            const row = tableRow(entity);
            return (
              <Table.Tr key={formatEntityRef(entity)} data-testid="owned-entity">
                <EntityNameCell
                  entityRef={row.ref}
                  name={row.name}
                  title={row.title}
                  description={row.description}
                  width="60%"
                />
                <Table.Td>
                  <Text size="sm">{row.type}</Text>
                </Table.Td>
                <Table.Td>
                  <LifecycleBadge lifecycle={row.lifecycle} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Anchor component={Link} to={catalogPath({ kind: props.kind, owner: props.ownershipRefs })} size="sm">
        {props.count > SHOWN ? `See all ${props.count} in the catalog` : 'Open in the catalog'}
      </Anchor>
    </Stack>
  );
}

/** What the user and their groups own, a tab per kind with its count. */
export function OwnedEntities(props: { ownershipRefs: string[] }) {
  const kinds = useOwnedKinds(props.ownershipRefs);
  const sorted = [...(kinds.data ?? [])].sort((a, b) => {
    const rank = (v: string) => {
      const i = FIRST.indexOf(v.toLowerCase());
      return i === -1 ? FIRST.length : i;
    };
    return rank(a.value) - rank(b.value) || b.count - a.count;
  });
  const [tab, setTab] = useState<string | null>(null);
  const active = tab ?? sorted[0]?.value.toLowerCase() ?? null;

  return (
    <section aria-labelledby="home-owned-title">
      <Title order={2} size="h4" id="home-owned-title" mb="xs">
        What your teams own
      </Title>
      <Paper withBorder p="md" radius="md">
        {kinds.error ? (
          <QueryError error={kinds.error} what="what your teams own" retry={() => void kinds.refetch()} />
        ) : kinds.isPending ? (
          <Skeleton height={200} />
        ) : sorted.length === 0 ? (
          <EmptyState title="Your teams own nothing in the catalog yet">
            Entities whose spec.owner names you or one of your groups appear here.
          </EmptyState>
        ) : (
          <Tabs value={active} onChange={setTab} keepMounted={false}>
            <Tabs.List mb="sm">
              {sorted.map((kind) => (
                <Tabs.Tab
                  key={kind.value}
                  value={kind.value.toLowerCase()}
                  leftSection={<KindIcon kind={kind.value} size={16} />}
                  rightSection={
                    <Badge size="sm" variant="light" color="gray" circle={kind.count < 10}>
                      {kind.count}
                    </Badge>
                  }
                  data-testid={`owned-kind-${kind.value.toLowerCase()}`}
                >
                  {kind.value}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {sorted.map((kind) => (
              <Tabs.Panel key={kind.value} value={kind.value.toLowerCase()}>
                <OwnedList
                  ownershipRefs={props.ownershipRefs}
                  kind={kind.value.toLowerCase()}
                  count={kind.count}
                />
              </Tabs.Panel>
            ))}
          </Tabs>
        )}
      </Paper>
    </section>
  );
}
