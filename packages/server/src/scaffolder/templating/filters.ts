import { InputError, parseEntityRef } from '@paved/model';

/** What `parseRepoUrl` answers (Backstage's scaffolder-node `parseRepoUrl`). */
export interface RepoSpec {
  host: string;
  repo: string;
  owner?: string;
  organization?: string;
  workspace?: string;
  project?: string;
}

/**
 * The integration type of a host, guessed from its name: Paved has no integrations config yet,
 * so every host is accepted (Backstage refuses hosts without an integration).
 */
function integrationType(host: string): string {
  if (host.includes('bitbucket')) return 'bitbucket';
  if (host === 'dev.azure.com' || host.endsWith('.visualstudio.com')) return 'azure';
  if (host.includes('gitlab')) return 'gitlab';
  if (host.includes('gitea')) return 'gitea';
  if (host.includes('gerrit')) return 'gerrit';
  return 'github';
}

/** `github.com?owner=o&repo=r` → `{host, owner, repo}`, with the checks Backstage makes per provider. */
export function parseRepoUrl(value: unknown): RepoSpec {
  if (typeof value !== 'string' || value === '') {
    throw new InputError(
      `parseRepoUrl needs a string like "github.com?owner=o&repo=r"; got ${JSON.stringify(value)}`,
    );
  }
  let url: URL;
  try {
    url = new URL(`https://${value}`);
  } catch {
    throw new InputError(`Invalid repo URL passed to parser: ${value}`);
  }
  const param = (name: string) => url.searchParams.get(name)?.replace(/^\/+|\/+$/g, '') || undefined;
  const spec: RepoSpec = { host: url.host, repo: param('repo') ?? '' };
  for (const key of ['owner', 'organization', 'workspace', 'project'] as const) {
    const v = param(key);
    if (v !== undefined) spec[key] = v;
  }
  const type = integrationType(url.host);
  const missing = (name: string) =>
    new InputError(`Invalid repo URL passed to parser, missing ${name} (${value})`);
  if (type === 'bitbucket') {
    if (url.host === 'www.bitbucket.org' && !spec.workspace) throw missing('workspace');
    if (!spec.project) throw missing('project');
  } else if (type === 'azure') {
    if (!spec.project) throw missing('project');
  } else if (type === 'gitlab') {
    if (!spec.project && !spec.owner) throw missing('owner');
  } else if (type !== 'gitea' && type !== 'gerrit') {
    if (!spec.owner) throw missing('owner');
  }
  if (!spec.repo && !(type === 'gitlab' && spec.project)) throw missing('repo');
  return spec;
}

/** lodash `get` for a dotted or bracketed path. */
function pick(value: unknown, path: unknown): unknown {
  if (typeof path !== 'string') return undefined;
  let current = value;
  for (const part of path.split(/[.[\]'"]+/).filter(Boolean)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * The filters Backstage adds to Nunjucks (createDefaultFilters.ts). They run on the host, outside
 * the sandbox, and only ever see and return JSON.
 */
export const HOST_FILTERS: Record<string, (...args: unknown[]) => unknown> = {
  parseRepoUrl: (value) => parseRepoUrl(value),
  parseEntityRef: (value, context) => {
    if (typeof value !== 'string' && (value === null || typeof value !== 'object')) {
      throw new InputError(`parseEntityRef needs an entity ref; got ${JSON.stringify(value)}`);
    }
    const options = (context ?? {}) as { defaultKind?: string; defaultNamespace?: string };
    return parseEntityRef(value as string, {
      defaultKind: options.defaultKind,
      defaultNamespace: options.defaultNamespace,
    });
  },
  pick: (value, path) => pick(value, path),
  projectSlug: (value) => {
    const spec = parseRepoUrl(value);
    return `${spec.owner ?? spec.project ?? spec.workspace}/${spec.repo}`;
  },
};
