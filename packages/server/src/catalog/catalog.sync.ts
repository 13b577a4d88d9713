import type { Entity } from '@paved/model';
import type { Logger } from 'pino';
import type { CatalogStore } from './catalog.store.ts';

/** What the sync needs of the in-memory query index. */
export interface IndexPort {
  upsert(entity: { uid: string; ref: string; entity: Entity }): void;
  remove(uid: string): void;
}

/**
 * Keeps the served side current: drains the stitch queue (set-wise SQL) and then applies the
 * change feed to the in-memory index. Every replica runs one; with a shared PostgreSQL the
 * others see writes through the same feed by polling `follow`.
 */
export function createCatalogSync(options: { store: CatalogStore; index: IndexPort; log: Logger }) {
  const { store, index, log } = options;
  let lastSeq = 0;
  let inflight: Promise<void> | undefined;
  let rerun = false;
  let pollTimer: NodeJS.Timeout | undefined;
  const listeners = new Set<() => void>();

  async function catchUp(): Promise<number> {
    let applied = 0;
    for (;;) {
      const page = await store.readChanges(lastSeq);
      for (const row of page.upserts) {
        try {
          index.upsert({ uid: row.uid, ref: row.entityRef, entity: JSON.parse(row.final) as Entity });
        } catch (error) {
          // One entity that cannot be indexed (e.g. keys differing only in case) must not stop the rest.
          log.warn({ err: error, entityRef: row.entityRef }, 'entity could not be indexed');
        }
      }
      for (const row of page.deletes) index.remove(row.uid);
      applied += page.upserts.length + page.deletes.length;
      if (page.lastSeq === lastSeq) return applied;
      lastSeq = page.lastSeq;
    }
  }

  async function run(): Promise<void> {
    do {
      rerun = false;
      while ((await store.stitchBatch()) > 0) {
        await catchUp();
      }
      await catchUp();
    } while (rerun);
    for (const l of listeners) l();
  }

  return {
    /** Stitches what is queued and publishes it; concurrent calls coalesce. */
    stitchAndPublish(): Promise<void> {
      if (inflight) {
        rerun = true;
        return inflight;
      }
      inflight = run().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    catchUp,
    /** Polls for writes made by other replicas. */
    follow(intervalMs: number): void {
      pollTimer = setInterval(() => {
        this.stitchAndPublish().catch((error: unknown) => log.warn({ err: error }, 'catalog sync failed'));
      }, intervalMs);
      pollTimer.unref();
    },
    onPublished(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop(): void {
      if (pollTimer) clearInterval(pollTimer);
    },
    get lastSeq() {
      return lastSeq;
    },
  };
}

export type CatalogSync = ReturnType<typeof createCatalogSync>;
