import { describe, expect, it } from 'vitest';
import { hostedRepositoryPath, hostedRepositoryUrl, isHostedName } from './hostedRepositories.ts';

describe('hosted repository names', () => {
  it('accepts lower-case names with digits, dots, dashes and underscores', () => {
    for (const name of ['acme', 'svc-1', 'a.b_c', '0day']) expect(isHostedName(name), name).toBe(true);
  });

  it('refuses traversal, separators, options, upper case and .git endings', () => {
    for (const name of [
      '',
      '.',
      '..',
      'a..b',
      '-x',
      '.hidden',
      'a/b',
      'a\\b',
      'Acme',
      'svc.git',
      'x.lock',
      'a b',
      'x'.repeat(101),
    ]) {
      expect(isHostedName(name), name).toBe(false);
    }
  });

  it('places and names repositories under the root and the base URL', () => {
    expect(hostedRepositoryPath('/data/repositories', 'acme', 'svc')).toBe('/data/repositories/acme/svc.git');
    expect(hostedRepositoryUrl('https://paved.example.com/', 'acme', 'svc')).toBe(
      'https://paved.example.com/git/acme/svc.git',
    );
    expect(() => hostedRepositoryPath('/data/repositories', '..', 'svc')).toThrow(/not a valid owner/);
    expect(() => hostedRepositoryUrl('https://p', 'acme', '../x')).toThrow(/not a valid repository name/);
  });
});
