import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '@paved/model';
import { type GitCheckouts, hostOfUrl, parseGitTarget, resolveInside } from '../catalog/git/index.ts';

export const TECHDOCS_REF = 'backstage.io/techdocs-ref';

/** Where an entity's docs are read from. */
export interface DocsSource {
  /** The folder holding mkdocs.yml (a real path). */
  dir: string;
  /** The folder reads must stay inside: the catalog source's folder, or the docs checkout. */
  root: string;
  /** A local folder (a `file` source): watched for edits. */
  local: boolean;
}

/** What resolving needs of the catalog: where an entity was declared. */
export type LocateEntityFile = (
  entityRef: string,
) => Promise<{ root: string; path: string; sourceType: string } | undefined>;

/** A `url:` techdocs-ref split into what `git clone` takes, the ref and the folder inside. */
export interface DocsRepository {
  cloneUrl: string;
  ref?: string | undefined;
  path: string;
}

/**
 * Reads the `url:` form: a hosting service's folder URL (`…/<owner>/<repo>/tree/<ref>/<path>`,
 * GitLab's `…/-/tree/<ref>/<path>`) or a clone URL with an optional `#<ref>:<path>`.
 */
export function parseDocsRepository(target: string): DocsRepository {
  const browser =
    /^(https?:\/\/[^/?#]+\/(?:[^/?#]+\/)+?)(?:-\/)?(?:tree|blob)\/([^/?#]+)(?:\/([^?#]*))?\/?$/.exec(target);
  if (browser) {
    const cloneUrl = browser[1]!.replace(/\/$/, '');
    const path = decodeURIComponent(browser[3] ?? '').replace(/\/+$/, '');
    return { cloneUrl, ref: decodeURIComponent(browser[2]!), path: path || '.' };
  }
  // parseGitTarget defaults the path to a catalog file; for docs the default is the repository root.
  const parsed = parseGitTarget(target.includes('#') ? target : `${target}#:.`);
  return { cloneUrl: parsed.url, ref: parsed.ref, path: parsed.path };
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Resolves `backstage.io/techdocs-ref` of an entity to a folder: `dir:<path>` against the folder
 * of the file the entity was read from (never outside its source), `url:<repository>` through a
 * shallow git checkout of its own.
 */
export async function resolveDocsSource(
  entityRef: string,
  techdocsRef: string,
  deps: {
    locate: LocateEntityFile;
    checkouts: GitCheckouts;
    fileRoots: string[];
    /** Hosts a `url:` ref may clone from: never any host an entity's author names (SSRF). */
    allowedHosts: () => Promise<string[]>;
  },
): Promise<DocsSource> {
  const ref = techdocsRef.trim();
  if (ref.startsWith('dir:')) {
    const file = await deps.locate(entityRef);
    if (!file) {
      throw new InputError(
        `${TECHDOCS_REF} of ${entityRef} is "${ref}", but the entity is not read from a file, so there is no folder to resolve it against; use url:<repository>`,
      );
    }
    const wanted = resolve(dirname(file.path), ref.slice(4).trim() || '.');
    if (!isInside(resolve(file.root), wanted)) {
      throw new InputError(
        `${TECHDOCS_REF} "${ref}" of ${entityRef} leads outside its source (${file.root})`,
      );
    }
    const dir = await resolveInside(file.root, relative(file.root, wanted) || '.');
    return { dir, root: file.root, local: file.sourceType === 'file' };
  }
  if (ref.startsWith('url:')) {
    const repository = parseDocsRepository(ref.slice(4).trim());
    if (repository.cloneUrl.startsWith('file:')) {
      // A local repository: only inside the folders the catalog may read.
      const path = decodeURIComponent(new URL(repository.cloneUrl).pathname);
      if (!deps.fileRoots.some((root) => isInside(resolve(root), path))) {
        throw new InputError(
          `${TECHDOCS_REF} of ${entityRef} names ${repository.cloneUrl}, outside the folders Paved may read (${deps.fileRoots.join(', ')})`,
        );
      }
    } else {
      const host = hostOfUrl(repository.cloneUrl);
      const allowed = await deps.allowedHosts();
      if (!host || !allowed.includes(host)) {
        throw new InputError(
          `${TECHDOCS_REF} of ${entityRef} names a repository on ${host ?? 'an unknown host'}, which Paved does not clone docs from: the hosts of the catalog's git and url sources and those in PAVED_ALLOWED_HOSTS are allowed${allowed.length ? ` (${allowed.join(', ')})` : ''}`,
        );
      }
    }
    const checkout = await deps.checkouts.sync(repository.cloneUrl, repository.ref);
    const dir = await resolveInside(checkout.dir, repository.path);
    return { dir, root: checkout.dir, local: false };
  }
  throw new InputError(
    `${TECHDOCS_REF} of ${entityRef} is "${ref}"; Paved reads dir:<path> (relative to the entity's file) and url:<repository URL>`,
  );
}
