import { Badge, Button, Card, Group, List, Stack, Title } from '@mantine/core';
import type { Entity } from '@paved/client';
import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState.tsx';
import { EntityRefLink } from '../../components/EntityRefLink.tsx';
import { groupRelations, type RelationGroup } from '../relations.ts';

/** How many refs a group shows before "Show all": a team may own thousands. */
const SHOWN = 15;

/**
 * Every relation of the entity, grouped by type, each target a link. Also the text alternative
 * of the relations graph.
 */
export function RelationLists(props: { entity: Entity }) {
  const groups = groupRelations(props.entity.relations);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="relations-heading">
      <Title order={2} size="h4" id="relations-heading" mb="sm">
        Relations
      </Title>
      {groups.length === 0 ? (
        <EmptyState title={`This ${props.entity.kind.toLowerCase()} declares no relations`}>
          Relations come from spec fields such as owner, system, dependsOn and providesApis.
        </EmptyState>
      ) : (
        <Stack gap="md">
          {groups.map((group) => (
            <RelationGroupList key={group.type} group={group} />
          ))}
        </Stack>
      )}
    </Card>
  );
}

function RelationGroupList(props: { group: RelationGroup }) {
  const { group } = props;
  const [all, setAll] = useState(false);
  const shown = all ? group.targetRefs : group.targetRefs.slice(0, SHOWN);
  const headingId = `relation-${group.type}`;
  return (
    <div>
      <Group gap={6} mb={4}>
        <Title order={3} size="h6" id={headingId}>
          {group.label}
        </Title>
        <Badge variant="default" size="sm" radius="sm" aria-label={`${group.targetRefs.length} in all`}>
          {group.targetRefs.length}
        </Badge>
      </Group>
      <List listStyleType="none" spacing={2} aria-labelledby={headingId} data-relation={group.type}>
        {shown.map((ref) => (
          <List.Item key={ref}>
            <EntityRefLink entityRef={ref} icon />
          </List.Item>
        ))}
      </List>
      {group.targetRefs.length > SHOWN ? (
        <Button variant="subtle" size="compact-xs" mt={4} onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${group.targetRefs.length}`}
        </Button>
      ) : null}
    </div>
  );
}
