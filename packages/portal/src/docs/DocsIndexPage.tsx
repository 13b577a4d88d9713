import './docs.css';
import { Anchor, Badge, Group, Skeleton, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { DocsListItem } from '@paved/client';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatRelative } from '../admin/RelativeTime.tsx';
import { useApi } from '../app/api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { EntityRefLink } from '../components/EntityRefLink.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { docsPath } from './docsPaths.ts';

function matches(item: DocsListItem, needle: string): boolean {
  if (!needle) return true;
  const hay = [item.title, item.name, item.siteName, item.description, item.owner, item.kind]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
  return needle
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word));
}

function StatusBadge(props: { item: DocsListItem }) {
  const { item } = props;
  if (item.status === 'built' && item.warnings === 0) return null;
  if (item.status === 'pending')
    return (
      <Badge color="gray" variant="light">
        building
      </Badge>
    );
  if (item.status === 'failed') {
    return (
      <Tooltip label={item.error ?? 'The last build failed'} multiline w={320}>
        <Badge color="red" variant="light">
          build failed
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Badge color="yellow" variant="light">
      {item.warnings} {item.warnings === 1 ? 'warning' : 'warnings'}
    </Badge>
  );
}

/** `/docs`: every entity with docs, to filter by name, owner or description. */
export function DocsIndexPage() {
  useDocumentTitle('Docs · Paved');
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState(params.get('q') ?? '');
  const docs = useQuery({ queryKey: ['docs-list'], queryFn: ({ signal }) => api.listDocs(signal) });
  const items = (docs.data ?? []).filter((item) => matches(item, filter.trim()));

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Docs</Title>
          <Text className="docs-muted" size="sm">
            Documentation written next to the code, for every entity with a backstage.io/techdocs-ref.
          </Text>
        </div>
        <TextInput
          aria-label="Filter docs"
          placeholder="Filter by name, owner, description…"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={filter}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setFilter(value);
            setParams(value ? { q: value } : {}, { replace: true });
          }}
          w={320}
          data-testid="docs-filter"
        />
      </Group>
      {docs.isPending ? (
        <Skeleton height={240} />
      ) : docs.isError ? (
        <QueryError error={docs.error} what="the list of docs" retry={() => void docs.refetch()} />
      ) : docs.data.length === 0 ? (
        <EmptyState title="No docs yet">
          Add <code>backstage.io/techdocs-ref: dir:.</code> and an mkdocs.yml next to an entity's
          catalog-info.yaml.
        </EmptyState>
      ) : items.length === 0 ? (
        <EmptyState title={`No docs match "${filter}"`} />
      ) : (
        <Table striped highlightOnHover verticalSpacing="sm" data-testid="docs-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Docs</Table.Th>
              <Table.Th>Entity</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Updated</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.entityRef} data-testid="docs-row">
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Anchor component={Link} to={docsPath(item.entityRef)} fw={600}>
                      {item.siteName ?? item.title}
                    </Anchor>
                    <StatusBadge item={item} />
                  </Group>
                  {item.description ? (
                    <Text size="sm" className="docs-muted" lineClamp={2}>
                      {item.description}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <EntityRefLink entityRef={item.entityRef} title={item.title} icon />
                </Table.Td>
                <Table.Td>
                  {item.owner ? <EntityRefLink entityRef={item.owner} defaultKind="group" /> : null}
                </Table.Td>
                <Table.Td>
                  {item.builtAt ? (
                    <Text size="sm" component="time" dateTime={item.builtAt}>
                      {formatRelative(item.builtAt)}
                    </Text>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
