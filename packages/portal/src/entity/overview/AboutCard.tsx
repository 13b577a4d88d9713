import { Anchor, Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { type Entity, formatEntityRef } from '@paved/client';
import type { ReactNode } from 'react';
import { EntityRefLink } from '../../components/EntityRefLink.tsx';
import { LifecycleBadge } from '../../components/LifecycleBadge.tsx';
import { isHttpUrl, sourceLinks, specString } from '../entityFields.ts';
import { SpecRefFacts } from '../SpecRefFacts.tsx';
import { ProvenanceFact } from './ProvenanceFact.tsx';

/** Description and the facts about an entity, and its annotations. */
export function AboutCard(props: { entity: Entity }) {
  const { entity } = props;
  const type = specString(entity, 'type');
  const parent = specString(entity, 'parent');
  const lifecycle = specString(entity, 'lifecycle');
  const email = profileEmail(entity);
  const { sourceLocation } = sourceLinks(entity);
  const annotations = Object.entries(entity.metadata.annotations ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  );

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="about-heading">
      <Title order={2} size="h4" id="about-heading" mb="sm">
        About
      </Title>
      <Stack gap="md">
        <Text
          size="sm"
          style={{ whiteSpace: 'pre-line' }}
          c={entity.metadata.description ? undefined : 'var(--paved-muted)'}
        >
          {entity.metadata.description || 'No description.'}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm" component="dl" m={0}>
          <Fact label="Kind">{type ? `${entity.kind} · ${type}` : entity.kind}</Fact>
          <SpecRefFacts entity={entity} fact={Fact} />
          {parent ? (
            <Fact label="Parent team">
              <EntityRefLink entityRef={parent} defaultKind="group" icon />
            </Fact>
          ) : null}
          {lifecycle ? (
            <Fact label="Lifecycle">
              <LifecycleBadge lifecycle={lifecycle} />
            </Fact>
          ) : null}
          {email ? (
            <Fact label="Email">
              <Anchor href={`mailto:${email}`} size="sm">
                {email}
              </Anchor>
            </Fact>
          ) : null}
          {sourceLocation ? (
            <Fact label="Source location">
              <MaybeLink value={sourceLocation} />
            </Fact>
          ) : null}
          <ProvenanceFact entity={entity} entityRef={formatEntityRef(entity)} fact={Fact} />
        </SimpleGrid>
        {annotations.length > 0 ? (
          <div>
            <Title order={3} size="h6" mb={4} id="annotations-heading">
              Annotations
            </Title>
            <Table.ScrollContainer minWidth={360}>
              <Table verticalSpacing={4} fz="sm" aria-labelledby="annotations-heading">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Key</Table.Th>
                    <Table.Th>Value</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {annotations.map(([key, value]) => (
                    <Table.Tr key={key}>
                      <Table.Td className="paved-mono" style={{ overflowWrap: 'anywhere' }}>
                        {key}
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>
                        <MaybeLink value={value} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </div>
        ) : null}
      </Stack>
    </Card>
  );
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={600} c="var(--paved-muted)" tt="uppercase">
        {props.label}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
        {props.children}
      </Text>
    </div>
  );
}

/** A link when the value is an http(s) URL (or Backstage's `url:` location), text otherwise. */
function MaybeLink(props: { value: string }) {
  const url = props.value.replace(/^url:/, '');
  return isHttpUrl(url) ? (
    <Anchor href={url} target="_blank" rel="noopener noreferrer" size="sm">
      {props.value}
    </Anchor>
  ) : (
    <span>{props.value}</span>
  );
}

function profileEmail(entity: Entity): string | undefined {
  const profile = entity.spec?.profile;
  if (typeof profile !== 'object' || profile === null) return undefined;
  const email = (profile as { email?: unknown }).email;
  return typeof email === 'string' && email !== '' ? email : undefined;
}
