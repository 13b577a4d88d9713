import { Anchor, Code, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { Entity } from '@paved/client';
import { IconExternalLink } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { QueryError } from '../../components/QueryError.tsx';
import { entityKey, useEntitySource } from '../entityQueries.ts';
import { highlightYaml } from './highlightYaml.tsx';

/**
 * The descriptor as written in its file, with where it is; the stored entity as YAML when the
 * server has no source for it.
 */
export function YamlTab(props: { entity: Entity; entityRef: string }) {
  const source = useEntitySource(props.entityRef);
  const fallback = useQuery({
    queryKey: [...entityKey(props.entityRef), 'stored-yaml'],
    // `yaml` is loaded only when needed: most entities have their source.
    queryFn: async () => (await import('yaml')).stringify(props.entity),
    enabled: source.data === null,
  });

  if (source.isError) {
    return <QueryError error={source.error} what="the source" retry={() => void source.refetch()} />;
  }
  if (source.isPending || (source.data === null && fallback.isPending)) {
    return <Skeleton height={320} aria-busy="true" aria-label="Loading the YAML" />;
  }
  if (source.data) {
    const { location, line, yaml, viewUrl } = source.data;
    const file = location.replace(/^file:/, '');
    return (
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4">
            Descriptor
          </Title>
          <Group gap="sm">
            <Code data-testid="source-position">
              {file}:{line}
            </Code>
            {viewUrl ? (
              <Anchor href={viewUrl} target="_blank" rel="noopener noreferrer" size="sm">
                <Group gap={4} component="span" wrap="nowrap">
                  <IconExternalLink size={14} aria-hidden />
                  View the file
                </Group>
              </Anchor>
            ) : null}
          </Group>
        </Group>
        <YamlBlock yaml={yaml} label={`YAML of ${props.entityRef} as written in ${file}`} />
      </Stack>
    );
  }
  if (fallback.isError) {
    return <QueryError error={fallback.error} what="the stored entity" />;
  }
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Stored entity
      </Title>
      <Text size="sm">
        The source document is not available, so this is the entity as the catalog stores it, with the
        relations it computed.
      </Text>
      <YamlBlock yaml={fallback.data ?? ''} label={`YAML of ${props.entityRef} as stored`} />
    </Stack>
  );
}

function YamlBlock(props: { yaml: string; label: string }) {
  return (
    // a focusable region, so keyboard users can scroll it (axe: scrollable-region-focusable)
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable
    <section className="paved-yaml" tabIndex={0} aria-label={props.label} data-testid="yaml">
      <pre style={{ margin: 0 }}>
        <code>{highlightYaml(props.yaml)}</code>
      </pre>
    </section>
  );
}
