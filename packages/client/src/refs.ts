export interface ParsedRef {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Parses `kind:namespace/name` with Backstage's defaults for the parts left out. Lower-cases the
 * kind and namespace only for comparison purposes is left to callers: refs are case-insensitive
 * in the catalog, but names are shown as written.
 */
export function parseRef(ref: string, defaults: { kind?: string; namespace?: string } = {}): ParsedRef {
  const match = /^(?:([^:/]+):)?(?:([^/]+)\/)?([^:/]+)$/.exec(ref.trim());
  if (!match) throw new Error(`"${ref}" is not an entity ref; expected [kind:][namespace/]name`);
  const kind = match[1] ?? defaults.kind;
  if (!kind) throw new Error(`"${ref}" has no kind and none is implied; expected kind:[namespace/]name`);
  return { kind, namespace: match[2] ?? defaults.namespace ?? 'default', name: match[3] as string };
}

/** `kind:namespace/name`, kind and namespace lower-cased as the catalog stores refs. */
export function formatEntityRef(entity: {
  kind: string;
  metadata: { namespace?: string | undefined; name: string };
}): string {
  return `${entity.kind.toLowerCase()}:${(entity.metadata.namespace ?? 'default').toLowerCase()}/${entity.metadata.name}`;
}
