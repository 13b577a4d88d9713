import type { Worker } from 'node:worker_threads';

/** Starts the highlight worker and Shiki in it ahead of a build (`paved docs build`'s launcher). */
export declare function prestartHighlightWorker(): void;
/** The prestarted worker, once (undefined when none was started or it was taken). */
export declare function takePrestartedHighlightWorker(): Worker | undefined;
