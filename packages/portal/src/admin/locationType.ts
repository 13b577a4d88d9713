export type LocationType = 'file' | 'git' | 'url';

/**
 * The source type a target most likely is: a browser URL of a file in a repository (GitHub,
 * GitLab, Gitea, Bitbucket) is `url`; a clone URL, possibly with `#ref:path`, is `git`; anything
 * else is a path on the server (`file`). See docs/catalog-sources.md.
 */
export function guessLocationType(target: string): LocationType {
  const t = target.trim();
  if (/^https?:\/\/[^#]+\/(-\/)?(blob|tree|src)\//.test(t)) return 'url';
  if (/^(git@|ssh:\/\/|git:\/\/|file:\/\/)/.test(t) || t.includes('#') || /\.git\/?$/.test(t)) return 'git';
  if (/^https?:\/\//.test(t)) return 'url';
  return 'file';
}
