import * as fs from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANNOTATION_LOCATION, type Entity, InputError } from '@paved/model';
import { resolveInside } from './Workspace.ts';

/**
 * Where a template's own files come from: the folder its template.yaml sits in. Relative `url`
 * inputs of fetch actions resolve against it. A local folder today; a git source will implement
 * the same interface by checking the repository out and answering paths in the checkout.
 */
export interface TemplateBase {
  /** Where the template is, for messages (`file:/…/template.yaml`). */
  readonly description: string;
  /** The absolute path of a folder of the template, refused if it leaves the template's source. */
  resolveDirectory(url: string): Promise<string>;
  /** The absolute path of a file of the template, refused if it leaves the template's source. */
  resolveFile(url: string): Promise<string>;
}

function refuseRemote(url: string): void {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new InputError(
      `Fetching ${JSON.stringify(url)} is not supported yet: Paved reads only the template's own files (relative URLs)`,
    );
  }
}

/** The template's files in a local folder (a `file:` location, or the files a dry-run uploaded). */
export class LocalTemplateBase implements TemplateBase {
  readonly description: string;
  readonly #dir: string;

  constructor(dir: string, description = `file:${dir}`) {
    this.#dir = resolve(dir);
    this.description = description;
  }

  async #resolve(url: string, kind: 'directory' | 'file'): Promise<string> {
    if (typeof url !== 'string' || url === '') throw new InputError('A fetch url must be a non-empty string');
    refuseRemote(url);
    const path = await resolveInside(this.#dir, url, "template's folder");
    const stat = await fs.stat(path).catch(() => undefined);
    if (!stat || (kind === 'directory' ? !stat.isDirectory() : !stat.isFile())) {
      throw new InputError(`The template has no ${kind} at ${JSON.stringify(url)} (${this.description})`);
    }
    return path;
  }

  resolveDirectory(url: string): Promise<string> {
    return this.#resolve(url, 'directory');
  }

  resolveFile(url: string): Promise<string> {
    return this.#resolve(url, 'file');
  }
}

/**
 * The base of a template entity read by the catalog, from its `backstage.io/managed-by-location`
 * annotation. Only `file:` locations for now. Never use it for a template sent by a client: its
 * annotations are whatever the client wrote.
 */
export function templateBaseOfEntity(entity: Entity): TemplateBase {
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  if (!location)
    throw new InputError(`The template has no ${ANNOTATION_LOCATION} annotation: its files cannot be found`);
  const match = /^(file|url):(.*)$/.exec(location);
  if (match?.[1] !== 'file') {
    throw new InputError(
      `Templates from ${JSON.stringify(location)} are not supported yet: only file: locations`,
    );
  }
  const target = match[2] as string;
  const path = target.startsWith('file://') ? fileURLToPath(target) : target;
  return new LocalTemplateBase(dirname(path), location);
}
