/**
 * Reads an AsyncAPI 2.x or 3.x document (already parsed from YAML/JSON) into one small model for
 * the viewer. Local `$ref`s (`#/…`) are followed; anything else the viewer shows as an unresolved
 * reference. It never throws: a malformed part is left out, not fatal.
 *
 * Why not @asyncapi/parser: it validates with Ajv, which compiles schemas with `new Function` and so
 * needs 'unsafe-eval', which the portal's Content-Security-Policy does not allow.
 */
import { asRecord } from '../definition.ts';

type Json = Record<string, unknown>;

export interface AsyncApiModel {
  /** The `asyncapi` field, e.g. "3.0.0". */
  specVersion: string;
  title: string;
  version?: string;
  description?: string;
  contact?: { name?: string; email?: string; url?: string };
  license?: string;
  servers: ServerModel[];
  channels: ChannelModel[];
  /** Follows a local `$ref`; the schema tree resolves as it goes, so cycles cost nothing up front. */
  resolve: Resolver;
}

export interface ServerModel {
  name: string;
  url: string;
  protocol?: string;
  description?: string;
}

export interface ChannelModel {
  key: string;
  address: string;
  title?: string;
  description?: string;
  operations: OperationModel[];
  /** Messages of the channel that no operation lists (3.x), shown on their own. */
  otherMessages: MessageModel[];
}

/** 2.x: publish/subscribe; 3.x: send/receive. */
export interface OperationModel {
  key: string;
  action: string;
  summary?: string;
  description?: string;
  messages: MessageModel[];
}

export interface MessageModel {
  key: string;
  name: string;
  title?: string;
  summary?: string;
  description?: string;
  contentType?: string;
  headers?: unknown;
  payload?: unknown;
  examples: { name?: string; summary?: string; headers?: unknown; payload?: unknown }[];
}

/** What `resolve` returns: the target and the ref it came from (for a type name), or why it failed. */
export interface Resolved {
  value: unknown;
  ref?: string;
  unresolved?: string;
}

export type Resolver = (value: unknown) => Resolved;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value : undefined;

/** Follows `$ref` chains within the document (at most 32 hops, so a ref loop ends). */
export function createResolver(document: Json): Resolver {
  return (value) => {
    let current = value;
    let ref: string | undefined;
    for (let hop = 0; hop < 32; hop++) {
      const target = asRecord(current)?.$ref;
      if (typeof target !== 'string') return { value: current, ref };
      if (!target.startsWith('#/')) return { value: undefined, ref: target, unresolved: target };
      ref = target;
      current = pointer(document, target);
      if (current === undefined) return { value: undefined, ref, unresolved: target };
    }
    return { value: undefined, ref, unresolved: ref };
  };
}

/** A JSON pointer (`#/components/schemas/Money`) into the document. */
function pointer(document: Json, ref: string): unknown {
  let current: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    const record = asRecord(current);
    if (Array.isArray(current)) current = current[Number(key)];
    else if (record && Object.hasOwn(record, key)) current = record[key];
    else return undefined;
  }
  return current;
}

/** The entries of a mapping field, skipping anything that is not a mapping. */
function entries(value: unknown): [string, unknown][] {
  return Object.entries(asRecord(value) ?? {});
}

export function readAsyncApi(document: Json): AsyncApiModel {
  const resolve = createResolver(document);
  const info = asRecord(document.info) ?? {};
  const contact = asRecord(info.contact);
  const specVersion = text(document.asyncapi) ?? 'unknown';
  return {
    specVersion,
    title: text(info.title) ?? 'Untitled AsyncAPI document',
    version: text(info.version),
    description: text(info.description),
    contact: contact
      ? { name: text(contact.name), email: text(contact.email), url: text(contact.url) }
      : undefined,
    license: text(asRecord(info.license)?.name),
    servers: readServers(document, resolve),
    channels: specVersion.startsWith('2.')
      ? readChannelsV2(document, resolve)
      : readChannelsV3(document, resolve),
    resolve,
  };
}

function readServers(document: Json, resolve: Resolver): ServerModel[] {
  return entries(document.servers).flatMap(([name, value]) => {
    const server = asRecord(resolve(value).value);
    if (!server) return [];
    // 2.x has `url`; 3.x splits it into `host` and `pathname`.
    const url = text(server.url) ?? `${text(server.host) ?? ''}${text(server.pathname) ?? ''}`;
    return [{ name, url, protocol: text(server.protocol), description: text(server.description) }];
  });
}

/** 2.x: operations live inside channels as `publish` and `subscribe`; a message may be `oneOf`. */
function readChannelsV2(document: Json, resolve: Resolver): ChannelModel[] {
  return entries(document.channels).flatMap(([address, value]) => {
    const channel = asRecord(resolve(value).value);
    if (!channel) return [];
    const operations = (['publish', 'subscribe'] as const).flatMap((action) => {
      const operation = asRecord(resolve(channel[action]).value);
      if (!operation) return [];
      const message = asRecord(resolve(operation.message).value);
      const alternatives = Array.isArray(message?.oneOf) ? message.oneOf : message ? [operation.message] : [];
      return [
        {
          key: text(operation.operationId) ?? action,
          action,
          summary: text(operation.summary),
          description: text(operation.description),
          messages: alternatives.flatMap((item, index) => readMessage(item, `${action}-${index}`, resolve)),
        },
      ];
    });
    return [{ key: address, address, description: text(channel.description), operations, otherMessages: [] }];
  });
}

/** 3.x: operations are top level and point at their channel and at messages of that channel. */
function readChannelsV3(document: Json, resolve: Resolver): ChannelModel[] {
  const channels = entries(document.channels).flatMap(([key, value]) => {
    const channel = asRecord(resolve(value).value);
    return channel
      ? [{ key, ref: `#/channels/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, channel }]
      : [];
  });
  const operations = entries(document.operations).flatMap(([key, value]) => {
    const operation = asRecord(resolve(value).value);
    return operation ? [{ key, operation }] : [];
  });

  return channels.map(({ key, ref, channel }) => {
    const channelMessages = entries(channel.messages);
    const used = new Set<string>();
    const ownOperations = operations
      .filter(({ operation }) => asRecord(operation.channel)?.$ref === ref)
      .map(({ key: operationKey, operation }) => {
        // An operation without `messages` carries every message of its channel.
        const listed = Array.isArray(operation.messages)
          ? operation.messages.map((item) => {
              const target = asRecord(item)?.$ref;
              const messageKey =
                typeof target === 'string' ? (target.split('/').at(-1) ?? target) : operationKey;
              return [messageKey, item] as const;
            })
          : channelMessages;
        for (const [messageKey] of listed) used.add(messageKey);
        return {
          key: operationKey,
          action: text(operation.action) ?? 'operation',
          summary: text(operation.summary),
          description: text(operation.description),
          messages: listed.flatMap(([messageKey, item]) => readMessage(item, messageKey, resolve)),
        };
      });
    return {
      key,
      // `address: null` means "unknown or dynamic"; the key is the best name there is.
      address: text(channel.address) ?? key,
      title: text(channel.title),
      description: text(channel.description),
      operations: ownOperations,
      otherMessages: channelMessages
        .filter(([messageKey]) => !used.has(messageKey))
        .flatMap(([messageKey, item]) => readMessage(item, messageKey, resolve)),
    };
  });
}

/** A message with its traits applied (the message's own fields win, as both versions specify). */
function readMessage(value: unknown, fallbackKey: string, resolve: Resolver): MessageModel[] {
  const resolved = resolve(value);
  const own = asRecord(resolved.value);
  if (!own) return [];
  const traits = Array.isArray(own.traits) ? own.traits : [];
  const message: Json = Object.assign(
    {},
    ...traits.map((trait) => asRecord(resolve(trait).value) ?? {}),
    own,
  ) as Json;
  const key = resolved.ref?.split('/').at(-1) ?? fallbackKey;
  const payload = asRecord(message.payload);
  return [
    {
      key,
      name: text(message.name) ?? text(message.messageId) ?? key,
      title: text(message.title),
      summary: text(message.summary),
      description: text(message.description),
      contentType: text(message.contentType),
      headers: message.headers,
      // 3.x allows a multi-format schema: { schemaFormat, schema }.
      payload: payload && 'schemaFormat' in payload && 'schema' in payload ? payload.schema : message.payload,
      examples: (Array.isArray(message.examples) ? message.examples : []).flatMap((example) => {
        const record = asRecord(resolve(example).value);
        return record
          ? [
              {
                name: text(record.name),
                summary: text(record.summary),
                headers: record.headers,
                payload: record.payload,
              },
            ]
          : [];
      }),
    },
  ];
}
