import { access } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitCommandError, gitEnvironment, runGit } from './git.command.ts';
import { redactCredentials, sanitizeGitOutput } from './git.redact.ts';
import { createTempDir, createTestRepository, startTestServer, type TempDir } from './git.testing.ts';

let temp: TempDir;
beforeEach(async () => {
  temp = await createTempDir();
});
afterEach(async () => {
  await temp.dispose();
});

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('redactCredentials', () => {
  it.each([
    ['https://user:token@host/org/repo.git', 'https://***@host/org/repo.git'],
    ['https://token@host/repo', 'https://***@host/repo'],
    ['ssh://git@host:22/repo', 'ssh://***@host:22/repo'],
    [
      "fatal: unable to access 'http://u:p@ss@host/x/': 403",
      "fatal: unable to access 'http://***@host/x/': 403",
    ],
    ['two https://a:b@h1/x and http://c:d@h2/y', 'two https://***@h1/x and http://***@h2/y'],
    ['https://host/path@not-user-info', 'https://host/path@not-user-info'],
    ['git@host:org/repo.git', 'git@host:org/repo.git'],
  ])('%s → %s', (text, expected) => {
    expect(redactCredentials(text)).toBe(expected);
  });

  it('makes git output printable and bounded', () => {
    expect(sanitizeGitOutput('  remote: \u001b[31mred\u001b[0m\r\nfatal: x  \n')).toBe(
      'remote: [31mred[0m\nfatal: x',
    );
    const long = sanitizeGitOutput(`${'x'.repeat(5000)}fatal: the end`);
    expect(long.length).toBeLessThanOrEqual(2001);
    expect(long.endsWith('fatal: the end')).toBe(true);
  });
});

describe('gitEnvironment', () => {
  it('drops variables that redirect git and sets the hardening ones', () => {
    const env = gitEnvironment({
      PATH: '/usr/bin',
      GIT_DIR: '/elsewhere/.git',
      GIT_CONFIG_PARAMETERS: "'core.hookspath'='/tmp/hooks'",
      GIT_SSH_COMMAND: 'ssh -i key',
      LANG: 'de_DE.UTF-8',
      LC_MESSAGES: 'de_DE.UTF-8',
    });
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      GIT_SSH_COMMAND: 'ssh -i key',
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: '/bin/true',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_LFS_SKIP_SMUDGE: '1',
      LC_ALL: 'C',
    });
    expect(env.GIT_DIR).toBeUndefined();
    expect(env.GIT_CONFIG_PARAMETERS).toBeUndefined();
    expect(env.LC_MESSAGES).toBeUndefined();
  });
});

describe('runGit', () => {
  it('refuses the ext:: and fd:: transports even when given them directly', async () => {
    const marker = path.join(temp.path, 'pwned');
    for (const url of [`ext::sh -c touch% ${marker}`, 'fd::0']) {
      const failure = await runGit(['ls-remote', '--', url], { timeoutMs: 10_000 }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(GitCommandError);
      expect((failure as GitCommandError).stderr).toMatch(/transport '(ext|fd)' not allowed/);
    }
    expect(await exists(marker)).toBe(false);
  });

  it('does not take --upload-pack from a URL placed after --', async () => {
    const marker = path.join(temp.path, 'pwned');
    const failure = await runGit(['ls-remote', '--', `--upload-pack=touch ${marker}`], {
      timeoutMs: 10_000,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GitCommandError);
    expect(await exists(marker)).toBe(false);
  });

  it('returns the output of a command that succeeds', async () => {
    const repository = await createTestRepository(temp.path);
    const { stdout } = await runGit(['ls-remote', '--', repository.url, 'refs/heads/main'], {
      timeoutMs: 10_000,
    });
    expect(stdout).toContain(await repository.git('rev-parse', 'HEAD'));
  });

  it('kills the whole process group on timeout, helpers included', async () => {
    // The server accepts the connection and never answers: git-remote-http, a child of git, waits.
    const server = await startTestServer();
    try {
      const started = Date.now();
      const failure = await runGit(['ls-remote', '--', `${server.url}/repo.git`], { timeoutMs: 500 }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(GitCommandError);
      expect((failure as GitCommandError).reason).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(server.connections()).toBeGreaterThan(0);
      // The helper held the connection; it closes only because the helper was killed too.
      await server.clientsGone();
    } finally {
      await server.close();
    }
  });

  it('kills the process group when aborted', async () => {
    const server = await startTestServer();
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const failure = await runGit(['ls-remote', '--', `${server.url}/repo.git`], {
        timeoutMs: 30_000,
        signal: controller.signal,
      }).catch((error: unknown) => error);
      expect((failure as GitCommandError).reason).toBe('aborted');
      await server.clientsGone();
    } finally {
      await server.close();
    }
  });
});
