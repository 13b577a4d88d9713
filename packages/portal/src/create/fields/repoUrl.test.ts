import { describe, expect, it } from 'vitest';
import { formatRepoLocation, ownerParts, parseRepoLocation, repoParam, withRepoParam } from './repoUrl.ts';

describe('repository locations', () => {
  it("reads and writes Backstage's host?owner=o&repo=r, nested groups encoded", () => {
    const location = parseRepoLocation('gitlab.com?owner=group%2Fsub&repo=ledger');
    expect(location.host).toBe('gitlab.com');
    expect(repoParam(location, 'owner')).toBe('group/sub');
    expect(formatRepoLocation(withRepoParam(location, 'repo', 'books'))).toBe(
      'gitlab.com?owner=group%2Fsub&repo=books',
    );
    expect(
      formatRepoLocation({
        host: 'github.com',
        params: [
          ['owner', 'acme'],
          ['repo', ''],
        ],
      }),
    ).toBe('github.com?owner=acme');
    expect(formatRepoLocation(withRepoParam(parseRepoLocation('paved'), 'owner', 'demo'))).toBe(
      'paved?owner=demo',
    );
  });

  it('names repositories by workspace and project on Bitbucket, by owner elsewhere', () => {
    expect(ownerParts('bitbucket.org').map((p) => p.name)).toEqual(['workspace', 'project']);
    expect(ownerParts('github.com').map((p) => p.name)).toEqual(['owner']);
  });
});
