import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ReadDescriptorJob, type ReadDescriptorResult, readDescriptor } from './read-descriptor.ts';

export interface ParsePool {
  read(job: ReadDescriptorJob): Promise<ReadDescriptorResult>;
  close(): Promise<void>;
}

/**
 * Parser threads by default: one per core but one, and at least two where there are two cores.
 * With two cores and one parser, a 100k first read took 28.4-30.1 s, with two 27.0-27.8 s (three
 * alternate runs each, spawn to ingested): the one parser was the read's bottleneck, and a second
 * one fills the time the database's thread and the main thread leave over.
 */
export function defaultWorkers(cores: number): number {
  return Math.max(Math.min(2, cores), cores - 1);
}

/**
 * Reads and parses descriptor files on worker threads so the main thread (HTTP and the
 * embedded database) stays free. `workers: 0` parses inline (small catalogs, tests).
 */
export function createParsePool(options: { workers?: number; idleMs?: number } = {}): ParsePool {
  const size = options.workers ?? defaultWorkers(availableParallelism());
  if (size === 0) return { read: readDescriptor, close: async () => undefined };
  // Released soon after a read: its heap (100 MB and more after a large read) is not kept while
  // the read's entities are stitched, nor afterwards; edits of a few files are parsed inline.
  const idleMs = options.idleMs ?? 2_000;

  interface Slot {
    worker: Worker;
    inflight: Map<number, (r: ReadDescriptorResult) => void>;
  }
  let slots: Slot[] = [];
  let nextId = 0;
  let idleTimer: NodeJS.Timeout | undefined;

  /** Workers are started on demand and released when idle: their heaps are not kept for nothing. */
  const releaseWhenIdle = () => {
    if (idleTimer) clearTimeout(idleTimer);
    if (slots.some((s) => s.inflight.size > 0)) return;
    idleTimer = setTimeout(() => {
      const idle = slots;
      slots = [];
      for (const s of idle) void s.worker.terminate();
    }, idleMs);
    idleTimer.unref();
  };

  const spawn = (): Slot => {
    const worker = new Worker(new URL('./parse.worker.js', import.meta.url));
    const slot: Slot = { worker, inflight: new Map() };
    worker.on('message', (message: { id: number; result: ReadDescriptorResult }) => {
      const resolve = slot.inflight.get(message.id);
      slot.inflight.delete(message.id);
      // An idle worker must not keep the process alive; a busy one must.
      if (slot.inflight.size === 0) {
        worker.unref();
        releaseWhenIdle();
      }
      resolve?.(message.result);
    });
    const fail = (reason: string) => {
      // A crashed worker must not leave callers waiting, nor receive more work.
      slots = slots.filter((s) => s !== slot);
      for (const resolve of slot.inflight.values()) resolve({ status: 'unreadable', message: reason });
      slot.inflight.clear();
    };
    worker.on('error', (error) => fail(`Parser worker failed: ${error.message}`));
    worker.on('exit', () => fail('Parser worker exited'));
    worker.unref();
    return slot;
  };

  return {
    read(job) {
      if (idleTimer) clearTimeout(idleTimer);
      while (slots.length < size) slots.push(spawn());
      const slot = slots.reduce((a, b) => (b.inflight.size < a.inflight.size ? b : a));
      if (slot.inflight.size === 0) slot.worker.ref();
      const id = nextId++;
      return new Promise((resolve) => {
        slot.inflight.set(id, resolve);
        slot.worker.postMessage({ id, job });
      });
    },
    async close() {
      if (idleTimer) clearTimeout(idleTimer);
      const all = slots;
      slots = [];
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
