import { Anchor, Badge, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useId, useMemo } from 'react';
import classes from './AsyncApiView.module.css';
import {
  type AsyncApiModel,
  type ChannelModel,
  type MessageModel,
  type OperationModel,
  type Resolver,
  readAsyncApi,
} from './asyncapiModel.ts';
import { Markdown } from './Markdown.tsx';
import { SchemaTree } from './SchemaTree.tsx';

/**
 * An AsyncAPI 2.x or 3.x document: info, servers, and each channel with its operations and their
 * messages (headers and payload as property trees, examples as JSON). Our own compact viewer, because
 * @asyncapi/react-component needs 'unsafe-eval' (see asyncapiModel.ts) and weighs ~3 MB.
 */
export function AsyncApiView({ document }: { document: Record<string, unknown> }) {
  const model = useMemo(() => readAsyncApi(document), [document]);
  return (
    <Stack gap="xl" data-testid="asyncapi-view">
      <InfoSection model={model} />
      {model.servers.length > 0 ? <ServersSection model={model} /> : null}
      <ChannelsSection model={model} />
    </Stack>
  );
}

function InfoSection({ model }: { model: AsyncApiModel }) {
  return (
    <Stack gap="xs">
      <Group gap="sm" align="baseline">
        <Title order={2}>{model.title}</Title>
        {model.version ? <Badge variant="light">{model.version}</Badge> : null}
        <Badge variant="outline" color="gray">
          AsyncAPI {model.specVersion}
        </Badge>
      </Group>
      {model.description ? (
        <div>
          <Markdown source={model.description} />
        </div>
      ) : null}
      {model.contact || model.license ? (
        <Group gap="lg">
          {model.contact ? (
            <Text size="sm">
              Contact: {model.contact.name ?? ''}
              {model.contact.email ? (
                <>
                  {' '}
                  <Anchor href={`mailto:${model.contact.email}`}>{model.contact.email}</Anchor>
                </>
              ) : null}
              {model.contact.url ? (
                <>
                  {' '}
                  <Anchor href={model.contact.url} target="_blank" rel="noreferrer">
                    {model.contact.url}
                  </Anchor>
                </>
              ) : null}
            </Text>
          ) : null}
          {model.license ? <Text size="sm">License: {model.license}</Text> : null}
        </Group>
      ) : null}
    </Stack>
  );
}

function ServersSection({ model }: { model: AsyncApiModel }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Title order={3} id={headingId} mb="xs">
        Servers
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>URL</Table.Th>
              <Table.Th>Protocol</Table.Th>
              <Table.Th>Description</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {model.servers.map((server) => (
              <Table.Tr key={server.name}>
                <Table.Td>{server.name}</Table.Td>
                <Table.Td>
                  <Code>{server.url}</Code>
                </Table.Td>
                <Table.Td>{server.protocol ?? ''}</Table.Td>
                <Table.Td>{server.description ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}

function ChannelsSection({ model }: { model: AsyncApiModel }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Title order={3} id={headingId} mb="xs">
        Channels
      </Title>
      {model.channels.length === 0 ? (
        <Text>This document defines no channels.</Text>
      ) : (
        <Stack gap="md">
          {model.channels.map((channel) => (
            <ChannelCard key={channel.key} channel={channel} resolve={model.resolve} />
          ))}
        </Stack>
      )}
    </section>
  );
}

function ChannelCard({ channel, resolve }: { channel: ChannelModel; resolve: Resolver }) {
  return (
    <Paper withBorder p="md" component="article">
      <Stack gap="sm">
        <div>
          <Title order={4} ff="monospace" fz="md" style={{ overflowWrap: 'anywhere' }}>
            {channel.address}
          </Title>
          {channel.title ? <Text fw={500}>{channel.title}</Text> : null}
          {channel.description ? <Markdown source={channel.description} /> : null}
        </div>
        {channel.operations.map((operation) => (
          <OperationBlock key={operation.key} operation={operation} resolve={resolve} />
        ))}
        {channel.otherMessages.length > 0 ? (
          <Stack gap="sm">
            <Text fw={600}>Messages</Text>
            {channel.otherMessages.map((message) => (
              <MessageBlock key={message.key} message={message} resolve={resolve} />
            ))}
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** Sending actions in one colour, receiving in another, whatever the version calls them (AA contrast in both themes). */
const actionColors: Record<string, string> = {
  send: 'blue',
  publish: 'blue',
  receive: 'violet',
  subscribe: 'violet',
};

function OperationBlock({ operation, resolve }: { operation: OperationModel; resolve: Resolver }) {
  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap">
        <Badge color={actionColors[operation.action] ?? 'gray'} variant="light">
          {operation.action}
        </Badge>
        <Code>{operation.key}</Code>
        {operation.summary ? <Text size="sm">{operation.summary}</Text> : null}
      </Group>
      {operation.description ? <Markdown source={operation.description} size="sm" /> : null}
      {operation.messages.map((message) => (
        <MessageBlock key={message.key} message={message} resolve={resolve} />
      ))}
    </Stack>
  );
}

function MessageBlock({ message, resolve }: { message: MessageModel; resolve: Resolver }) {
  return (
    <div className={classes.message}>
      <Group gap="xs" align="baseline">
        <Title order={5}>{message.name}</Title>
        {message.title && message.title !== message.name ? <Text size="sm">{message.title}</Text> : null}
        {message.contentType ? (
          <Badge size="sm" variant="outline" color="gray">
            {message.contentType}
          </Badge>
        ) : null}
      </Group>
      {message.summary ? <Text size="sm">{message.summary}</Text> : null}
      {message.description ? <Markdown source={message.description} size="sm" /> : null}
      {message.headers !== undefined ? (
        <Stack gap={2} mt="xs">
          <Text size="sm" fw={600}>
            Headers
          </Text>
          <SchemaTree schema={message.headers} resolve={resolve} label={`Headers of ${message.name}`} />
        </Stack>
      ) : null}
      {message.payload !== undefined ? (
        <Stack gap={2} mt="xs">
          <Text size="sm" fw={600}>
            Payload
          </Text>
          <SchemaTree schema={message.payload} resolve={resolve} label={`Payload of ${message.name}`} />
        </Stack>
      ) : null}
      {message.examples.map((example, index) => (
        <details className={classes.example} key={example.name ?? index}>
          <summary>
            Example{example.name ? `: ${example.name}` : ''}
            {example.summary ? ` — ${example.summary}` : ''}
          </summary>
          <Code block mt={4}>
            {JSON.stringify({ headers: example.headers, payload: example.payload }, null, 2)}
          </Code>
        </details>
      ))}
    </div>
  );
}
