/**
 * Embedded sign-in: acting as a catalog User through a signed session cookie (or the same token
 * as a bearer token), and what the rest of the API sees of it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { startPaved } from '../src/server.ts';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';
import { createTree, type Tree, yamlFile } from './fixtures/ingestion/harness.ts';

const user = (name: string, memberOf: string[]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name },
  spec: { profile: { displayName: name.toUpperCase() }, memberOf },
});
const group = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: { type: 'team', children: [] },
});
const org = yamlFile(
  user('jane', ['payments', 'platform']),
  user('joe', []),
  group('payments'),
  group('platform'),
);

let tree: Tree;
let paved: TestPaved;

beforeAll(async () => {
  tree = await createTree({ 'org.yaml': org });
  paved = await startTestPaved({ catalog: [tree.path('org.yaml')], cwd: tree.dir, watch: false });
});

afterAll(async () => {
  await paved?.close();
  await tree?.dispose();
});

async function call(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${paved.url}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    // biome-ignore lint/suspicious/noExplicitAny: JSON read by assertions
    body: (text ? JSON.parse(text) : undefined) as any,
    setCookie: response.headers.get('set-cookie') ?? '',
  };
}

async function signIn(userRef: string) {
  const answer = await call('POST', '/api/auth/sign-in', { body: { userRef } });
  const token = /paved_session=([^;]+)/.exec(answer.setCookie)?.[1];
  return { ...answer, token, cookie: `paved_session=${token}` };
}

describe('sign-in', () => {
  it('answers a guest when nobody signed in', async () => {
    const me = await call('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ userRef: 'user:default/guest', kind: 'guest', ownershipRefs: [] });
  });

  it('signs in as a catalog User: an HttpOnly session cookie, and the identity with its groups', async () => {
    const answer = await signIn('user:default/jane');
    expect(answer.status).toBe(200);
    expect(answer.setCookie).toMatch(/^paved_session=[\w-]+\.[\w-]+;/);
    expect(answer.setCookie).toMatch(/; HttpOnly/);
    expect(answer.setCookie).toMatch(/; SameSite=Lax/);
    expect(answer.setCookie).toMatch(/; Path=\//);
    expect(answer.setCookie).toMatch(/; Max-Age=2592000/);
    expect(answer.body).toMatchObject({
      userRef: 'user:default/jane',
      kind: 'user',
      ownershipRefs: ['user:default/jane', 'group:default/payments', 'group:default/platform'],
      entity: { kind: 'User', metadata: { name: 'jane' } },
    });

    const me = await call('GET', '/api/auth/me', { headers: { cookie: answer.cookie } });
    expect(me.body).toEqual(answer.body);
    const bearer = await call('GET', '/api/auth/me', {
      headers: { authorization: `Bearer ${answer.token}` },
    });
    expect(bearer.body.userRef).toBe('user:default/jane');
  });

  it('accepts the short forms jane and default/jane, in any case', async () => {
    for (const ref of ['jane', 'default/Jane', 'User:default/JANE']) {
      const answer = await signIn(ref);
      expect(answer.status, ref).toBe(200);
      expect(answer.body.userRef, ref).toBe('user:default/jane');
    }
  });

  it('refuses a User the catalog does not have, and a ref that is not a User, naming it', async () => {
    const unknown = await signIn('user:default/nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.name).toBe('NotFoundError');
    expect(unknown.body.error.message).toMatch(/No User user:default\/nobody in the catalog/);
    expect(unknown.setCookie).toBe('');

    const notAUser = await signIn('group:default/payments');
    expect(notAUser.status).toBe(400);
    expect(notAUser.body.error.message).toMatch(/"group:default\/payments" names a group, not a User/);

    const malformed = await signIn('user:default/');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/Invalid userRef "user:default\/"/);

    const noBody = await call('POST', '/api/auth/sign-in', { body: {} });
    expect(noBody.status).toBe(400);
    expect(noBody.body.error.message).toMatch(/userRef/);
  });

  it('treats a tampered or foreign token as a guest, and drops such a cookie', async () => {
    const { token } = await signIn('joe');
    const [payload, signature] = (token ?? '').split('.') as [string, string];
    const forged = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('joe', 'jane')).toString(
      'base64url',
    );
    for (const bad of [`${forged}.${signature}`, 'not-a-token', `${payload}.x`]) {
      const me = await call('GET', '/api/auth/me', { headers: { cookie: `paved_session=${bad}` } });
      expect(me.body.kind, bad).toBe('guest');
      expect(me.setCookie, bad).toMatch(/^paved_session=;.*Expires=Thu, 01 Jan 1970/);
      const viaBearer = await call('GET', '/api/auth/me', { headers: { authorization: `Bearer ${bad}` } });
      expect(viaBearer.body.kind, bad).toBe('guest');
    }
  });

  it('signs out: 204 and the cookie cleared', async () => {
    const { cookie } = await signIn('jane');
    const out = await call('POST', '/api/auth/sign-out', { headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.setCookie).toMatch(/^paved_session=;.*Expires=Thu, 01 Jan 1970.*; HttpOnly; SameSite=Lax/);
  });

  it('acts as the signed-in User everywhere: mutations are audited with the user as actor', async () => {
    const { cookie } = await signIn('jane');
    const refresh = await call('POST', '/api/catalog/refresh', {
      body: { entityRef: 'user:default/joe' },
      headers: { cookie },
    });
    expect(refresh.status).toBe(200);
    await call('POST', '/api/catalog/refresh', { body: { entityRef: 'user:default/joe' } });
    const { rows } = await paved.db.query<{ actor: string; action: string }>(
      `SELECT actor, action FROM audit_log WHERE action IN ('catalog.entity.refresh', 'auth.sign-in') ORDER BY id`,
    );
    const refreshes = rows.filter((r) => r.action === 'catalog.entity.refresh').map((r) => r.actor);
    expect(refreshes.slice(-2)).toEqual(['user:default/jane', 'user:default/guest']);
    expect(rows.some((r) => r.action === 'auth.sign-in')).toBe(true);
  });

  it('turns the session of a User who left the catalog into a guest', async () => {
    const { cookie } = await signIn('joe');
    await tree.write(
      'org.yaml',
      yamlFile(user('jane', ['payments', 'platform']), group('payments'), group('platform')),
    );
    expect(
      (await call('POST', '/api/catalog/refresh', { body: { entityRef: 'user:default/jane' } })).status,
    ).toBe(200);
    const me = await call('GET', '/api/auth/me', { headers: { cookie } });
    expect(me.body.kind).toBe('guest');
    await tree.write('org.yaml', org);
    await call('POST', '/api/catalog/refresh', { body: { entityRef: 'user:default/jane' } });
    expect((await call('GET', '/api/auth/me', { headers: { cookie } })).body.userRef).toBe(
      'user:default/joe',
    );
  });
});

describe('the session secret', () => {
  it('is made once per installation, so sessions outlive a restart', async () => {
    const root = await mkdtemp(join(tmpdir(), 'paved-auth-'));
    const orgTree = await createTree({ 'org.yaml': org });
    const log = pino({ level: 'silent' });
    const config = loadConfig(
      {
        port: 0,
        dataDir: join(root, 'data'),
        demo: false,
        watch: false,
        catalog: [orgTree.path('org.yaml')],
      },
      {},
      root,
    );
    const start = async () => {
      const server = await startPaved(config, { log });
      await server.initialRead;
      await server.settle();
      return server;
    };
    try {
      let server = await start();
      const signedIn = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userRef: 'jane' }),
      });
      expect(signedIn.status).toBe(200);
      const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      await server.close();

      server = await start();
      const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).json()) as {
        userRef: string;
      };
      await server.close();
      expect(me.userRef).toBe('user:default/jane');
    } finally {
      await orgTree.dispose();
      await rm(root, { recursive: true, force: true });
    }
  });
});
