import { InputError } from '@paved/model';

/** A file (or folder) of a repository, as a hosting service's browser URL names it. */
export interface ScmFileUrl {
  /** What `git clone` takes. */
  cloneUrl: string;
  ref: string;
  /** Path inside the repository, without a leading slash; may be a glob. */
  path: string;
  /** Rebuilds the browser URL of another path of the same repository and ref. */
  urlOf(path: string): string;
}

/**
 * Reads the browser URLs Backstage's `url` locations use — GitHub, Gitea and Bitbucket-style
 * `…/<owner>/<repo>/blob/<ref>/<path>` and GitLab-style `…/<group>/<repo>/-/blob/<ref>/<path>`
 * (`tree` for folders) — into a clone URL, ref and path. A ref containing `/` cannot be told
 * apart from the path in such URLs; the first segment is taken as the ref, as Backstage's
 * integrations do for a branch they have not listed.
 */
export function parseScmFileUrl(target: string): ScmFileUrl {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new InputError(
      `Location target ${JSON.stringify(target)} is not a URL; a url location names a file such as https://github.com/org/repo/blob/main/catalog-info.yaml`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`url locations must use https (or http); got ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new InputError('url locations must not carry credentials; configure them for git instead');
  }
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const marker = segments.findIndex((s, i) => (s === 'blob' || s === 'tree') && i >= 2);
  if (marker === -1 || segments.length < marker + 2) {
    throw new InputError(
      `Location target ${target} does not name a file in a repository; expected …/<owner>/<repo>/blob/<ref>/<path> (GitHub, Gitea, Bitbucket) or …/<group>/<repo>/-/blob/<ref>/<path> (GitLab)`,
    );
  }
  const gitlab = segments[marker - 1] === '-';
  const repoSegments = segments.slice(0, gitlab ? marker - 1 : marker);
  const ref = segments[marker + 1]!;
  const rest = segments.slice(marker + 2);
  const path = segments[marker] === 'tree' ? [...rest, 'catalog-info.yaml'].join('/') : rest.join('/');
  if (repoSegments.length < 2 || !path || rest.some((s) => s === '..' || s === '.')) {
    throw new InputError(`Location target ${target} does not name a file inside a repository`);
  }
  const base = `${url.protocol}//${url.host}/${repoSegments.map(encodeURIComponent).join('/')}`;
  const blob = `${base}/${gitlab ? '-/' : ''}blob/${encodeURIComponent(ref)}/`;
  return {
    cloneUrl: `${base.replace(/\.git$/, '')}.git`,
    ref,
    path,
    urlOf: (p) => `${blob}${p.split('/').map(encodeURIComponent).join('/')}`,
  };
}
