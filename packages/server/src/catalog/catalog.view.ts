import type { Entity } from '@paved/model';
import type { Logger } from 'pino';
import { type CatalogStore, composeAssembled, type ServedEntity } from './catalog.store.ts';

/** What the view needs of the in-memory query index. */
export interface IndexPort {
  upsert(entity: { uid: string; ref: string; entity: Entity }): void;
  remove(uid: string): void;
}

/**
 * Refs stitched per transaction. Small enough that a batch's rows (JSON text from the store) are
 * composed before they outlive two young-generation collections: batches of 2,000 were promoted
 * to the old generation and piled up there as garbage until the next full collection, which put
 * a 100k first read's peak RSS at ~1,650 MiB (~1,420 with 500; same ingestion time).
 */
export const STITCH_BATCH = 500;
/**
 * Documents indexed between two turns of the event loop: the store's replies (the next stitch
 * batch, a batch of the read being written) wait for the turn. 250 left the embedded store idle
 * for up to ~25 ms at a time; 25 took a 100k first read from 44.7-46.0 to 42.3-42.4 s.
 */
const PUT_SLICE = 25;

interface Served {
  uid: string;
  json: string;
}

/**
 * The served side of the catalog in this replica's memory: every served document (as JSON
 * text, sent as is) and the query index over them. It is fed by the stitcher right after this
 * replica's writes and, for writes of other replicas sharing a PostgreSQL, by the change feed.
 * The store stays the only source of truth: at start the view is assembled from it set-wise.
 */
export function createCatalogView(options: { store: CatalogStore; index: IndexPort; log: Logger }) {
  const { store, index, log } = options;
  const byRef = new Map<string, Served>();
  const refByUid = new Map<string, string>();
  /** change_seq values this replica produced itself: the feed need not replay them. */
  const ownSeqs = new Set<number>();
  let lastSeq = 0;
  let inflight: Promise<void> | undefined;
  let rerun = false;
  /** A coalesced run must drain the queue (not only publish progress). */
  let wantAll = false;
  let pollTimer: NodeJS.Timeout | undefined;

  function put(e: ServedEntity): void {
    const previous = byRef.get(e.entityRef);
    if (previous && previous.uid !== e.uid) {
      refByUid.delete(previous.uid);
      index.remove(previous.uid);
    }
    byRef.set(e.entityRef, { uid: e.uid, json: e.json });
    refByUid.set(e.uid, e.entityRef);
    try {
      index.upsert({ uid: e.uid, ref: e.entityRef, entity: e.entity });
    } catch (error) {
      // One entity that cannot be indexed (keys differing only in case) must not stop the rest.
      log.warn({ err: error, entityRef: e.entityRef }, 'entity could not be indexed');
    }
  }

  function drop(entityRef: string): void {
    const previous = byRef.get(entityRef);
    if (!previous) return;
    byRef.delete(entityRef);
    refByUid.delete(previous.uid);
    index.remove(previous.uid);
  }

  /**
   * Drains the stitch queue. The next batch is taken while this one is indexed: with the embedded
   * store on its own thread (and with PostgreSQL), its SQL runs beside the indexing. Batches are
   * applied in the order they were taken, so a ref queued again is applied newest last.
   */
  async function stitchAll(maxBatches = Number.POSITIVE_INFINITY): Promise<void> {
    let next = store.stitchBatch(STITCH_BATCH);
    // Documents put since the last turn of the event loop, across batch boundaries.
    let sinceTurn = 0;
    for (let taken = 1; ; taken++) {
      const batch = await next;
      if (batch.taken === 0) return;
      // The last batch taken is applied without taking another.
      next =
        taken < maxBatches
          ? store.stitchBatch(STITCH_BATCH)
          : Promise.resolve({ taken: 0, assembled: [], gone: [] });
      // Taken before this batch is applied: a failure is reported by the await above, next turn.
      next.catch(() => undefined);
      for (const row of batch.assembled) {
        // Composing and indexing takes ~0.1 ms a document: requests, and the store's replies to
        // a write in progress, go in between every PUT_SLICE of them.
        if (sinceTurn >= PUT_SLICE) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sinceTurn = 0;
        }
        const e = composeAssembled(row);
        if (e.changeSeq > 0) ownSeqs.add(e.changeSeq);
        put(e);
        sinceTurn++;
      }
      for (const ref of batch.gone) drop(ref);
    }
  }

  /** Applies writes made by other replicas, read from the change feed. */
  async function followFeed(): Promise<void> {
    for (;;) {
      const page = await store.readChanges(lastSeq);
      const foreign = page.changed.filter((c) => !ownSeqs.delete(c.changeSeq)).map((c) => c.entityRef);
      if (foreign.length > 0) for (const e of await store.assemble(foreign)) put(e);
      // A tombstone removes the entity it was written for: a ref served again since under a new
      // uid (deleted, then registered again) is not dropped by an old tombstone read late.
      for (const d of page.deletes) if (byRef.get(d.entityRef)?.uid === d.uid) drop(d.entityRef);
      if (page.lastSeq === lastSeq) return;
      lastSeq = page.lastSeq;
      // The feed never goes back: own changes up to here that it did not show (a ref stitched
      // again since has only its newest change_seq in the feed) would otherwise stay for good.
      for (const seq of ownSeqs) if (seq <= lastSeq) ownSeqs.delete(seq);
    }
  }

  return {
    /** Assembles every served entity from the store (start-up). */
    async load(): Promise<void> {
      lastSeq = await store.currentSeq();
      for await (const page of store.assembleAll()) for (const e of page) put(e);
    },

    /**
     * Stitches what is queued and publishes it; concurrent calls coalesce into one more run.
     * `progress` (during a long read) stitches only what is queued when it starts: the entities
     * many others point at (owners, systems) are queued again by every batch written, and
     * chasing them until the read ends would stitch them again and again.
     */
    stitchAndPublish(options: { progress?: boolean } = {}): Promise<void> {
      if (!options.progress) wantAll = true;
      if (inflight) {
        rerun = true;
        return inflight;
      }
      inflight = (async () => {
        do {
          rerun = false;
          const all = wantAll;
          wantAll = false;
          await stitchAll(all ? undefined : Math.ceil((await store.stitchQueueSize()) / STITCH_BATCH));
        } while (rerun);
      })().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },

    /**
     * Polls the change feed for writes made by other replicas, and stitches what they queued
     * (a replica that stopped between writing and stitching leaves refs in the queue). Not while
     * `stitching()` says no: during a read of this replica's own, which publishes as it goes and
     * once more at its end. Stitching every poll during a 100k read stitched the entities many
     * others point at (owners, systems) once a second: a third of the read's time, and garbage
     * that took the main heap past 1 GB.
     */
    follow(intervalMs: number, stitching: () => boolean = () => true): void {
      let busy = false;
      pollTimer = setInterval(() => {
        if (busy) return;
        busy = true;
        Promise.all([stitching() ? this.stitchAndPublish() : undefined, followFeed()])
          .catch((error: unknown) => log.warn({ err: error }, 'catalog sync failed'))
          .finally(() => {
            busy = false;
          });
      }, intervalMs);
      pollTimer.unref();
    },

    stop(): void {
      if (pollTimer) clearInterval(pollTimer);
    },

    getByRef: (ref: string): string | undefined => byRef.get(ref)?.json,
    getByUid(uid: string): string | undefined {
      const ref = refByUid.get(uid);
      return ref === undefined ? undefined : byRef.get(ref)?.json;
    },
    uidOf: (ref: string): string | undefined => byRef.get(ref)?.uid,
    get size() {
      return byRef.size;
    },
    /** Own changes not yet seen in the change feed (diagnostics, tests). */
    get unconfirmedOwnChanges() {
      return ownSeqs.size;
    },
  };
}

export type CatalogView = ReturnType<typeof createCatalogView>;
