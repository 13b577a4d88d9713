import { Agent, request } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJsonParts } from './raw.ts';

/** Two requests over one kept-alive connection; each answer's status, headers and exact bytes. */
function twoOnOneConnection(
  port: number,
  path: string,
  firstMethod = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const one = (method: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      request({ port, path, agent, host: '127.0.0.1', method }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
  return (async () => {
    const first = await one(firstMethod);
    const second = await one('GET');
    agent.destroy();
    return [first, second];
  })();
}

describe('sendJsonParts', () => {
  let app: FastifyInstance;
  let port: number;
  const items = ['{"name":"café"}', '{"name":"🚀 launch"}', '{"name":"plain"}'];

  beforeAll(async () => {
    app = Fastify();
    app.get('/parts', async (_request, reply) => {
      void reply.header('link', '</parts?after=x>; rel="next"');
      sendJsonParts(reply, ['{"items":[', items[0]!, ',', items[1]!, ',', items[2]!, ']}']);
      return reply;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(() => app.close());

  it('sends the parts as one JSON body, its length in bytes (not characters), with headers set before', async () => {
    const [first, second] = await twoOnOneConnection(port, '/parts');
    for (const answer of [first!, second!]) {
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(answer.headers.link).toBe('</parts?after=x>; rel="next"');
      // é is 2 bytes and 🚀 4 in UTF-8: a length in characters would cut the body short and
      // break the next response on the kept-alive connection.
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      expect(JSON.parse(answer.body.toString('utf8'))).toEqual({
        items: [{ name: 'café' }, { name: '🚀 launch' }, { name: 'plain' }],
      });
    }
  });

  it('answers HEAD with the length of the body it does not send', async () => {
    const [head, get] = await twoOnOneConnection(port, '/parts', 'HEAD');
    expect(head!.status).toBe(200);
    expect(head!.body.length).toBe(0);
    expect(Number(head!.headers['content-length'])).toBe(get!.body.length);
    expect(JSON.parse(get!.body.toString('utf8')).items).toHaveLength(3);
  });
});
