import { spawn } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';

// Test helpers only: running the CLI's commands with their output captured.

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
/** The CLI's entry point, as `npx paved` runs it. */
export const BIN = path.join(repoRoot, 'packages/cli/bin/paved.js');
/** The demo's hello-service template. */
export const HELLO = path.join(repoRoot, 'examples/templates/hello-service/template.yaml');

type CommandIo = {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream;
};

/** Runs a command function in this process in `cwd`, capturing what it prints. */
export async function runCommand(
  command: (args: string[], io: CommandIo) => Promise<number>,
  args: string[],
  options: { cwd: string; stdin?: string; isTTY?: boolean },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk) => out.push(String(chunk)));
  stderr.on('data', (chunk) => err.push(String(chunk)));
  const code = await command(args, {
    stdout,
    stderr,
    isTTY: options.isTTY ?? false,
    cwd: options.cwd,
    env: {},
    ...(options.stdin === undefined ? {} : { stdin: PassThrough.from([options.stdin]) }),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** The real CLI in a child process, as a user runs it. */
export function spawnCli(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
