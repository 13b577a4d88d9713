import gitUrlParse from 'git-url-parse';

/**
 * URL arithmetic of Backstage's SCM integrations (`@backstage/integration` 2.x), pure string
 * logic. Paved has no integration configuration in the model, so it knows the hosts Backstage
 * configures by default (github.com, gitlab.com, bitbucket.org) and treats every other host like
 * Backstage treats a host without an integration. Parsing uses `git-url-parse`, the library
 * Backstage uses, so owner/repository/path splitting is the same.
 */

export type GitUrl = gitUrlParse.GitUrl;

/** Parses a git hosting URL; throws on a path that tries to climb out with `..` or `.`. */
export function parseGitUrlSafe(url: string): GitUrl {
  const parsed = gitUrlParse(url);
  if (parsed.filepath) {
    let decoded = parsed.filepath;
    let previous: string;
    do {
      previous = decoded;
      try {
        decoded = decodeURIComponent(decoded);
      } catch {
        break;
      }
    } while (decoded !== previous);
    if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) {
      throw new Error('Invalid SCM URL: path traversal is not allowed in the URL');
    }
  }
  return parsed;
}

function isAbsoluteUrl(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves `url` against `base` like `defaultScmResolveUrl`: absolute URLs verbatim, `/x`
 * relative to the repository root, anything else with the URL constructor; the base's query
 * string is kept. Throws when `base` is not an absolute URL.
 */
export function defaultScmResolveUrl(url: string, base: string): string {
  if (isAbsoluteUrl(url)) {
    return url;
  }
  let updated: URL;
  if (url.startsWith('/')) {
    const { href, filepath } = parseGitUrlSafe(base);
    updated = new URL(href);
    const repoRootPath = updated.pathname
      .substring(0, updated.pathname.length - filepath.length)
      .replace(/\/+$/, '');
    updated.pathname = `${repoRootPath}${url}`;
  } else {
    updated = new URL(url, base);
  }
  updated.search = new URL(base).search;
  return updated.toString();
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function replaceGithubUrlType(url: string, type: 'tree' | 'edit'): string {
  return url.replace(
    /\/\/([^/]+)\/([^/]+)\/([^/]+)\/(blob|tree|edit)\//,
    (_match, host: string, owner: string, repo: string) => `//${host}/${owner}/${repo}/${type}/`,
  );
}

/** Hosts for which Backstage has an integration without any configuration. */
const DEFAULT_INTEGRATION_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org']);

/** Whether Backstage would find an SCM integration for this URL with its default configuration. */
export function hasDefaultIntegration(url: string): boolean {
  const host = hostOf(url);
  return host !== undefined && DEFAULT_INTEGRATION_HOSTS.has(host);
}

/**
 * `ScmIntegrations.resolveUrl`: the integration of the base URL's host resolves, GitHub
 * rewriting the result to a `tree` URL. Throws when the URL cannot be formed.
 */
export function resolveScmUrl(url: string, base: string): string {
  const resolved = defaultScmResolveUrl(url, base);
  return hostOf(base) === 'github.com' ? replaceGithubUrlType(resolved, 'tree') : resolved;
}

/** `resolveEditUrl` of the integration for this URL, or undefined when there is none. */
export function scmEditUrl(url: string): string | undefined {
  switch (hostOf(url)) {
    case 'github.com':
      return replaceGithubUrlType(url, 'edit');
    case 'gitlab.com':
      return url.replace(/\/-\/(blob|tree|edit)\//, '/-/edit/');
    case 'bitbucket.org': {
      const editUrl = new URL(url);
      editUrl.searchParams.set('mode', 'edit');
      editUrl.searchParams.set('at', gitUrlParse(url).ref);
      return editUrl.toString();
    }
    default:
      return undefined;
  }
}

/**
 * The placeholder processor's same-repository rule: when both URLs parse as git URLs with an
 * owner, repository and file path, they must name the same host and repository.
 */
export function isSameRepository(resolvedUrl: string, baseUrl: string): boolean {
  let resolved: GitUrl;
  let base: GitUrl;
  try {
    resolved = gitUrlParse(resolvedUrl);
    base = gitUrlParse(baseUrl);
  } catch {
    return true;
  }
  if (
    !resolved.owner ||
    !resolved.name ||
    !resolved.filepath ||
    !base.owner ||
    !base.name ||
    !base.filepath
  ) {
    return true;
  }
  return resolved.resource === base.resource && resolved.full_name === base.full_name;
}
