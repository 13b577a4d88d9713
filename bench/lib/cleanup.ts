/**
 * Undo steps (kill a server, drop a database, remove a folder), run newest first on success,
 * on error and on Ctrl-C. Every step runs at most once, is bounded in time, and a failing step
 * does not stop the others.
 */
export interface CleanupStack {
  /** Registers a step; the returned function runs it now and unregisters it (true if it succeeded). */
  defer(label: string, step: () => Promise<void> | void): () => Promise<boolean>;
  /** Runs every registered step, newest first; returns the labels of the steps that failed. */
  runAll(): Promise<string[]>;
}

export interface CleanupStackOptions {
  stepTimeoutMs?: number;
  log?: (line: string) => void;
}

export function createCleanupStack(options: CleanupStackOptions = {}): CleanupStack {
  const stepTimeoutMs = options.stepTimeoutMs ?? 20_000;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const pending: { label: string; run: () => Promise<boolean> }[] = [];

  const attempt = async (label: string, step: () => Promise<void> | void): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${stepTimeoutMs} ms`)), stepTimeoutMs);
    });
    try {
      await Promise.race([Promise.resolve().then(step), timeout]);
      return true;
    } catch (error) {
      log(`cleanup: ${label} failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    defer(label, step) {
      let outcome: Promise<boolean> | undefined;
      const entry = { label, run: () => (outcome ??= attempt(label, step)) };
      pending.push(entry);
      return () => {
        const i = pending.indexOf(entry);
        if (i >= 0) pending.splice(i, 1);
        return entry.run();
      };
    },
    async runAll() {
      const failed: string[] = [];
      for (let entry = pending.pop(); entry; entry = pending.pop()) {
        if (!(await entry.run())) failed.push(entry.label);
      }
      return failed;
    },
  };
}
