import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { DescriptorError } from './descriptor.ts';
import type { LocationSpec } from './locationRef.ts';
import { isSameRepository, resolveScmUrl } from './scmUrl.ts';

/**
 * `$text`, `$json` and `$yaml` placeholders, as Backstage's `PlaceholderProcessor`
 * (catalog-backend 4.0.0; reference/catalog.md §1.5): an object whose only key is one of them is
 * replaced by the content it points at. Objects with a `$` key and other keys, and unknown `$`
 * keys, are left as they are (and not looked into). Resolved content is not searched for further
 * placeholders.
 *
 * Where Backstage resolves the value with its SCM integrations, Paved resolves `file` locations
 * against the file's directory (Backstage cannot resolve a relative path against a file path:
 * "could not form a URL … Invalid URL") and refuses anything outside `sourceRoot`; `url`
 * locations keep Backstage's URL resolution and same-repository rule, plus the `sourceRoot` prefix
 * when one is given.
 */

export const PLACEHOLDER_RESOLVERS = ['text', 'json', 'yaml'] as const;

export interface PlaceholderOptions {
  /** The location of the file the entity is in; relative values resolve against it. */
  location: LocationSpec;
  /** Directory (file locations) or URL prefix (url locations) nothing may be read outside of. */
  sourceRoot?: string;
  /** Reads an absolute path or URL that already passed the root rule. */
  readPlaceholder?: (target: string) => Promise<string>;
  /** Largest content accepted from one placeholder, in UTF-16 code units. */
  maxLength?: number;
  /** Alias limit for `$yaml` content. */
  maxAliasCount?: number;
}

interface Found {
  segments: string[];
  key: string;
  value: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the value contains a placeholder that would be resolved. */
export function findPlaceholders(value: unknown): Array<{ segments: string[]; key: string; value: unknown }> {
  const found: Found[] = [];
  const visit = (node: unknown, segments: string[]) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        visit(item, [...segments, String(i)]);
      });
      return;
    }
    if (!isPlainObject(node)) {
      return;
    }
    const keys = Object.keys(node);
    if (!keys.some((k) => k.startsWith('$'))) {
      for (const k of keys) {
        visit(node[k], [...segments, k]);
      }
      return;
    }
    if (keys.length !== 1) {
      return;
    }
    const key = (keys[0] as string).substring(1);
    if ((PLACEHOLDER_RESOLVERS as readonly string[]).includes(key)) {
      found.push({ segments, key, value: node[keys[0] as string] });
    }
  };
  visit(value, []);
  return found;
}

function isWithin(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function isAbsoluteUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Resolves a placeholder's value to an absolute path or URL, enforcing the root rules. */
export function resolvePlaceholderTarget(key: string, value: unknown, options: PlaceholderOptions): string {
  if (typeof value !== 'string') {
    throw new Error(
      `Placeholder $${key} expected a string value parameter, in the form of an absolute URL or a relative path`,
    );
  }
  const { location, sourceRoot } = options;
  if (location.type === 'file') {
    let resolved: string;
    if (isAbsoluteUrl(value) && !/^[a-zA-Z]:[\\/]/.test(value)) {
      if (!value.startsWith('file:')) {
        if (sourceRoot !== undefined) {
          throw new Error(
            `Placeholder $${key} refers to ${value}, outside the source root ${sourceRoot}; only files under the root can be read`,
          );
        }
        return value;
      }
      resolved = fileURLToPath(value);
    } else {
      resolved = path.resolve(path.dirname(location.target), value);
    }
    if (sourceRoot !== undefined && !isWithin(path.resolve(sourceRoot), resolved)) {
      throw new Error(
        `Placeholder $${key} refers to ${resolved}, outside the source root ${path.resolve(sourceRoot)}; only files under the root can be read`,
      );
    }
    return resolved;
  }
  if (location.type === 'url') {
    let resolved: string;
    try {
      resolved = resolveScmUrl(value, location.target);
    } catch (e) {
      throw new Error(
        `Placeholder $${key} could not form a URL out of ${location.target} and ${value}, ${e}`,
      );
    }
    if (!isSameRepository(resolved, location.target)) {
      throw new Error(
        `Placeholder $${key} could not form a URL out of ${location.target} and ${value}, Error: Placeholder may only reference files from the same repository as the entity`,
      );
    }
    if (sourceRoot !== undefined && !isUnderUrlRoot(sourceRoot, resolved)) {
      throw new Error(
        `Placeholder $${key} refers to ${resolved}, outside the source root ${sourceRoot}; only files under the root can be read`,
      );
    }
    return resolved;
  }
  throw new Error(`Placeholder $${key} cannot be resolved relative to a ${location.type} location`);
}

function isUnderUrlRoot(root: string, target: string): boolean {
  try {
    const r = new URL(root);
    const t = new URL(target);
    if (r.origin !== t.origin) {
      return false;
    }
    const rootPath = r.pathname.endsWith('/') ? r.pathname : `${r.pathname}/`;
    return t.pathname === r.pathname || t.pathname.startsWith(rootPath);
  } catch {
    return false;
  }
}

async function resolveOne(key: string, value: unknown, options: PlaceholderOptions): Promise<unknown> {
  const target = resolvePlaceholderTarget(key, value, options);
  if (!options.readPlaceholder) {
    throw new Error(
      `Placeholder $${key} could not read location ${String(value)}, no reader is available here`,
    );
  }
  let content: string;
  try {
    content = await options.readPlaceholder(target);
  } catch (e) {
    throw new Error(`Placeholder $${key} could not read location ${String(value)}, ${e}`);
  }
  if (typeof content !== 'string') {
    throw new Error(
      `Placeholder $${key} could not read location ${String(value)}, the reader returned no text`,
    );
  }
  if (options.maxLength !== undefined && content.length > options.maxLength) {
    throw new Error(
      `Placeholder $${key} could not read location ${String(value)}, it is larger than the limit of ${options.maxLength} characters`,
    );
  }
  switch (key) {
    case 'text':
      return content;
    case 'json':
      try {
        return JSON.parse(content);
      } catch (e) {
        throw new Error(`Placeholder $${key} failed to parse JSON data at ${String(value)}, ${e}`);
      }
    default: {
      let documents: ReturnType<typeof parseAllDocuments>;
      try {
        documents = parseAllDocuments(content, { merge: false, prettyErrors: false });
      } catch (e) {
        throw new Error(`Placeholder $${key} failed to parse YAML data at ${String(value)}, ${e}`);
      }
      const list = Array.isArray(documents) ? documents : [];
      if (list.length !== 1) {
        throw new Error(
          `Placeholder $${key} expected to find exactly one document of data at ${String(value)}, found ${list.length}`,
        );
      }
      const document = list[0] as (typeof list)[number];
      if (document.errors.length) {
        throw new Error(
          `Placeholder $${key} found an error in the data at ${String(value)}, ${document.errors[0]}`,
        );
      }
      try {
        return document.toJS({ json: true, maxAliasCount: options.maxAliasCount ?? 100 });
      } catch (e) {
        throw new Error(`Placeholder $${key} found an error in the data at ${String(value)}, ${e}`);
      }
    }
  }
}

function setAt(root: unknown, segments: readonly string[], value: unknown): unknown {
  if (segments.length === 0) {
    return value;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(root)) {
    const copy = root.slice();
    copy[Number(head)] = setAt(copy[Number(head)], rest, value);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(root as Record<string, unknown>) };
  Object.defineProperty(copy, head, {
    value: setAt((root as Record<string, unknown>)[head], rest, value),
    writable: true,
    enumerable: true,
    configurable: true,
  });
  return copy;
}

/**
 * Resolves every placeholder of an entity. Returns a new value (the input is not changed) and
 * one error per placeholder that could not be resolved, with the path of the placeholder.
 */
export async function resolvePlaceholders(
  entity: unknown,
  options: PlaceholderOptions,
): Promise<{ value: unknown; errors: DescriptorError[]; resolved: number }> {
  const found = findPlaceholders(entity);
  if (found.length === 0) {
    return { value: entity, errors: [], resolved: 0 };
  }
  const results = await Promise.allSettled(found.map((f) => resolveOne(f.key, f.value, options)));
  let value = entity;
  const errors: DescriptorError[] = [];
  results.forEach((result, i) => {
    const { segments } = found[i] as Found;
    if (result.status === 'fulfilled') {
      value = setAt(value, segments, result.value);
    } else {
      const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
      errors.push({
        message: `${segments.join('.')}: ${reason}`,
        path: segments.join('.'),
        rule: 'placeholder',
      });
    }
  });
  return { value, errors, resolved: found.length };
}
