import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSessionTokens, SESSION_TTL_MS } from './session.tokens.ts';

describe('session tokens', () => {
  const secret = randomBytes(32);

  it('carry the user for thirty days', () => {
    let now = Date.UTC(2026, 0, 1);
    const tokens = createSessionTokens({ secret, now: () => now });
    const { token, session } = tokens.issue('user:default/jane');
    expect(session.expiresAt - session.issuedAt).toBe(SESSION_TTL_MS);
    expect(tokens.verify(token)?.userRef).toBe('user:default/jane');
    now += SESSION_TTL_MS - 1;
    expect(tokens.verify(token)?.userRef).toBe('user:default/jane');
    now += 1;
    expect(tokens.verify(token)).toBeUndefined();
  });

  it('refuse a token whose payload or signature was changed, or signed with another secret', () => {
    const tokens = createSessionTokens({ secret });
    const { token } = tokens.issue('user:default/jane');
    const [payload, signature] = token.split('.') as [string, string];
    const forged = Buffer.from(
      Buffer.from(payload, 'base64url').toString().replace('jane', 'admin'),
    ).toString('base64url');
    expect(tokens.verify(`${forged}.${signature}`)).toBeUndefined();
    expect(tokens.verify(`${payload}.${signature.slice(0, -2)}AA`)).toBeUndefined();
    expect(createSessionTokens({ secret: randomBytes(32) }).verify(token)).toBeUndefined();
  });

  it('refuse what is not a token at all', () => {
    const tokens = createSessionTokens({ secret });
    for (const junk of [undefined, '', '.', 'abc', 'a.b.c', `${'x'.repeat(5000)}.y`]) {
      expect(tokens.verify(junk), String(junk)).toBeUndefined();
    }
  });

  it('refuse a secret too short to be safe', () => {
    expect(() => createSessionTokens({ secret: Buffer.alloc(16) })).toThrow(/at least 32 bytes/);
  });
});
