import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parsePublishTarget, publishGitAction } from './publish-git.ts';

describe('parsePublishTarget', () => {
  it("reads Paved's hosting in both forms", () => {
    expect(parsePublishTarget('paved://acme/checkout')).toEqual({
      kind: 'hosted',
      owner: 'acme',
      name: 'checkout',
    });
    expect(parsePublishTarget('paved://acme/checkout.git')).toEqual({
      kind: 'hosted',
      owner: 'acme',
      name: 'checkout',
    });
    expect(parsePublishTarget('paved?owner=acme&repo=checkout')).toEqual({
      kind: 'hosted',
      owner: 'acme',
      name: 'checkout',
    });
    expect(() => parsePublishTarget('paved?owner=acme')).toThrow(/names no owner or repo/);
  });

  it('accepts https and http remotes', () => {
    expect(parsePublishTarget('https://git.example.com/o/r.git')).toEqual({
      kind: 'remote',
      url: 'https://git.example.com/o/r.git',
    });
    expect(parsePublishTarget('http://127.0.0.1:8080/r.git').kind).toBe('remote');
  });

  it('refuses ssh, scp-like addresses, remote helpers and options', () => {
    for (const url of [
      'ssh://git@example.com/o/r.git',
      'git@example.com:o/r.git',
      'ext::sh -c touch% /tmp/pwned',
      'fd::17',
      '-uhttps://x',
      'git://example.com/r.git',
      '/srv/git/r.git',
    ]) {
      expect(() => parsePublishTarget(url), url).toThrow(/publish:git cannot push to/);
    }
  });

  it('refuses file:// unless allowed', () => {
    expect(() => parsePublishTarget('file:///srv/git/r.git')).toThrow(/cannot push to/);
    expect(parsePublishTarget('file:///srv/git/r.git', { allowFileRemotes: true }).kind).toBe('remote');
  });

  it('never quotes credentials in its errors', () => {
    expect(() => parsePublishTarget('ftp://user:s3cret@example.com/r.git')).toThrow(
      /ftp:\/\/\*\*\*@example\.com/,
    );
    try {
      parsePublishTarget('ftp://user:s3cret@example.com/r.git');
    } catch (error) {
      expect(String(error)).not.toContain('s3cret');
    }
  });
});

describe('publish:git input', () => {
  const validate = new Ajv({ strict: false, allErrors: true }).compile(publishGitAction.schema.input);
  it('requires repoUrl and types the rest', () => {
    expect(validate({ repoUrl: 'paved://acme/x' })).toBe(true);
    expect(
      validate({
        repoUrl: 'https://h/r.git',
        defaultBranch: 'trunk',
        gitCommitMessage: 'm',
        gitAuthorName: 'a',
        gitAuthorEmail: 'a@b',
        sourcePath: 'svc',
      }),
    ).toBe(true);
    expect(validate({})).toBe(false);
    expect(validate({ repoUrl: '' })).toBe(false);
    expect(validate({ repoUrl: 'paved://a/b', defaultBranch: 1 })).toBe(false);
  });
});
