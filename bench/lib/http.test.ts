import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PollTimeout, pollUntil, request, requestJson } from './http.ts';

describe('http helpers', () => {
  it('refuses to send traffic anywhere but 127.0.0.1', async () => {
    await expect(request('http://localhost:7007/healthz')).rejects.toThrow(/refusing/);
    await expect(request('http://example.com/')).rejects.toThrow(/refusing/);
  });

  it('turns a refused connection into status 0 and an error status into a thrown message', async () => {
    const server = createServer((req, res) => {
      res.statusCode = req.url === '/ok' ? 200 : 500;
      res.end(req.url === '/ok' ? '{"a":1}' : 'broken');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await requestJson(`http://127.0.0.1:${port}/ok`)).toEqual({ a: 1 });
      await expect(requestJson(`http://127.0.0.1:${port}/bad`)).rejects.toThrow(/answered 500: broken/);
    } finally {
      await new Promise((done) => server.close(done));
    }
    expect((await request(`http://127.0.0.1:${port}/ok`)).status).toBe(0);
  });

  it('polls at the interval until a value, and times out with what it saw', async () => {
    let calls = 0;
    const started = performance.now();
    const value = await pollUntil(async () => (++calls === 3 ? 'done' : undefined), {
      intervalMs: 20,
      timeoutMs: 1_000,
      describe: () => '',
    });
    expect(value).toBe('done');
    expect(performance.now() - started).toBeGreaterThanOrEqual(38);
    const error = await pollUntil(async () => undefined, {
      intervalMs: 10,
      timeoutMs: 50,
      describe: () => 'still 3 of 5',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollTimeout);
    expect(String(error)).toMatch(/timed out after 0.05 s: still 3 of 5/);
  });
});
