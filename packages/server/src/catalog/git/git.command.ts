import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * `-c` settings given to every git command. Command-line settings outrank every config file, so a
 * user's or repository's configuration cannot undo them.
 */
const HARDENING_CONFIG: readonly string[] = [
  // Only these transports; `ext::` and `fd::` run commands or use descriptors named in the URL.
  'protocol.allow=never',
  'protocol.file.allow=always',
  'protocol.https.allow=always',
  'protocol.http.allow=always',
  'protocol.ssh.allow=always',
  'protocol.git.allow=always',
  'protocol.ext.allow=never',
  'protocol.fd.allow=never',
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'submodule.recurse=false',
  'fetch.recurseSubmodules=false',
  'credential.interactive=false',
  // No reflog keeps replaced commits alive, and no garbage collection runs unasked in the background.
  'core.logAllRefUpdates=false',
  'gc.auto=0',
  'gc.autoDetach=false',
  'maintenance.auto=false',
].flatMap((setting) => ['-c', setting]);

/** Operator settings git may keep; every other `GIT_*` variable (GIT_DIR, …) is dropped. */
const INHERITED_GIT_VARIABLES = new Set([
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_SSH_VARIANT',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
]);

const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

export interface RunGitOptions {
  /** The process group is killed after this long. */
  timeoutMs: number;
  /** Aborting kills the process group too. */
  signal?: AbortSignal;
  /**
   * Settings for this command only, passed as `GIT_CONFIG_KEY_<n>`/`GIT_CONFIG_VALUE_<n>`
   * environment variables rather than `-c`: a secret (an `http.extraHeader` with a token) then
   * never appears in the process list.
   */
  secretConfig?: readonly (readonly [string, string])[];
}

export interface GitOutput {
  stdout: string;
  stderr: string;
}

/** Why a git command failed; translated into a domain error by the caller, which knows the context. */
export class GitCommandError extends Error {
  override readonly name = 'GitCommandError';
  constructor(
    readonly reason: 'exit' | 'timeout' | 'aborted' | 'spawn',
    readonly stderr: string,
    readonly exitCode: number | undefined,
  ) {
    super(`git failed (${reason}${exitCode === undefined ? '' : `, exit code ${exitCode}`})`);
  }
}

/** The environment of every git command: no prompts, no system config, no LFS downloads, C locale. */
export function gitEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (name.startsWith('GIT_') && !INHERITED_GIT_VARIABLES.has(name)) continue;
    if (name === 'LANGUAGE' || name.startsWith('LC_')) continue;
    env[name] = value;
  }
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '/bin/true',
    SSH_ASKPASS_REQUIRE: 'never',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_LFS_SKIP_SMUDGE: '1',
    // Messages in English, so that callers can recognise "not found" and friends.
    LC_ALL: 'C',
  };
}

/**
 * Runs `git <hardening -c settings> <args>` without a shell. The command runs in a process group
 * of its own (and without a controlling terminal, so ssh cannot prompt either); a timeout or an
 * abort kills the whole group, helpers such as `git-remote-https` and `ssh` included.
 * Callers put `--` before URLs and paths.
 *
 * `spawn` rather than `execFile`: `execFile` drops the `detached` option, and without a process
 * group of its own git's helpers would outlive a timeout.
 */
export function runGit(args: readonly string[], options: RunGitOptions): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    let stopped: 'timeout' | 'aborted' | undefined;
    let finished = false;
    const child = spawn('git', [...HARDENING_CONFIG, ...args], {
      env: withConfig(gitEnvironment(), options.secretConfig ?? []),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);

    const killGroup = (reason: 'timeout' | 'aborted') => {
      // Until 'close', some member of the group still holds git's output pipes, so the group and
      // its id are alive even when git itself has exited.
      if (finished || child.pid === undefined) return;
      stopped ??= reason;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group ended between the check and the signal.
      }
    };
    const timer = setTimeout(() => killGroup('timeout'), options.timeoutMs);
    const onAbort = () => killGroup('aborted');
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = () => {
      finished = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };

    child.on('error', (error) => {
      finish();
      reject(new GitCommandError('spawn', `cannot run git: ${error.message}`, undefined));
    });
    child.on('close', (code) => {
      if (finished) return;
      finish();
      if (code === 0 && stopped === undefined) resolve({ stdout: stdout(), stderr: stderr() });
      else reject(new GitCommandError(stopped ?? 'exit', stderr(), code ?? undefined));
    });
  });
}

function withConfig(
  env: NodeJS.ProcessEnv,
  config: readonly (readonly [string, string])[],
): NodeJS.ProcessEnv {
  if (config.length === 0) return env;
  const out: NodeJS.ProcessEnv = { ...env, GIT_CONFIG_COUNT: String(config.length) };
  config.forEach(([key, value], index) => {
    out[`GIT_CONFIG_KEY_${index}`] = key;
    out[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return out;
}

/** Collects a stream as text, keeping the first 16 MiB. */
function collect(stream: Readable): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    if (size >= MAX_OUTPUT_BYTES) return;
    chunks.push(chunk);
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8');
}
