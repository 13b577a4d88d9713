import { request } from 'node:http';
import { createPavedClient, type PavedClient } from '@paved/client';
import { inject } from 'vitest';

/**
 * A session token for a catalog User of the test server. The server sets it as an HttpOnly
 * cookie, which a test's fetch (happy-dom) may not read, so it is read with node:http and sent
 * as a Bearer token.
 */
export function signIn(userRef: string): Promise<string> {
  const url = new URL('/api/auth/sign-in', inject('pavedUrl'));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      const cookie = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('paved_session='));
      const token = cookie?.split(';')[0]?.slice('paved_session='.length);
      if (res.statusCode === 200 && token) resolve(token);
      else reject(new Error(`sign-in answered ${res.statusCode}`));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ userRef }));
  });
}

/** A client of the test server signed in as `userRef`. */
export async function signedInClient(userRef: string): Promise<PavedClient> {
  const token = await signIn(userRef);
  return createPavedClient({ baseUrl: inject('pavedUrl'), token: () => token });
}
