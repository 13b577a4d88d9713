import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Source } from '@paved/client';
import { IconRefresh, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, useApi } from '../app/api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { RelativeTime } from './RelativeTime.tsx';

export const SOURCES_KEY = ['catalog', 'sources'] as const;

const STATUS_COLORS: Record<string, string> = { ok: 'green', error: 'red', pending: 'blue', reading: 'blue' };

function Counts(props: {
  counts: { entities: number; sources: number; files: number; stitchQueue: number };
}) {
  const items = [
    ['Entities', props.counts.entities],
    ['Sources', props.counts.sources],
    ['Files', props.counts.files],
    ['Waiting to be stitched', props.counts.stitchQueue],
  ] as const;
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" component="dl" style={{ margin: 0 }}>
      {items.map(([label, value]) => (
        <Paper key={label} withBorder p="sm" radius="md">
          <Text component="dt" size="sm">
            {label}
          </Text>
          <Text
            component="dd"
            fw={700}
            size="xl"
            m={0}
            data-testid={`count-${label.toLowerCase().split(' ')[0]}`}
          >
            {value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function SourceActions(props: { source: Source; onDelete: (source: Source) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = useMutation({
    mutationFn: () => api.refreshEntity(props.source.entityRef),
    onSuccess: () => notifications.show({ color: 'green', message: `Read ${props.source.target} again` }),
    onError: (error) =>
      notifications.show({
        color: 'red',
        title: `Could not refresh ${props.source.target}`,
        message: errorMessage(error),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['catalog'] }),
  });
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Tooltip label="Read again now">
        <ActionIcon
          variant="subtle"
          aria-label={`Refresh ${props.source.target}`}
          loading={refresh.isPending}
          onClick={() => refresh.mutate()}
        >
          <IconRefresh size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      {props.source.origin === 'api' ? (
        <Tooltip label="Unregister">
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Unregister ${props.source.target}`}
            onClick={() => props.onDelete(props.source)}
          >
            <IconTrash size={18} aria-hidden />
          </ActionIcon>
        </Tooltip>
      ) : null}
    </Group>
  );
}

function ConfirmDelete(props: { source: Source | undefined; onClose: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (source: Source) => api.deleteLocation(source.id),
    onSuccess: (_data, source) => {
      notifications.show({ color: 'green', message: `Unregistered ${source.target}` });
      props.onClose();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['catalog'] }),
  });
  return (
    <Modal
      opened={props.source !== undefined}
      onClose={props.onClose}
      title="Unregister this source?"
      centered
    >
      <Stack>
        <Text size="sm">
          Paved stops reading{' '}
          <Text span className="paved-mono" size="sm">
            {props.source?.target}
          </Text>{' '}
          and removes the entities that only this source provided.
        </Text>
        {remove.error ? (
          <Text c="red" size="sm" role="alert">
            {errorMessage(remove.error)}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() => props.source && remove.mutate(props.source)}
          >
            Unregister
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Every registered source with how its last read went. */
export function SourcesTab() {
  const api = useApi();
  const sources = useQuery({
    queryKey: SOURCES_KEY,
    queryFn: () => api.listSources(),
    refetchInterval: 15_000,
  });
  const [deleting, setDeleting] = useState<Source>();

  if (sources.error)
    return <QueryError error={sources.error} what="the sources" retry={() => void sources.refetch()} />;
  if (!sources.data) return <Skeleton height={240} />;
  const { items, counts } = sources.data;
  return (
    <Stack gap="md">
      <Counts counts={counts} />
      {items.length === 0 ? (
        <EmptyState title="No sources registered">Register a catalog file in the Register tab.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table verticalSpacing="sm" aria-label="Sources" data-testid="sources-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Type</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Origin</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Last read</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((source) => (
                <Table.Tr key={source.id} data-testid="source-row">
                  <Table.Td>
                    <Badge variant="default" tt="none">
                      {source.type}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ maxWidth: 0, width: '45%' }}>
                    <Text size="sm" className="paved-mono" style={{ wordBreak: 'break-all' }}>
                      {source.target}
                    </Text>
                    {source.error ? (
                      <Text size="sm" c="red" mt={4} data-testid="source-error">
                        {source.error}{' '}
                        <Anchor component={Link} to="/admin/errors" size="sm" underline="always">
                          See the processing errors
                        </Anchor>
                      </Text>
                    ) : null}
                    {source.revision ? (
                      <Text size="xs" c="dimmed" className="paved-mono">
                        at {source.revision.slice(0, 12)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{source.origin}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="dot" color={STATUS_COLORS[source.status] ?? 'gray'} tt="none">
                      {source.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <RelativeTime iso={source.refreshedAt} never="not yet" />
                  </Table.Td>
                  <Table.Td>
                    <SourceActions source={source} onDelete={setDeleting} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmDelete source={deleting} onClose={() => setDeleting(undefined)} />
    </Stack>
  );
}
