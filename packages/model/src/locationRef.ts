import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DescriptorError } from './descriptor.ts';
import type { Entity } from './entity.ts';
import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_VIEW_URL,
} from './entity.ts';
import { InputError } from './errors.ts';
import { hasDefaultIntegration, resolveScmUrl, scmEditUrl } from './scmUrl.ts';

/** Where entities come from: `file:/abs/path`, `url:https://…`, or another reader's type. */
export interface LocationSpec {
  type: string;
  target: string;
  presence?: 'required' | 'optional';
}

// The same pattern as catalog-model's location helpers: a javascript: URL, even obfuscated with
// leading control characters or embedded tabs and newlines.
const scriptProtocolPattern =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: leading control characters are part of what it detects
  /^[\u0000-\u001F ]*j[\r\n\t]*a[\r\n\t]*v[\r\n\t]*a[\r\n\t]*s[\r\n\t]*c[\r\n\t]*r[\r\n\t]*i[\r\n\t]*p[\r\n\t]*t[\r\n\t]*:/i;

/**
 * Parses `<type>:<target>`, splitting on the first colon, as Backstage's `parseLocationRef`:
 * both parts trimmed and non-empty, `http`/`https` types rejected (they need `url:`), and
 * `javascript:` targets rejected.
 */
export function parseLocationRef(ref: string): LocationSpec {
  if (typeof ref !== 'string') {
    throw new InputError(`Unable to parse location ref '${ref}', unexpected argument ${typeof ref}`);
  }
  const splitIndex = ref.indexOf(':');
  if (splitIndex < 0) {
    throw new InputError(
      `Unable to parse location ref '${ref}', expected '<type>:<target>', e.g. 'url:https://host/path'`,
    );
  }
  const type = ref.substring(0, splitIndex).trim();
  const target = ref.substring(splitIndex + 1).trim();
  if (!type || !target) {
    throw new InputError(
      `Unable to parse location ref '${ref}', expected '<type>:<target>', e.g. 'url:https://host/path'`,
    );
  }
  if (type === 'http' || type === 'https') {
    throw new InputError(`Invalid location ref '${ref}', please prefix it with 'url:', e.g. 'url:${ref}'`);
  }
  if (scriptProtocolPattern.test(target)) {
    throw new InputError(`Invalid location ref '${ref}', target is a javascript: URL`);
  }
  return { type, target };
}

/** `type:target`; rejects empty parts and `javascript:` targets like Backstage. */
export function stringifyLocationRef(location: LocationSpec): string {
  const { type, target } = location;
  if (!type) {
    throw new InputError('Unable to stringify location ref, empty type');
  } else if (!target) {
    throw new InputError('Unable to stringify location ref, empty target');
  }
  if (scriptProtocolPattern.test(target)) {
    throw new InputError(`Invalid location ref '${type}:${target}', target is a javascript: URL`);
  }
  return `${type}:${target}`;
}

/** `generated-<sha1 hex of "type:target">`, the name Backstage gives a registered location. */
export function locationEntityName(location: LocationSpec): string {
  return `generated-${createHash('sha1').update(`${location.type}:${location.target}`).digest('hex')}`;
}

/**
 * The Location entity Backstage generates for a registered or configured location
 * (`locationSpecToLocationEntity` without a parent): both managed-by annotations point at the
 * location itself. Like Backstage, no namespace is written; processing defaults it.
 */
export function buildLocationEntity(location: LocationSpec): Entity {
  const ref = stringifyLocationRef(location);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: {
      name: locationEntityName(location),
      annotations: { [ANNOTATION_LOCATION]: ref, [ANNOTATION_ORIGIN_LOCATION]: ref },
    },
    spec: {
      type: location.type,
      target: location.target,
      ...(location.presence ? { presence: location.presence } : {}),
    },
  };
}

const commitHashPattern = /\b[0-9a-f]{40,}\b/;

/**
 * The annotations `AnnotateLocationEntityProcessor` writes as defaults (the entity's own values
 * win): both managed-by annotations and, for `url` locations, view-url, edit-url (not for URLs
 * pinned to a commit) and source-location.
 */
export function locationAnnotationDefaults(
  location: LocationSpec,
  originLocation: LocationSpec,
): Record<string, string> {
  const annotations: Record<string, string> = {
    [ANNOTATION_LOCATION]: stringifyLocationRef(location),
    [ANNOTATION_ORIGIN_LOCATION]: stringifyLocationRef(originLocation),
  };
  if (location.type === 'url') {
    annotations[ANNOTATION_VIEW_URL] = location.target;
    if (hasDefaultIntegration(location.target)) {
      const editUrl = commitHashPattern.test(location.target)
        ? undefined
        : safely(() => scmEditUrl(location.target));
      if (editUrl) {
        annotations[ANNOTATION_EDIT_URL] = editUrl;
      }
      const sourceUrl = safely(() => resolveScmUrl('./', location.target));
      if (sourceUrl) {
        annotations[ANNOTATION_SOURCE_LOCATION] = stringifyLocationRef({ type: 'url', target: sourceUrl });
      }
    }
  }
  return annotations;
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

export interface ResolveLocationTargetsOptions {
  /**
   * Types a Location may switch to when its `spec.type` differs from the type of the file it is
   * in. Backstage's default is `['url']` (`setAllowedLocationTypes`).
   */
  allowedLocationTypes?: string[];
}

/**
 * The locations a Location entity asks to read, resolved the way Backstage's orchestrator does
 * (`runSpecialLocationStep`, reference/catalog.md §4.5): `spec.target` then `spec.targets[]`;
 * the type defaults to the type of the file the entity is in; relative targets are resolved only
 * when the type is the same as the file's (`file`: a target starting with `.` is joined onto the
 * file's directory; `url`: the SCM integration's URL resolution).
 */
export function resolveLocationTargets(
  entity: Entity,
  fileLocation: LocationSpec,
  options: ResolveLocationTargetsOptions = {},
): { targets: LocationSpec[]; errors: DescriptorError[] } {
  const spec = (entity.spec ?? {}) as {
    type?: string;
    target?: string;
    targets?: string[];
    presence?: string;
  };
  const type = spec.type ?? fileLocation.type;
  const presence = spec.presence === 'optional' ? 'optional' : 'required';
  const allowed = options.allowedLocationTypes ?? ['url'];
  if (type !== fileLocation.type && !allowed.includes(type)) {
    return {
      targets: [],
      errors: [
        {
          message: `Registered locations must be of an allowed type ${JSON.stringify(allowed)}; spec.type "${type}" differs from the type of the file it is in ("${fileLocation.type}")`,
          path: 'spec.type',
          rule: 'location',
        },
      ],
    };
  }
  const candidates: Array<{ target: string; path: string }> = [];
  if (spec.target) {
    candidates.push({ target: spec.target, path: 'spec.target' });
  }
  if (Array.isArray(spec.targets)) {
    spec.targets.forEach((target, index) => {
      candidates.push({ target, path: `spec.targets.${index}` });
    });
  }
  const targets: LocationSpec[] = [];
  const errors: DescriptorError[] = [];
  for (const candidate of candidates) {
    if (type === 'file' && candidate.target.endsWith(path.sep)) {
      errors.push({
        message: `LocationEntityProcessor cannot handle ${type} type location with target "${candidate.target}" that ends with a path separator; expected a file path or glob, e.g. "./catalog-info.yaml"`,
        path: candidate.path,
        rule: 'location',
      });
      continue;
    }
    targets.push({ type, target: toAbsoluteTarget(fileLocation, type, candidate.target), presence });
  }
  return { targets, errors };
}

function toAbsoluteTarget(base: LocationSpec, type: string, target: string): string {
  if (base.type !== type) {
    return target;
  }
  try {
    if (type === 'file') {
      return target.startsWith('.') ? path.join(path.dirname(base.target), target) : target;
    }
    if (type === 'url') {
      return resolveScmUrl(target, base.target);
    }
    return target;
  } catch {
    return target;
  }
}
