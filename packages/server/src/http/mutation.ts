import { NotAllowedError } from '@paved/model';
import type { FastifyRequest } from 'fastify';
import type { AccessService, Identity } from '../access/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity;
  }
}

/**
 * Every mutating route runs through here: authorize, run, audit the outcome. Nothing
 * mutates without an audit record, whether it was allowed, denied or failed.
 */
export async function mutate<T>(
  access: AccessService,
  request: FastifyRequest,
  action: string,
  resource: string | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const actor = request.identity.userRef;
  const decision = access.authorize(request.identity, action, resource);
  if (!decision.allowed) {
    await access.audit({ actor, action, resource, outcome: 'denied', details: { reason: decision.reason } });
    throw new NotAllowedError(decision.reason ?? `${actor} may not ${action}`);
  }
  try {
    const result = await fn();
    await access.audit({ actor, action, resource, outcome: 'succeeded' });
    return result;
  } catch (error) {
    await access.audit({
      actor,
      action,
      resource,
      outcome: 'failed',
      details: { error: (error as Error).name, message: (error as Error).message.slice(0, 2000) },
    });
    throw error;
  }
}
