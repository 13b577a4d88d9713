import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

const WATCH_INTERVAL_MS = 250;

/**
 * Bytes of the files under `dir` (symbolic links not followed), counting stops soon after `limit`
 * is passed. Entries that vanish while counting — git renames its temporary files — are skipped.
 */
export async function measureDirectory(dir: string, limit = Number.POSITIVE_INFINITY): Promise<number> {
  let total = 0;
  const pending = [dir];
  while (pending.length > 0 && total <= limit) {
    const current = pending.pop()!;
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const child = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(child);
      else total += (await lstat(child).catch(() => undefined))?.size ?? 0;
      if (total > limit) break;
    }
  }
  return total;
}

/**
 * Measures `dir` every 250 ms while a git command writes into it and calls `onExceeded` once
 * when it holds more than `limit` bytes, so that a huge repository is stopped before it fills
 * the disk. Returns the function that stops watching.
 */
export function watchDirectorySize(dir: string, limit: number, onExceeded: () => void): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    const size = await measureDirectory(dir, limit);
    if (stopped) return;
    if (size > limit) {
      stopped = true;
      onExceeded();
      return;
    }
    timer = setTimeout(tick, WATCH_INTERVAL_MS);
  };
  timer = setTimeout(tick, WATCH_INTERVAL_MS);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
