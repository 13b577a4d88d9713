/**
 * Backstage's repository location string, `host?owner=o&repo=r` (`workspace`, `project` and
 * `organization` for the hosts that name things so), as RepoUrlPicker writes it and
 * `publish:*` actions and the `parseRepoUrl` filter read it.
 */
export interface RepoLocation {
  host: string;
  /** owner, repo, workspace, project, organization…, in the order they were written. */
  params: [string, string][];
}

export function parseRepoLocation(value: string): RepoLocation {
  const at = value.indexOf('?');
  const host = at < 0 ? value : value.slice(0, at);
  const params = at < 0 ? [] : [...new URLSearchParams(value.slice(at + 1)).entries()];
  return { host, params };
}

export function formatRepoLocation(location: RepoLocation): string {
  const query = new URLSearchParams(location.params.filter(([, v]) => v !== '')).toString();
  return query ? `${location.host}?${query}` : location.host;
}

export function repoParam(location: RepoLocation, name: string): string {
  return location.params.find(([key]) => key === name)?.[1] ?? '';
}

/** The location with `name` set to `value` (kept in place, or added after the others). */
export function withRepoParam(location: RepoLocation, name: string, value: string): RepoLocation {
  const has = location.params.some(([key]) => key === name);
  return {
    host: location.host,
    params: has
      ? location.params.map(([key, v]) => [key, key === name ? value : v])
      : [...location.params, [name, value]],
  };
}

/** The parts a host's repositories are named by, besides `repo`. */
export function ownerParts(host: string): { name: string; label: string }[] {
  if (/bitbucket/i.test(host)) {
    return [
      { name: 'workspace', label: 'Workspace' },
      { name: 'project', label: 'Project' },
    ];
  }
  if (/dev\.azure\.com|visualstudio\.com/i.test(host)) {
    return [
      { name: 'organization', label: 'Organization' },
      { name: 'project', label: 'Project' },
    ];
  }
  if (/gitlab/i.test(host)) return [{ name: 'owner', label: 'Owner (group or user, group/subgroup)' }];
  return [{ name: 'owner', label: 'Owner' }];
}

/** How a host is shown: Paved's own git hosting by its purpose, the others by name. */
export function hostLabel(host: string): string {
  return host === 'paved' ? 'Paved (hosted here)' : host;
}
