import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AssembledEntity, CatalogStore } from './catalog.store.ts';
import { composeAssembled } from './catalog.store.ts';
import { createCatalogView, STITCH_BATCH } from './catalog.view.ts';

// How the view drains the stitch queue. The store is a stand-in that hands out numbered refs
// from a queue the test fills, so that how many batches a publish takes is exact; the SQL of
// stitching is covered by catalog.store.test.ts and the ingestion tests.

function assembled(ref: string): AssembledEntity {
  return {
    entityRef: ref,
    uid: `uid-${ref}`,
    orphan: false,
    body: JSON.stringify({ apiVersion: 'v1', kind: 'Component', metadata: { name: ref } }),
    errors: null,
    forward: null,
    reverse: null,
    etag: 'e',
    changeSeq: 0,
  };
}

function queueStore() {
  const queue: string[] = [];
  const taken: number[] = [];
  const sizesAsked: number[] = [];
  let next = 0;
  const store = {
    enqueue(n: number) {
      for (let i = 0; i < n; i++) queue.push(`ref-${next++}`);
    },
    taken,
    queue,
    sizesAsked,
    async stitchQueueSize() {
      sizesAsked.push(queue.length);
      return queue.length;
    },
    async stitchBatch(limit = 2000) {
      // Let other work (writes queueing more refs) run between batches, as transactions do.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const refs = queue.splice(0, limit);
      taken.push(refs.length);
      return { taken: refs.length, assembled: refs.map(assembled), gone: [] };
    },
  };
  return store;
}

function viewOver(store: ReturnType<typeof queueStore>) {
  const indexed: string[] = [];
  const view = createCatalogView({
    store: store as unknown as CatalogStore,
    index: { upsert: (e) => indexed.push(e.ref), remove: () => undefined },
    log: pino({ level: 'silent' }),
  });
  return { view, indexed };
}

describe('catalog view: publishing', () => {
  it('drains the whole queue, indexing refs in the order they were taken', async () => {
    const store = queueStore();
    const { view, indexed } = viewOver(store);
    store.enqueue(4500);
    await view.stitchAndPublish();
    expect(store.queue).toEqual([]);
    expect(view.size).toBe(4500);
    expect(indexed).toEqual(Array.from({ length: 4500 }, (_, i) => `ref-${i}`));
  });

  it('publishes progress from what was queued when it started, not what keeps arriving', async () => {
    const store = queueStore();
    const { view } = viewOver(store);
    store.enqueue(4 * STITCH_BATCH + 1);
    let writing = true;
    const writer = (async () => {
      // A read that goes on writing while progress is published.
      while (writing) {
        store.enqueue(1000);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })();
    await view.stitchAndPublish({ progress: true });
    writing = false;
    await writer;
    // As many batches as the queue held when the publish looked at it, not one more.
    expect(store.sizesAsked[0]).toBeGreaterThan(4 * STITCH_BATCH);
    expect(store.taken).toHaveLength(Math.ceil(store.sizesAsked[0]! / STITCH_BATCH));
    expect(store.queue.length).toBeGreaterThan(0);
    // The publish at the end of the read drains everything.
    await view.stitchAndPublish();
    expect(store.queue).toEqual([]);
    expect(view.size).toBe(store.taken.reduce((a, b) => a + b, 0));
  });

  it('drains the queue when a full publish is asked for during a progress publish', async () => {
    const store = queueStore();
    const { view } = viewOver(store);
    store.enqueue(2500);
    const progress = view.stitchAndPublish({ progress: true });
    store.enqueue(3000);
    const full = view.stitchAndPublish();
    await Promise.all([progress, full]);
    expect(store.queue).toEqual([]);
    expect(view.size).toBe(5500);
  });

  it('lets requests in between: never more than 250 documents without a turn, within or across batches', async () => {
    const store = queueStore();
    const { view, indexed } = viewOver(store);
    store.enqueue(2000); // four batches: a turn is owed across their boundaries too
    // What a request arriving at any moment would wait for: documents indexed between two turns.
    const seen: number[] = [];
    let publishing = true;
    const turn = () => {
      seen.push(indexed.length);
      if (publishing) setImmediate(turn);
    };
    setImmediate(turn);
    await view.stitchAndPublish();
    publishing = false;
    expect(indexed).toHaveLength(2000);
    expect(seen.some((n) => n > 0 && n < 2000)).toBe(true);
    const gaps = seen.slice(1).map((n, i) => n - seen[i]!);
    expect(Math.max(...gaps, indexed.length - seen.at(-1)!)).toBeLessThanOrEqual(250);
  });
});

/** A stand-in with a change feed: each stitch gives a new change_seq, and the feed shows a ref's newest only, as the store does. */
function feedStore() {
  const queue: string[] = [];
  const taken: number[] = [];
  const seqOf = new Map<string, number>();
  let seq = 0;
  return {
    queue,
    taken,
    async stitchQueueSize() {
      return queue.length;
    },
    async stitchBatch(limit = 2000) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const refs = queue.splice(0, limit);
      taken.push(refs.length);
      const rows = refs.map((ref) => {
        seqOf.set(ref, ++seq);
        return { ...assembled(ref), changeSeq: seq };
      });
      return { taken: refs.length, assembled: rows, gone: [] };
    },
    async readChanges(since: number) {
      const changed = [...seqOf]
        .filter(([, s]) => s > since)
        .map(([entityRef, changeSeq]) => ({ entityRef, changeSeq }))
        .sort((a, b) => a.changeSeq - b.changeSeq);
      return { changed, deletes: [], lastSeq: Math.max(since, ...changed.map((c) => c.changeSeq)) };
    },
    async assemble(refs: string[]) {
      return refs.map((ref) => composeAssembled(assembled(ref)));
    },
  };
}

function followingView(store: ReturnType<typeof feedStore>) {
  return createCatalogView({
    store: store as unknown as CatalogStore,
    index: { upsert: () => undefined, remove: () => undefined },
    log: pino({ level: 'silent' }),
  });
}

const polls = () => new Promise<void>((resolve) => setTimeout(resolve, 60));

describe('catalog view: following other replicas', () => {
  it('stitches what is queued when it polls, but not while told not to (a read of its own runs)', async () => {
    const store = feedStore();
    const view = followingView(store);
    let ownReadRunning = true;
    view.follow(5, () => !ownReadRunning);
    try {
      store.queue.push('component:default/a', 'component:default/b');
      await polls();
      expect(store.taken).toEqual([]);
      expect(view.size).toBe(0);
      ownReadRunning = false;
      await polls();
      expect(view.size).toBe(2);
      expect(store.queue).toEqual([]);
    } finally {
      view.stop();
    }
  });

  it('forgets its own changes once the feed has gone past them, also those the feed never shows', async () => {
    const store = feedStore();
    const view = followingView(store);
    // Stitched twice before the feed is read: the feed shows only the newer change_seq.
    store.queue.push('component:default/hub');
    await view.stitchAndPublish();
    store.queue.push('component:default/hub');
    await view.stitchAndPublish();
    expect(view.unconfirmedOwnChanges).toBe(2);
    view.follow(5);
    try {
      await polls();
      expect(view.unconfirmedOwnChanges).toBe(0);
      expect(view.size).toBe(1);
    } finally {
      view.stop();
    }
  });
});
