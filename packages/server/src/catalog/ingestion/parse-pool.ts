import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ReadDescriptorJob, type ReadDescriptorResult, readDescriptor } from './read-descriptor.ts';

export interface ParsePool {
  read(job: ReadDescriptorJob): Promise<ReadDescriptorResult>;
  close(): Promise<void>;
}

/**
 * Reads and parses descriptor files on worker threads so the main thread (HTTP and the
 * embedded database) stays free. `workers: 0` parses inline (small catalogs, tests).
 */
export function createParsePool(options: { workers?: number } = {}): ParsePool {
  const size = options.workers ?? Math.max(1, availableParallelism() - 1);
  if (size === 0) return { read: readDescriptor, close: async () => undefined };

  interface Slot {
    worker: Worker;
    inflight: number;
  }
  const pending = new Map<number, (r: ReadDescriptorResult) => void>();
  let nextId = 0;
  const spawn = (): Slot => {
    const worker = new Worker(new URL('./parse.worker.js', import.meta.url));
    const slot: Slot = { worker, inflight: 0 };
    worker.on('message', (message: { id: number; result: ReadDescriptorResult }) => {
      slot.inflight--;
      // An idle worker must not keep the process alive; a busy one must.
      if (slot.inflight === 0) worker.unref();
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(message.result);
    });
    worker.on('error', (error) => {
      // A crashed worker must not leave callers waiting forever.
      for (const [id, resolve] of pending) {
        resolve({ status: 'unreadable', message: `Parser worker failed: ${error.message}` });
        pending.delete(id);
      }
    });
    worker.unref();
    return slot;
  };
  const slots = Array.from({ length: size }, spawn);
  return {
    read(job) {
      const slot = slots.reduce((a, b) => (b.inflight < a.inflight ? b : a));
      if (slot.inflight++ === 0) slot.worker.ref();
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        slot.worker.postMessage({ id, job });
      });
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
