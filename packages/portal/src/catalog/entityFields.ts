import { type Entity, formatEntityRef, parseRef } from '@paved/client';

function specString(entity: Entity, key: string): string | undefined {
  const value = entity.spec?.[key];
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * A reference written in a descriptor (`spec.owner`, `spec.system`) made complete the way the
 * catalog resolves it: the kind implied by the field, the namespace of the entity that wrote it.
 */
export function resolveSpecRef(entity: Entity, key: string, defaultKind: string): string | undefined {
  const value = specString(entity, key);
  if (!value) return undefined;
  try {
    const ref = parseRef(value, { kind: defaultKind, namespace: entity.metadata.namespace ?? 'default' });
    return `${ref.kind.toLowerCase()}:${ref.namespace.toLowerCase()}/${ref.name}`;
  } catch {
    return undefined;
  }
}

/** What the explorer table shows of one entity. */
export function tableRow(entity: Entity) {
  return {
    ref: formatEntityRef(entity),
    name: entity.metadata.name,
    title: entity.metadata.title,
    description: entity.metadata.description,
    namespace: entity.metadata.namespace ?? 'default',
    type: specString(entity, 'type'),
    lifecycle: specString(entity, 'lifecycle'),
    owner: resolveSpecRef(entity, 'owner', 'group'),
    system: resolveSpecRef(entity, 'system', 'system'),
    tags: entity.metadata.tags ?? [],
  };
}

/** `checkout-team` for a group in the default namespace, `user:ops/jane` otherwise. */
export function shortRef(ref: string, defaultKind = 'group'): string {
  try {
    const { kind, namespace, name } = parseRef(ref, { kind: defaultKind });
    const withNamespace = namespace === 'default' ? name : `${namespace}/${name}`;
    return kind.toLowerCase() === defaultKind ? withNamespace : `${kind.toLowerCase()}:${withNamespace}`;
  } catch {
    return ref;
  }
}
