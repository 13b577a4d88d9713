import {
  Badge,
  Group,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { CatalogError } from '@paved/client';
import { IconAlertTriangle, IconCircleCheck, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApi } from '../app/api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { EntityRefLink } from '../components/EntityRefLink.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { displayLocation, ERROR_KIND_LABELS, isWarning, positionOf } from './errorFormat.ts';

type Show = 'all' | 'errors' | 'warnings';

/** Errors grouped by the file they are in, files in name order. */
function byFile(errors: CatalogError[]): [string, CatalogError[]][] {
  const groups = new Map<string, CatalogError[]>();
  for (const error of errors) groups.set(error.location, [...(groups.get(error.location) ?? []), error]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function matches(error: CatalogError, text: string): boolean {
  if (!text) return true;
  const needle = text.toLowerCase();
  return (
    error.location.toLowerCase().includes(needle) ||
    (error.entityRef ?? '').toLowerCase().includes(needle) ||
    error.errors.some(
      (e) => e.message.toLowerCase().includes(needle) || (e.path ?? '').toLowerCase().includes(needle),
    )
  );
}

function FileErrors(props: { location: string; errors: CatalogError[]; warning: boolean }) {
  return (
    <Paper withBorder radius="md" p="sm" data-testid="error-file">
      <Title order={3} size="sm" className="paved-mono" style={{ wordBreak: 'break-all' }} mb="xs">
        {displayLocation(props.location)}
      </Title>
      <Table.ScrollContainer minWidth={720}>
        <Table
          verticalSpacing={6}
          aria-label={`${props.warning ? 'Warnings' : 'Errors'} in ${displayLocation(props.location)}`}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Entity</Table.Th>
              <Table.Th>Field</Table.Th>
              <Table.Th>Message</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.errors.flatMap((error) =>
              error.errors.map((e, i) => (
                <Table.Tr
                  // biome-ignore lint/suspicious/noArrayIndexKey: the messages of one error have no id of their own
                  key={`${error.document}:${error.entityRef}:${error.kind}:${i}`}
                  data-testid={props.warning ? 'catalog-warning' : 'catalog-error'}
                >
                  <Table.Td>
                    {error.entityRef ? (
                      error.served || isWarning(error) ? (
                        <EntityRefLink entityRef={error.entityRef} />
                      ) : (
                        <Text size="sm" className="paved-mono">
                          {error.entityRef}
                        </Text>
                      )
                    ) : null}
                    {props.warning ? null : (
                      <Group gap={4} mt={2}>
                        <Badge size="xs" variant="dot" color="red" tt="none">
                          {ERROR_KIND_LABELS[error.kind]}
                        </Badge>
                        {error.entityRef ? (
                          <Badge size="xs" variant="default" tt="none">
                            {error.served ? 'last good version served' : 'not served'}
                          </Badge>
                        ) : null}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" className="paved-mono">
                      {e.path ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.message}</Text>
                    <Text
                      size="xs"
                      className="paved-mono"
                      style={{ wordBreak: 'break-all' }}
                      data-testid="error-position"
                    >
                      {positionOf(error.location, e)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )),
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function Section(props: { title: string; errors: CatalogError[]; warning: boolean }) {
  if (props.errors.length === 0) return null;
  const files = byFile(props.errors);
  return (
    <Stack gap="sm" component="section" aria-label={props.title}>
      <Group gap="xs">
        <IconAlertTriangle
          size={20}
          aria-hidden
          color={props.warning ? 'var(--mantine-color-yellow-8)' : 'var(--mantine-color-red-8)'}
        />
        <Title order={2} size="h4">
          {props.title}
        </Title>
        <Text size="sm">
          {props.errors.length} in {files.length} {files.length === 1 ? 'file' : 'files'}
        </Text>
      </Group>
      {files.map(([location, errors]) => (
        <FileErrors key={location} location={location} errors={errors} warning={props.warning} />
      ))}
    </Stack>
  );
}

/** Every processing error of the catalog, by file with line and column; warnings apart. */
export function ErrorsTab() {
  const api = useApi();
  const [search, setSearch] = useSearchParams();
  const [text, setText] = useState('');
  const show = (
    ['errors', 'warnings'].includes(search.get('show') ?? '') ? search.get('show') : 'all'
  ) as Show;
  const errors = useQuery({
    queryKey: ['catalog', 'errors'],
    queryFn: () => api.listErrors(),
    refetchInterval: 15_000,
  });

  if (errors.error)
    return (
      <QueryError error={errors.error} what="the processing errors" retry={() => void errors.refetch()} />
    );
  if (!errors.data) return <Skeleton height={240} />;
  const all = errors.data.items.filter((e) => matches(e, text));
  const hard = all.filter((e) => !isWarning(e));
  const warnings = all.filter(isWarning);
  const total = errors.data.items.length;

  return (
    <Stack gap="lg">
      <Group gap="md" align="flex-end">
        <SegmentedControl
          aria-label="Show"
          value={show}
          onChange={(value) => setSearch(value === 'all' ? {} : { show: value }, { replace: true })}
          data={[
            { value: 'all', label: `All (${hard.length + warnings.length})` },
            { value: 'errors', label: `Errors (${hard.length})` },
            { value: 'warnings', label: `Warnings (${warnings.length})` },
          ]}
        />
        <TextInput
          label="Filter"
          placeholder="File, entity or message"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          w={320}
        />
      </Group>
      {total === 0 ? (
        <EmptyState title="No processing errors" icon={<IconCircleCheck size={28} />}>
          Every file of every source was read and every entity in it is valid.
        </EmptyState>
      ) : null}
      {total > 0 && all.length === 0 ? <EmptyState title={`Nothing matches "${text}"`} /> : null}
      {show !== 'warnings' ? <Section title="Errors" errors={hard} warning={false} /> : null}
      {show !== 'errors' ? (
        <Section title="Warnings: references to entities that do not exist" errors={warnings} warning />
      ) : null}
    </Stack>
  );
}
