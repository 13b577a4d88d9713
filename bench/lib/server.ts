import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { createServer } from 'node:net';
import { LOOPBACK, loopbackUrl, PollTimeout, pollUntil, request } from './http.ts';

export interface ServerLaunch {
  repoRoot: string;
  /** Script run as `node <entry> start …` (a .ts entry is run through tsx). */
  entry: string;
  catalogFile: string;
  dataDir: string;
  /** PostgreSQL URL, or undefined for the embedded store (DATABASE_URL is then removed from the env). */
  databaseUrl: string | undefined;
  logFile: string;
  /** How long stop() waits after SIGTERM before SIGKILL (default 10 s). */
  stopGraceMs?: number;
}

export interface ServerProcess {
  pid: number;
  port: number;
  /** performance.now() just before spawn. */
  spawnedAt: number;
  /** The command line, for messages. */
  command: string;
  exitStatus(): string | undefined;
  /** Last lines the server wrote to stdout and stderr. */
  outputTail(): string;
  /** SIGTERM to the server's process group, SIGKILL after the grace period; resolves when it is gone. */
  stop(): Promise<void>;
}

/** The last lines of a file, reading at most its last 16 KiB. */
export function lastLines(file: string, count: number): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(16 * 1024);
    const { size } = fstatSync(fd);
    const length = readSync(fd, buffer, 0, buffer.length, Math.max(0, size - buffer.length));
    return buffer.toString('utf8', 0, length).split('\n').filter(Boolean).slice(-count).join('\n');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, LOOPBACK, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // Negative pid: the whole process group of the server (it was spawned detached, as its leader).
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export async function startServer(launch: ServerLaunch): Promise<ServerProcess> {
  if (!existsSync(launch.entry)) throw new Error(`server entry not found: ${launch.entry}`);
  const port = await freePort();
  const args = [
    ...(launch.entry.endsWith('.ts') ? ['--import', 'tsx'] : []),
    launch.entry,
    'start',
    '--port',
    String(port),
    '--host',
    LOOPBACK,
    '--data',
    launch.dataDir,
    '--no-demo',
    '--catalog',
    launch.catalogFile,
  ];
  const env = { ...process.env };
  delete env.DATABASE_URL;
  if (launch.databaseUrl !== undefined) env.DATABASE_URL = launch.databaseUrl;

  // The server writes straight into its log file, so its logging never costs this process
  // (which also runs autocannon) anything.
  const logFd = openSync(launch.logFile, 'w');
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: launch.repoRoot,
    env,
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  let exitStatus: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitStatus = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    child.once('error', (error) => {
      exitStatus = `could not start: ${error.message}`;
      resolve();
    });
  });
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  return {
    pid: child.pid ?? -1,
    port,
    spawnedAt,
    command: `node ${args.join(' ')}`,
    exitStatus: () => exitStatus,
    outputTail: () => lastLines(launch.logFile, 30),
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exitStatus === undefined) {
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), launch.stopGraceMs ?? 10_000);
        await exited;
        clearTimeout(timer);
      }
      // Anything the server left behind in its group (workers) goes too.
      killGroup(child, 'SIGKILL');
    },
  };
}

/** Error for a server that stopped or never became ready, carrying what it printed. */
export function serverFailure(server: ServerProcess, what: string): Error {
  const status = server.exitStatus();
  const tail = server.outputTail() || '(nothing)';
  return new Error(
    `${what}${status ? ` (the server ${status})` : ''}.\n  command: ${server.command}\n` +
      `  last output:\n${tail.replace(/^/gm, '    ')}`,
  );
}

/**
 * Waits for GET /healthz to answer 200; returns performance.now() at that moment.
 * Fails early if the process exits.
 */
export async function waitForListening(server: ServerProcess, timeoutMs: number): Promise<number> {
  let last = 'no answer yet';
  return pollUntil(
    async () => {
      if (server.exitStatus() !== undefined) {
        throw serverFailure(
          server,
          'the server exited before answering /healthz — does `node packages/cli/bin/paved.js start --help` work?',
        );
      }
      const { status, body } = await request(loopbackUrl(server.port, '/healthz'), { timeoutMs: 2_000 });
      last = `${status || 'no response'} ${body.slice(0, 200)}`;
      return status === 200 ? performance.now() : undefined;
    },
    { intervalMs: 25, timeoutMs, describe: () => `GET /healthz never answered 200 (last: ${last})` },
  ).catch((error: unknown) => {
    throw error instanceof PollTimeout ? serverFailure(server, error.message) : error;
  });
}
