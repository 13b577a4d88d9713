import { describe, expect, it } from 'vitest';
import { createResolver, readAsyncApi } from './asyncapiModel.ts';

describe('createResolver', () => {
  const document = {
    components: {
      schemas: {
        'a/b': { type: 'string' },
        Alias: { $ref: '#/components/schemas/a~1b' },
        Loop: { $ref: '#/components/schemas/Loop' },
      },
    },
  };
  const resolve = createResolver(document);

  it('follows local refs (escaped, chained) and names the last one', () => {
    expect(resolve({ $ref: '#/components/schemas/Alias' })).toEqual({
      value: { type: 'string' },
      ref: '#/components/schemas/a~1b',
    });
  });

  it('reports external, missing and looping refs as unresolved instead of throwing', () => {
    expect(resolve({ $ref: 'common.yaml#/Money' }).unresolved).toBe('common.yaml#/Money');
    expect(resolve({ $ref: '#/components/schemas/Nope' }).unresolved).toBe('#/components/schemas/Nope');
    expect(resolve({ $ref: '#/components/schemas/Loop' }).unresolved).toBe('#/components/schemas/Loop');
  });
});

describe('readAsyncApi', () => {
  it('groups 3.x operations under their channel and keeps unlisted channel messages apart', () => {
    const model = readAsyncApi({
      asyncapi: '3.0.0',
      info: { title: 'Events', version: '1.0.0' },
      servers: { prod: { host: 'kafka:9092', pathname: '/x', protocol: 'kafka' } },
      channels: {
        orders: {
          address: null,
          messages: {
            placed: { name: 'Placed', payload: { type: 'object' } },
            audit: { payload: { type: 'string' } },
          },
        },
      },
      operations: {
        sendPlaced: {
          action: 'send',
          channel: { $ref: '#/channels/orders' },
          messages: [{ $ref: '#/channels/orders/messages/placed' }],
        },
      },
    });
    expect(model.servers).toEqual([
      { name: 'prod', url: 'kafka:9092/x', protocol: 'kafka', description: undefined },
    ]);
    const [channel] = model.channels;
    expect(channel?.address).toBe('orders');
    expect(
      channel?.operations.map((operation) => [operation.action, operation.messages.map((m) => m.name)]),
    ).toEqual([['send', ['Placed']]]);
    expect(channel?.otherMessages.map((message) => message.name)).toEqual(['audit']);
  });

  it('reads 2.x publish/subscribe with oneOf messages and applies traits under the message', () => {
    const model = readAsyncApi({
      asyncapi: '2.6.0',
      info: { title: 'Events' },
      channels: {
        'a.b': {
          publish: {
            message: {
              oneOf: [{ $ref: '#/components/messages/One' }, { name: 'Two', contentType: 'text/plain' }],
            },
          },
        },
      },
      components: {
        messages: { One: { traits: [{ contentType: 'application/json', name: 'FromTrait' }], name: 'One' } },
      },
    });
    const messages = model.channels[0]?.operations[0]?.messages ?? [];
    expect(model.channels[0]?.operations[0]?.action).toBe('publish');
    expect(messages.map((message) => [message.name, message.contentType])).toEqual([
      ['One', 'application/json'],
      ['Two', 'text/plain'],
    ]);
  });

  it('survives a document with nothing where it expects mappings', () => {
    const model = readAsyncApi({ asyncapi: '3.0.0', info: 'x', channels: [1, 2], operations: 'no' });
    expect(model.title).toBe('Untitled AsyncAPI document');
    expect(model.channels).toEqual([]);
  });
});
