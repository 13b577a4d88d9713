import type { CompoundEntityRef, Entity } from './entity.ts';
import { DEFAULT_NAMESPACE } from './entity.ts';
import { InputError } from './errors.ts';

/**
 * Entity references, with the exact semantics of `@backstage/catalog-model` 1.10.1
 * (`packages/catalog-model/src/entity/ref.ts`; reference/catalog.md §2.1). Backstage throws
 * `TypeError`/`Error`; Paved throws `InputError` with the same messages, so the server maps them
 * to 400 without a special case.
 */

/** Splits `[<kind>:][<namespace>/]<name>`; parts that are absent come back `undefined`. */
function parseRefString(ref: string): { kind?: string; namespace?: string; name: string } {
  let colonI = ref.indexOf(':');
  const slashI = ref.indexOf('/');
  // A slash before the first colon means the colon belongs to the name.
  if (slashI !== -1 && slashI < colonI) {
    colonI = -1;
  }
  const kind = colonI === -1 ? undefined : ref.slice(0, colonI);
  const namespace = slashI === -1 ? undefined : ref.slice(colonI + 1, slashI);
  const name = ref.slice(Math.max(colonI + 1, slashI + 1));
  if (kind === '' || namespace === '' || name === '') {
    throw new InputError(`Entity reference "${ref}" was not on the form [<kind>:][<namespace>/]<name>`);
  }
  return { kind, namespace, name };
}

export interface ParseEntityRefContext {
  /** Kind used when the reference has none. Without it, a reference without kind is an error. */
  defaultKind?: string;
  /** Namespace used when the reference has none; `default` when absent or empty. */
  defaultNamespace?: string;
}

/**
 * Parses a string (`component:ns/name`, `ns/name`, `name`) or compound reference, filling in
 * the defaults of `context`.
 */
export function parseEntityRef(
  ref: string | { kind?: string; namespace?: string; name: string },
  context?: ParseEntityRefContext,
): CompoundEntityRef {
  if (!ref) {
    throw new InputError('Entity reference must not be empty');
  }
  const defaultKind = context?.defaultKind;
  const defaultNamespace = context?.defaultNamespace || DEFAULT_NAMESPACE;
  let kind: string | undefined;
  let namespace: string | undefined;
  let name: string | undefined;
  if (typeof ref === 'string') {
    const parsed = parseRefString(ref);
    kind = parsed.kind ?? defaultKind;
    namespace = parsed.namespace ?? defaultNamespace;
    name = parsed.name;
  } else {
    kind = ref.kind ?? defaultKind;
    namespace = ref.namespace ?? defaultNamespace;
    name = ref.name;
  }
  if (!kind) {
    const textual = JSON.stringify(ref);
    throw new InputError(
      `Entity reference ${textual} had missing or empty kind (e.g. did not start with "component:" or similar)`,
    );
  } else if (!namespace) {
    throw new InputError(`Entity reference ${JSON.stringify(ref)} had missing or empty namespace`);
  } else if (!name) {
    throw new InputError(`Entity reference ${JSON.stringify(ref)} had missing or empty name`);
  }
  return { kind, namespace, name };
}

/**
 * The canonical string form `kind:namespace/name`, all three parts lower-cased
 * (locale-independent, as catalog-model 1.10.1). Accepts a compound reference or an entity.
 */
export function stringifyEntityRef(ref: { kind: string; namespace?: string; name: string } | Entity): string {
  let kind: string;
  let namespace: string;
  let name: string;
  if ('metadata' in ref) {
    kind = ref.kind;
    namespace = ref.metadata.namespace ?? DEFAULT_NAMESPACE;
    name = ref.metadata.name;
  } else {
    kind = ref.kind;
    namespace = ref.namespace ?? DEFAULT_NAMESPACE;
    name = ref.name;
  }
  return `${kind.toLowerCase()}:${namespace.toLowerCase()}/${name.toLowerCase()}`;
}

/** The compound reference of an entity; an empty or missing namespace counts as `default`. */
export function getCompoundEntityRef(entity: Entity): CompoundEntityRef {
  return {
    kind: entity.kind,
    namespace: entity.metadata.namespace || DEFAULT_NAMESPACE,
    name: entity.metadata.name,
  };
}
