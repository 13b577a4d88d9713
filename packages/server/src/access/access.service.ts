import { type Entity, InputError, NotFoundError, parseEntityRef, stringifyEntityRef } from '@paved/model';
import type { Database } from '../store/index.ts';
import type { SessionTokens } from './session.tokens.ts';

/** Who is making a request: a signed-in catalog User, or a guest. */
export interface Identity {
  /** Catalog User ref (`user:default/jane`, canonical: lower-cased), or `user:default/guest`. */
  userRef: string;
  /** The user's ref and the refs of the groups it is a member of: what counts as "mine". */
  ownershipRefs: string[];
  kind: 'guest' | 'user' | 'service';
  /** The catalog User entity, when signed in as one. */
  entity?: Entity;
}

/** A catalog User as sign-in needs it; provided by the catalog at the composition root. */
export interface ResolvedUser {
  entity: Entity;
  /** Canonical refs of the groups the user is a member of (its `memberOf` relations). */
  memberOf: string[];
}

/** Looks a User up by canonical ref; synchronous, so that identifying a request costs no I/O. */
export type ResolveUser = (userRef: string) => ResolvedUser | undefined;

/** Name of the cookie that carries the session token. */
export const SESSION_COOKIE = 'paved_session';

/** What identify() reads of a request: its headers and parsed cookies. */
export interface Credentials {
  headers: { authorization?: string | undefined };
  cookies?: Record<string, string | undefined>;
}

export interface AuditRecord {
  actor: string;
  action: string;
  resource?: string | undefined;
  outcome: 'allowed' | 'denied' | 'failed' | 'succeeded';
  details?: Record<string, unknown>;
}

export interface Decision {
  allowed: boolean;
  reason?: string;
}

export const GUEST: Identity = Object.freeze({
  userRef: 'user:default/guest',
  ownershipRefs: [],
  kind: 'guest',
});

/** The session token of a request: `Authorization: Bearer` first, else the session cookie. */
function tokenOf(credentials: Credentials): string | undefined {
  const authorization = credentials.headers.authorization;
  if (authorization !== undefined) {
    // An Authorization header that is not a Bearer token counts as no valid token, not as absent.
    return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? '';
  }
  return credentials.cookies?.[SESSION_COOKIE];
}

/** The identity of a signed-in catalog User. */
export function userIdentity(userRef: string, user: ResolvedUser): Identity {
  return {
    userRef,
    kind: 'user',
    ownershipRefs: [userRef, ...user.memberOf.filter((ref) => ref !== userRef)],
    entity: user.entity,
  };
}

/**
 * Identity, sessions, and the single seam every mutating route goes through. The policy is
 * allow-all for now; the decision and the outcome are audited either way.
 */
export function createAccessService(options: {
  db: Database;
  sessions: SessionTokens;
  resolveUser: ResolveUser;
}) {
  const { db, sessions, resolveUser } = options;
  return {
    /**
     * Identity of a request: the User its session token names, while the token is valid and the
     * User is still in the catalog; a guest otherwise (no, tampered or expired token).
     */
    identify(credentials: Credentials): Identity {
      const session = sessions.verify(tokenOf(credentials));
      if (!session) return GUEST;
      const user = resolveUser(session.userRef);
      return user ? userIdentity(session.userRef, user) : GUEST;
    },

    /**
     * Embedded sign-in: a session for the catalog User that `ref` names (`user:default/jane`;
     * `jane` and `default/jane` imply the kind and namespace). The token goes into the session
     * cookie, or into `Authorization: Bearer` of clients that keep it themselves.
     */
    signIn(ref: string): { identity: Identity; token: string; expiresAt: number } {
      let parsed: { kind: string; namespace: string; name: string };
      try {
        parsed = parseEntityRef(ref.trim(), { defaultKind: 'user', defaultNamespace: 'default' });
      } catch (error) {
        throw new InputError(
          `Invalid userRef ${JSON.stringify(ref)}: ${(error as Error).message}; expected user:[namespace/]name, e.g. user:default/jane`,
        );
      }
      if (parsed.kind.toLowerCase() !== 'user') {
        throw new InputError(
          `userRef ${JSON.stringify(ref)} names a ${parsed.kind}, not a User; sign in as a catalog User, e.g. user:default/jane`,
        );
      }
      const userRef = stringifyEntityRef(parsed);
      const user = resolveUser(userRef);
      if (!user) {
        throw new NotFoundError(
          `No User ${userRef} in the catalog; sign in as one of the catalog's Users (entities of kind User)`,
        );
      }
      const { token, session } = sessions.issue(userRef);
      return { identity: userIdentity(userRef, user), token, expiresAt: session.expiresAt };
    },

    authorize(_identity: Identity, _action: string, _resource?: string): Decision {
      return { allowed: true };
    },

    async audit(record: AuditRecord): Promise<void> {
      await db.query(
        'INSERT INTO audit_log (actor, action, resource, outcome, details) VALUES ($1, $2, $3, $4, $5)',
        [
          record.actor,
          record.action,
          record.resource ?? null,
          record.outcome,
          JSON.stringify(record.details ?? {}),
        ],
      );
    },

    async listAudit(options: { limit: number; action?: string | undefined }): Promise<
      {
        id: number;
        at: string;
        actor: string;
        action: string;
        resource: string | null;
        outcome: string;
        details: unknown;
      }[]
    > {
      const { rows } = await db.query<{
        id: number;
        at: string;
        actor: string;
        action: string;
        resource: string | null;
        outcome: string;
        details: unknown;
      }>(
        `SELECT id::int AS id, at::text AS at, actor, action, resource, outcome, details FROM audit_log
         WHERE ($2::text IS NULL OR action = $2) ORDER BY id DESC LIMIT $1`,
        [options.limit, options.action ?? null],
      );
      return rows;
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
