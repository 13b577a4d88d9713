import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a session lasts after sign-in. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** A session as its token carries it. */
export interface Session {
  /** Canonical (lower-cased) ref of the catalog User. */
  userRef: string;
  /** Milliseconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
}

interface Payload {
  /** Format version, so that a later change of the payload can refuse older tokens cleanly. */
  v: 1;
  sub: string;
  iat: number;
  exp: number;
}

function sign(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/**
 * Stateless session tokens: `base64url(JSON payload).base64url(HMAC-SHA256(payload))`. The same
 * token travels in the session cookie and as `Authorization: Bearer`. Nothing is stored per
 * session, so every replica sharing the secret accepts it; signing out clears the cookie, and
 * changing the secret ends every session.
 */
export function createSessionTokens(options: { secret: Buffer; now?: () => number; ttlMs?: number }) {
  const { secret } = options;
  if (secret.length < 32) throw new RangeError('The session secret must be at least 32 bytes');
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? SESSION_TTL_MS;

  return {
    ttlMs,

    issue(userRef: string): { token: string; session: Session } {
      const issuedAt = now();
      const payload: Payload = { v: 1, sub: userRef, iat: issuedAt, exp: issuedAt + ttlMs };
      const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
      const token = `${encoded}.${sign(secret, encoded).toString('base64url')}`;
      return { token, session: { userRef, issuedAt, expiresAt: payload.exp } };
    },

    /** The session of a token; undefined when it is malformed, tampered with or expired. */
    verify(token: string | undefined): Session | undefined {
      if (!token || token.length > 4096) return undefined;
      const dot = token.indexOf('.');
      if (dot <= 0 || dot !== token.lastIndexOf('.')) return undefined;
      const encoded = token.slice(0, dot);
      const signature = Buffer.from(token.slice(dot + 1), 'base64url');
      const expected = sign(secret, encoded);
      if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return undefined;
      let payload: Partial<Payload>;
      try {
        payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Partial<Payload>;
      } catch {
        return undefined;
      }
      if (
        payload?.v !== 1 ||
        typeof payload.sub !== 'string' ||
        typeof payload.iat !== 'number' ||
        typeof payload.exp !== 'number' ||
        payload.exp <= now()
      ) {
        return undefined;
      }
      return { userRef: payload.sub, issuedAt: payload.iat, expiresAt: payload.exp };
    },
  };
}

export type SessionTokens = ReturnType<typeof createSessionTokens>;
