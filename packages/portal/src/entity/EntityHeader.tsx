import { Badge, Button, Code, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Entity } from '@paved/client';
import { IconEdit, IconExternalLink, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage, useApi } from '../app/api.ts';
import { KindIcon } from '../components/KindIcon.tsx';
import { LifecycleBadge } from '../components/LifecycleBadge.tsx';
import { EntityLinks } from './EntityLinks.tsx';
import { displayName, sourceLinks, specString } from './entityFields.ts';
import { entityKey } from './entityQueries.ts';
import { SpecRefFacts } from './SpecRefFacts.tsx';

/** The top of an entity page: who it is, who owns it, where it lives, and what you can do. */
export function EntityHeader(props: { entity: Entity; entityRef: string }) {
  const { entity, entityRef } = props;
  const type = specString(entity, 'type');
  const lifecycle = specString(entity, 'lifecycle');
  const owner = specString(entity, 'owner');
  const system = specString(entity, 'system');
  const domain = specString(entity, 'domain');
  const tags = entity.metadata.tags ?? [];
  return (
    <Stack gap="sm" component="header">
      <Group justify="space-between" align="flex-start" gap="md">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon size={40} variant="light" radius="md" aria-hidden>
              <KindIcon kind={entity.kind} size={24} />
            </ThemeIcon>
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
              {displayName(entity)}
            </Title>
          </Group>
          <Group gap="xs">
            <Code data-testid="entity-ref">{entityRef}</Code>
            <Badge variant="default" radius="sm">
              {type ? `${entity.kind} · ${type}` : entity.kind}
            </Badge>
            <span data-testid="lifecycle">
              <LifecycleBadge lifecycle={lifecycle} />
            </span>
          </Group>
        </Stack>
        <EntityActions entity={entity} entityRef={entityRef} />
      </Group>
      {owner || system || domain || tags.length > 0 ? (
        <Group gap="lg">
          <SpecRefFacts entity={entity} fact={Fact} />
          {tags.length > 0 ? (
            <Fact label="Tags">
              <Group gap={4} component="span">
                {tags.map((tag) => (
                  <Badge key={tag} variant="default" size="sm" radius="sm" tt="none">
                    {tag}
                  </Badge>
                ))}
              </Group>
            </Fact>
          ) : null}
        </Group>
      ) : null}
      <EntityLinks links={entity.metadata.links ?? []} />
    </Stack>
  );
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" data-testid={`fact-${props.label.toLowerCase()}`}>
      <Text size="sm" fw={600} component="span">
        {props.label}
      </Text>
      {props.children}
    </Group>
  );
}

/** Refresh (read the source again now) and links to view or edit the source. */
function EntityActions(props: { entity: Entity; entityRef: string }) {
  const client = useApi();
  const queryClient = useQueryClient();
  const links = sourceLinks(props.entity);
  const refresh = useMutation({
    mutationFn: () => client.refreshEntity(props.entityRef),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: entityKey(props.entityRef) });
      notifications.show({ color: 'green', message: `Read ${props.entityRef} again from its source` });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Refresh failed', message: errorMessage(error) }),
  });
  return (
    <Group gap="xs">
      <Button
        variant="default"
        leftSection={<IconRefresh size={16} aria-hidden />}
        loading={refresh.isPending}
        onClick={() => refresh.mutate()}
      >
        Refresh
      </Button>
      {links.viewUrl ? (
        <Button
          component="a"
          href={links.viewUrl}
          target="_blank"
          rel="noopener noreferrer"
          variant="default"
          leftSection={<IconExternalLink size={16} aria-hidden />}
        >
          View source
        </Button>
      ) : null}
      {links.editUrl ? (
        <Button
          component="a"
          href={links.editUrl}
          target="_blank"
          rel="noopener noreferrer"
          variant="default"
          leftSection={<IconEdit size={16} aria-hidden />}
        >
          Edit
        </Button>
      ) : null}
    </Group>
  );
}
