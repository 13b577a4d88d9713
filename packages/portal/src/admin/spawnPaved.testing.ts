import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Test helper only. A Paved of a test file's own, started through the CLI in a child process:
// the component tests run under happy-dom, where the embedded database cannot start in-process.

export interface SpawnedPaved {
  url: string;
  close(): Promise<void>;
}

/** Starts `paved start` on a free port with `cwd` as working folder (so file roots = `cwd`). */
export async function spawnPaved(options: { cwd: string; catalog: string[] }): Promise<SpawnedPaved> {
  const bin = resolve(process.cwd(), 'packages/cli/bin/paved.js');
  // The server keeps published repositories and git checkouts next to its data folder
  // (<data>/../repositories): a folder of its own holds both, and goes with it.
  const root = await mkdtemp(join(tmpdir(), 'paved-portal-'));
  const dataDir = join(root, 'data');
  const args = ['start', '--port', '0', '--data', dataDir, '--no-demo', '--no-watch', '--log-level', 'warn'];
  for (const target of options.catalog) args.push('--catalog', target);
  const child: ChildProcess = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(root, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((found, fail) => {
      let stderr = '';
      const timer = setTimeout(
        () => fail(new Error(`paved start did not serve within 60 s:\n${stderr}`)),
        60_000,
      );
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /Paved is serving on (http:\/\/\S+)/.exec(stderr);
        if (match?.[1]) {
          clearTimeout(timer);
          found(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`paved start exited with ${code}:\n${stderr}`));
      });
    });
    await sourcesRead(url);
    return { url, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Waits until every source has been read once (its status is no longer pending). */
async function sourcesRead(url: string, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    const response = await fetch(`${url}/api/catalog/sources`);
    if (response.ok) {
      const body = (await response.json()) as { items: { status: string; refreshedAt: string | null }[] };
      if (body.items.every((s) => s.refreshedAt !== null)) return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the sources of ${url} were not read within ${deadlineMs} ms`);
}
