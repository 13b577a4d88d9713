import type { Database } from '../store/index.ts';

/** Who is making a request. Embedded mode signs everyone in as a guest until sign-in exists. */
export interface Identity {
  /** Catalog User ref (`user:default/jane`), or `user:default/guest`. */
  userRef: string;
  /** Group refs the user belongs to (ownership). */
  ownershipRefs: string[];
  kind: 'guest' | 'user' | 'service';
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

/**
 * The single seam every mutating route goes through. The policy is allow-all for now; the
 * decision and the outcome are audited either way.
 */
export function createAccessService(options: { db: Database }) {
  const { db } = options;
  return {
    /** Identity of a request: a guest until sign-in and tokens exist (PRODUCT.md §8). */
    identify(_headers: Record<string, string | string[] | undefined>): Identity {
      return GUEST;
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
