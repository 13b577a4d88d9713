import { InputError } from '@paved/model';
import { checkRelativePattern } from './git.paths.ts';
import { redactCredentials } from './git.redact.ts';

/**
 * Target of a catalog source of type `git`:
 *
 *     <clone-url>[#[<ref>][:<path-or-glob>]]
 *
 * Clone URLs carry colons of their own (`https://…`, `git@host:org/repo.git`, `file:///…`), so
 * the fragment is what follows the LAST `#`; inside it, the first `:` separates the ref from the
 * path (a git ref name cannot contain `:`). A path therefore cannot contain `#`.
 *
 * - `file:///srv/git/shop.git#main:catalog/*.yaml` — branch `main`, every file the glob matches
 * - `https://git.example.com/org/repo.git#v1.2:catalog-info.yaml` — tag `v1.2`, one file
 * - `https://git.example.com/org/repo.git` — default branch, `catalog-info.yaml`
 * - `git@git.example.com:org/repo.git#:docs/catalog-info.yaml` — default branch, another path
 *
 * Clone URLs: `https://`, `http://`, `ssh://`, `git://`, `file://` and scp-like `user@host:path`.
 * Remote helpers (`ext::…`, `fd::…`, any `<transport>::<address>`), bare local paths and
 * anything starting with `-` are refused. A ref is a branch or tag name, or a full ref name
 * (`refs/heads/main`) where a branch and a tag share a name.
 */
export interface GitTarget {
  url: string;
  /** Absent: the remote's default branch. */
  ref?: string;
  /** A path or fast-glob pattern relative to the repository root. */
  path: string;
}

export const DEFAULT_GIT_TARGET_PATH = 'catalog-info.yaml';

const TARGET_FORM =
  'expected <clone-url>[#[<ref>][:<path-or-glob>]], e.g. https://git.example.com/org/repo.git#main:catalog-info.yaml';
const URL_FORM = 'expected an https://, http://, ssh://, git:// or file:/// URL, or user@host:path';

const ALLOWED_SCHEMES = new Set(['https', 'http', 'ssh', 'git', 'file']);
const MAX_URL_LENGTH = 2048;
const MAX_REF_LENGTH = 255;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f]/;
const REMOTE_HELPER = /^[A-Za-z0-9+.-]+::/;
const SCHEME_URL = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
// scp-like syntax: a `:` before any `/`; the host may be a bracketed IPv6 address.
const SCP_LIKE = /^(?:([^@/:]+)@)?(\[[^\]/]+\]|[^@/:[\]]+):(.+)$/;
// What `git check-ref-format` refuses, plus a leading `-` or `+` (options, forced refspecs).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are among what it refuses.
const BAD_REF = /[\u0000-\u0020\u007f~^:?*[\\]|\.\.|@\{|\/\/|^[-+/.]|\/\.|[/.]$|\.lock$|\.lock\//;

/** Splits a `git` source target into clone URL, ref and path; refuses anything unsafe or malformed. */
export function parseGitTarget(target: string): GitTarget {
  if (typeof target !== 'string' || target.trim() === '') {
    throw new InputError(`Git target is empty; ${TARGET_FORM}`);
  }
  const trimmed = target.trim();
  const hash = trimmed.lastIndexOf('#');
  const url = hash === -1 ? trimmed : trimmed.slice(0, hash);
  const fragment = hash === -1 ? undefined : trimmed.slice(hash + 1);
  try {
    checkCloneUrl(url);
    if (fragment === undefined) return { url, path: DEFAULT_GIT_TARGET_PATH };
    if (fragment === '') throw new InputError(`nothing follows "#"`);
    const colon = fragment.indexOf(':');
    const ref = colon === -1 ? fragment : fragment.slice(0, colon);
    const path = colon === -1 ? DEFAULT_GIT_TARGET_PATH : fragment.slice(colon + 1);
    if (ref !== '') checkRef(ref);
    if (path === '') throw new InputError(`the path after ":" is empty`);
    checkRelativePattern(path);
    return ref === '' ? { url, path } : { url, ref, path };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const reason = error.message.includes('expected') ? error.message : `${error.message}; ${TARGET_FORM}`;
    throw new InputError(`Invalid git target "${redactCredentials(trimmed)}": ${reason}`);
  }
}

/** Throws `InputError` unless `url` is a clone URL git may be given (see {@link parseGitTarget}). */
export function checkCloneUrl(url: string): void {
  if (typeof url !== 'string' || url === '') throw new InputError(`the clone URL is empty; ${URL_FORM}`);
  if (url.length > MAX_URL_LENGTH)
    throw new InputError(`the clone URL is longer than ${MAX_URL_LENGTH} characters`);
  if (url.startsWith('-')) throw new InputError(`a clone URL may not start with "-"; ${URL_FORM}`);
  const helper = REMOTE_HELPER.exec(url);
  if (helper) throw new InputError(`the remote helper "${helper[0]}" is refused; ${URL_FORM}`);
  if (CONTROL_OR_SPACE.test(url)) throw new InputError(`the clone URL contains spaces or control characters`);

  const scheme = SCHEME_URL.exec(url)?.[1];
  if (scheme !== undefined) {
    if (!ALLOWED_SCHEMES.has(scheme))
      throw new InputError(`the protocol "${scheme}://" is refused; ${URL_FORM}`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InputError(`the clone URL cannot be parsed; ${URL_FORM}`);
    }
    if (scheme === 'file') {
      if (parsed.host !== '') throw new InputError(`a file:// URL names no host: file:///path/to/repo.git`);
      if (parsed.pathname === '/') throw new InputError(`the file:// URL names no repository`);
      return;
    }
    checkHostAndUser(parsed.hostname, safeDecode(parsed.username));
    return;
  }

  const scp = SCP_LIKE.exec(url);
  if (scp) {
    checkHostAndUser(scp[2] ?? '', scp[1] ?? '');
    if (scp[3]?.startsWith('-')) throw new InputError(`the repository path may not start with "-"`);
    return;
  }
  throw new InputError(`"${redactCredentials(url)}" is not a clone URL Paved accepts; ${URL_FORM}`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new InputError(`the clone URL contains a malformed %-escape`);
  }
}

// ssh would read a host or user starting with `-` as an option (CVE-2017-1000117).
function checkHostAndUser(host: string, user: string): void {
  if (host === '') throw new InputError(`the clone URL names no host; ${URL_FORM}`);
  if (host.startsWith('-')) throw new InputError(`a host name may not start with "-"`);
  if (user.startsWith('-')) throw new InputError(`a user name may not start with "-"`);
}

/** Throws `InputError` unless `ref` is a branch, tag or ref name that cannot be read as an option. */
export function checkRef(ref: string): void {
  if (
    typeof ref !== 'string' ||
    ref === '' ||
    ref.length > MAX_REF_LENGTH ||
    ref === '@' ||
    BAD_REF.test(ref)
  ) {
    throw new InputError(
      `"${ref}" is not a valid ref; expected a branch or tag name such as main, release/1.x or v1.2 (no spaces, "..", ":", "~", "^", "?", "*", "[", "\\", no leading "-")`,
    );
  }
}

/**
 * The lower-cased host of a clone or browser URL (`https://host/…`, `ssh://user@host:22/…`,
 * scp-like `user@host:path`), without port; undefined for anything else.
 */
export function hostOfUrl(url: string): string | undefined {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^/:?#]+)/i.exec(url);
  if (scheme) return scheme[1]?.toLowerCase();
  const scp = /^(?:[^@/:]+@)?([^@/:[\]]+):/.exec(url);
  return scp?.[1]?.toLowerCase();
}
