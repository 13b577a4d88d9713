import { Group, Paper, SimpleGrid, Skeleton, Text, Title, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { catalogPath } from '../app/routes-paths.ts';
import { KindIcon } from '../components/KindIcon.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { useCatalogCounts } from './useOwnership.ts';

/** What the catalog holds: totals, and a tile per kind that opens the explorer on that kind. */
export function CatalogCounts() {
  const { sources, kinds } = useCatalogCounts();
  const counts = sources.data?.counts;
  const perKind = [...(kinds.data?.facets.kind ?? [])].sort((a, b) => b.count - a.count);
  return (
    <section aria-labelledby="home-catalog-title">
      <Group justify="space-between" align="baseline" mb="xs">
        <Title order={2} size="h4" id="home-catalog-title">
          The catalog
        </Title>
        {counts ? (
          <Text size="sm" c="dimmed" data-testid="catalog-counts">
            {plural(counts.entities, 'entity', 'entities')} from {plural(counts.files, 'file')} in{' '}
            {plural(counts.sources, 'source')}
          </Text>
        ) : null}
      </Group>
      {kinds.error || sources.error ? (
        <QueryError error={kinds.error ?? sources.error} what="the catalog counts" />
      ) : null}
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
        {kinds.isPending
          ? Array.from({ length: 5 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
              <Skeleton key={i} height={64} />
            ))
          : perKind.map((kind) => (
              <UnstyledButton
                key={kind.value}
                component={Link}
                to={catalogPath({ kind: kind.value.toLowerCase() })}
              >
                <Paper withBorder p="sm" radius="md">
                  <Group gap="xs" wrap="nowrap">
                    <KindIcon kind={kind.value} size={22} />
                    <div>
                      <Text fw={700} size="lg" lh={1.1}>
                        {kind.count}
                      </Text>
                      <Text size="sm">{kind.value}</Text>
                    </div>
                  </Group>
                </Paper>
              </UnstyledButton>
            ))}
      </SimpleGrid>
    </section>
  );
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
