import * as fs from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
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
  readonly #boundary: string;

  /**
   * @param boundary what relative URLs may reach: the template's folder by default; the
   *   repository's checkout for a template read from git (`../shared/skeleton` works there, as
   *   it does in Backstage for a template read by URL).
   */
  constructor(dir: string, description = `file:${dir}`, boundary?: string) {
    this.#dir = resolve(dir);
    this.#boundary = boundary === undefined ? this.#dir : resolve(boundary);
    if (relative(this.#boundary, this.#dir).startsWith('..')) {
      throw new InputError(`The template's folder ${this.#dir} is outside its source ${this.#boundary}`);
    }
    this.description = description;
  }

  async #resolve(url: string, kind: 'directory' | 'file'): Promise<string> {
    if (typeof url !== 'string' || url === '') throw new InputError('A fetch url must be a non-empty string');
    refuseRemote(url);
    const path =
      this.#boundary === this.#dir
        ? await resolveInside(this.#dir, url, "template's folder")
        : await resolveInside(
            this.#boundary,
            isAbsolute(url) ? url : join(relative(this.#boundary, this.#dir), url),
            "template's repository",
          );
    const stat = await fs.stat(path).catch(() => undefined);
    if (!stat || (kind === 'directory' ? !stat.isDirectory() : !stat.isFile())) {
      throw new InputError(`The template has no ${kind} at ${JSON.stringify(url)} (${this.description})`);
    }
    return path;
  }

  resolveDirectory(url: string): Promise<string> {
    return this.#resolve(url, 'directory');
  }

  /** Whether relative URLs may reach beyond the template's folder (a template read from git). */
  get reachesRepository(): boolean {
    return this.#boundary !== this.#dir;
  }

  /**
   * A copy of what this base may read (its folder, or the whole repository without `.git`) in a
   * new folder under `parent` whose name starts with `prefix`: a task reads its template from a
   * copy, so the catalog updating its checkout meanwhile cannot hand it a mix of two commits.
   */
  async snapshot(
    parent: string,
    prefix: string,
  ): Promise<{ base: LocalTemplateBase; dispose(): Promise<void> }> {
    await fs.mkdir(parent, { recursive: true });
    const dir = await fs.mkdtemp(join(parent, prefix));
    const dispose = () => fs.rm(dir, { recursive: true, force: true });
    try {
      await fs.cp(this.#boundary, dir, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (source) => basename(source) !== '.git',
      });
      const inside = join(dir, relative(this.#boundary, this.#dir));
      return {
        base: new LocalTemplateBase(inside, this.description, this.reachesRepository ? dir : undefined),
        dispose,
      };
    } catch (error) {
      await dispose();
      throw error;
    }
  }

  resolveFile(url: string): Promise<string> {
    return this.#resolve(url, 'file');
  }
}

/**
 * Where the catalog read an entity's file: the file, and the root of its source (a local tree,
 * or the git checkout as last synced) that reads must stay inside.
 */
export type LocateEntityFile = (entityRef: string) => Promise<{ root: string; path: string } | undefined>;

/**
 * The base of a template entity read by the catalog, from its `backstage.io/managed-by-location`
 * annotation: a `file:` location is its folder on disk; a template read from a git repository
 * (`git:` and `url:` sources) is read in the catalog's checkout of it, where relative URLs may
 * reach anything in the repository. Never use it for a template sent by a client: its
 * annotations are whatever the client wrote.
 */
export async function templateBaseOfEntity(
  entity: Entity,
  entityRef: string,
  locate?: LocateEntityFile,
  /**
   * Whether relative URLs may reach the whole repository of a git-sourced template (its own
   * steps), or only its folder (steps a client sent, e.g. the editor's edited copy: they must not
   * read the rest of a repository they may not see).
   */
  reach: 'repository' | 'folder' = 'repository',
): Promise<TemplateBase> {
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  if (!location)
    throw new InputError(`The template has no ${ANNOTATION_LOCATION} annotation: its files cannot be found`);
  const match = /^([a-z]+):(.*)$/.exec(location);
  if (match?.[1] === 'file') {
    const target = match[2] as string;
    const path = target.startsWith('file://') ? fileURLToPath(target) : target;
    return new LocalTemplateBase(dirname(path), location);
  }
  if ((match?.[1] === 'git' || match?.[1] === 'url') && locate) {
    const file = await locate(entityRef);
    if (!file) {
      throw new InputError(
        `The files of ${entityRef} (${location}) are not available: its source has not been read, or no longer holds it`,
      );
    }
    return new LocalTemplateBase(
      dirname(file.path),
      location,
      reach === 'repository' ? file.root : undefined,
    );
  }
  throw new InputError(
    `Templates from ${JSON.stringify(location)} cannot run here: their files are read from local folders and git sources only`,
  );
}
