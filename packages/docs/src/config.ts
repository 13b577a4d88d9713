import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Node } from 'yaml';
import { yaml } from './dependencies.ts';
import { DocsConfigError, type DocsWarning } from './docs.types.ts';

const { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } = yaml;

/** One nav entry as written in mkdocs.yml, with where it was written. */
export interface NavEntry {
  title?: string;
  /** A path relative to docs_dir, or an absolute URL. */
  target?: string;
  children?: NavEntry[];
  line: number;
  column: number;
}

/** The mkdocs.yml keys Paved reads; everything else is ignored. */
export interface DocsConfig {
  /** 'mkdocs.yml', 'mkdocs.yaml' or undefined when the folder has none. */
  file?: string;
  siteName: string;
  siteDescription?: string;
  repoUrl?: string;
  editUri?: string;
  editUriTemplate?: string;
  /** Relative to the source folder. */
  docsDir: string;
  docsDirLine?: number;
  nav?: NavEntry[];
  /** `toc: permalink`: false for none, otherwise the symbol. */
  permalink: string | false;
  /** pymdownx.snippets base_path, relative to the source folder. */
  snippetBasePaths: string[];
  /** Hash of the config text. */
  hash: string;
  warnings: DocsWarning[];
}

const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads mkdocs.yaml or mkdocs.yml from sourceDir (the backend looks for .yaml first too). */
export async function loadConfig(sourceDir: string): Promise<DocsConfig> {
  for (const name of ['mkdocs.yaml', 'mkdocs.yml']) {
    const file = path.join(sourceDir, name);
    const info = statSync(file, { throwIfNoEntry: false });
    if (!info?.isFile()) continue;
    if (info.size > MAX_CONFIG_BYTES) {
      throw new DocsConfigError(`${name} is ${info.size} bytes; the limit is ${MAX_CONFIG_BYTES}`, {
        file: name,
        line: 1,
        column: 1,
      });
    }
    return parseConfigCached(readFileSync(file, 'utf8'), name, path.basename(sourceDir));
  }
  return {
    siteName: path.basename(sourceDir),
    docsDir: 'docs',
    permalink: '¶',
    snippetBasePaths: ['.'],
    hash: hash('no config'),
    warnings: [],
  };
}

/*
 * The last configs parsed, by their text: a rebuild after a page edit (the server, `paved docs
 * serve`) finds mkdocs.yml unchanged, and parsing a 500-entry nav with positions costs ~4 ms warm
 * (~60 ms cold). Parsing is a pure function of the text, the file name and the folder name.
 */
const parsed = new Map<string, DocsConfig>();
const PARSED_KEPT = 16;

function parseConfigCached(text: string, file: string, fallbackName: string): DocsConfig {
  const key = `${file}\0${fallbackName}\0${text}`;
  let config = parsed.get(key);
  if (config) {
    parsed.delete(key);
  } else {
    config = parseConfig(text, file, fallbackName);
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
  }
  // Most recently used last.
  parsed.set(key, config);
  return { ...config, warnings: [...config.warnings] };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** Parses mkdocs.yml text. Throws DocsConfigError with line and column for anything unusable. */
export function parseConfig(text: string, file: string, fallbackName: string): DocsConfig {
  const lineCounter = new LineCounter();
  // Unknown tags (!!python/name:…, !ENV, !relative) only warn in `yaml`; they are kept as strings.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: false });
  const where = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { file, line: pos.line, column: pos.col };
  };
  const first = doc.errors[0];
  if (first) {
    throw new DocsConfigError(
      `${file} is not valid YAML: ${first.message.split('\n')[0]}`,
      where(first.pos[0]),
    );
  }
  // Expanding aliases is where YAML bombs explode: `yaml` stops after maxAliasCount resolutions.
  try {
    doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new DocsConfigError(`${file}: ${(error as Error).message}`, {
      file,
      line: 1,
      column: 1,
      cause: error,
    });
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    return {
      ...emptyConfig(fallbackName, file, text),
      warnings: [{ file, line: 1, message: `${file} is empty` }],
    };
  }
  if (!isMap(root))
    throw new DocsConfigError(`${file} must be a mapping of keys (site_name: …)`, where(root.range?.[0]));

  const warnings: DocsWarning[] = [];
  const get = (key: string): Node | undefined => {
    const pair = root.items.find((p) => isScalar(p.key) && p.key.value === key);
    const value = pair?.value;
    if (isAlias(value)) return value.resolve(doc) as Node | undefined;
    return (value ?? undefined) as Node | undefined;
  };
  const optionalString = (key: string): string | undefined => {
    const node = get(key);
    if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
      throw new DocsConfigError(`${key} must be a string`, where(node.range?.[0]));
    }
    return String(node.value);
  };

  const config = emptyConfig(fallbackName, file, text);
  const siteName = optionalString('site_name');
  if (siteName === undefined)
    warnings.push({ file, line: 1, message: 'site_name is missing; using the folder name' });
  else config.siteName = siteName;
  const description = optionalString('site_description');
  if (description !== undefined) config.siteDescription = description;
  const repoUrl = optionalString('repo_url');
  if (repoUrl !== undefined) {
    if (!/^https?:\/\//i.test(repoUrl)) {
      throw new DocsConfigError('repo_url must be an http(s) URL', where(get('repo_url')?.range?.[0]));
    }
    config.repoUrl = repoUrl;
  }
  const editUri = optionalString('edit_uri');
  if (editUri !== undefined) config.editUri = editUri;
  else if (repoUrl && /^https?:\/\/(github\.com|gitlab\.com)\//i.test(repoUrl))
    config.editUri = 'edit/master/docs/';
  const editUriTemplate = optionalString('edit_uri_template');
  if (editUriTemplate !== undefined) config.editUriTemplate = editUriTemplate;

  const docsDir = optionalString('docs_dir');
  if (docsDir !== undefined) {
    const node = get('docs_dir');
    const normal = path.posix.normalize(docsDir.replaceAll('\\', '/'));
    // As in techdocs-node: docs_dir must stay inside the source folder.
    if (
      path.posix.isAbsolute(normal) ||
      normal === '..' ||
      normal.startsWith('../') ||
      /^[a-z]:/i.test(normal)
    ) {
      throw new DocsConfigError(
        `docs_dir must be a folder inside the source folder, not ${JSON.stringify(docsDir)}`,
        where(node?.range?.[0]),
      );
    }
    config.docsDir = normal.replace(/\/$/, '') || '.';
    config.docsDirLine = where(node?.range?.[0]).line;
  }

  const nav = get('nav');
  if (nav !== undefined && !(isScalar(nav) && nav.value === null)) {
    if (!isSeq(nav))
      throw new DocsConfigError('nav must be a list of entries (- Title: page.md)', where(nav.range?.[0]));
    config.nav = readNav(nav, where, warnings, 0);
  }

  readExtensions(get('markdown_extensions'), config, where);
  config.warnings = warnings;
  return config;
}

function emptyConfig(fallbackName: string, file: string, text: string): DocsConfig {
  return {
    file,
    siteName: fallbackName,
    docsDir: 'docs',
    permalink: '¶',
    snippetBasePaths: ['.'],
    hash: hash(text),
    warnings: [],
  };
}

type Where = (offset: number | undefined) => { file: string; line: number; column: number };

function readNav(seq: Node, where: Where, warnings: DocsWarning[], depth: number): NavEntry[] {
  if (depth > 20) throw new DocsConfigError('nav is nested more than 20 levels deep', where(seq.range?.[0]));
  if (!isSeq(seq)) throw new DocsConfigError('expected a list of nav entries', where(seq.range?.[0]));
  const entries: NavEntry[] = [];
  for (const item of seq.items) {
    const node = item as Node;
    const at = where(node.range?.[0]);
    if (isAlias(node)) {
      warnings.push({ ...at, message: 'YAML aliases are not followed in nav; entry skipped' });
      continue;
    }
    if (isScalar(node) && typeof node.value === 'string') {
      entries.push({ target: node.value, line: at.line, column: at.column });
      continue;
    }
    if (isMap(node) && node.items.length === 1 && isPair(node.items[0])) {
      const pair = node.items[0];
      const title = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const value = pair.value as Node | null;
      if (title === undefined) throw new DocsConfigError('a nav title must be a string', at);
      if (isScalar(value) && typeof value.value === 'string') {
        entries.push({ title, target: value.value, line: at.line, column: at.column });
        continue;
      }
      if (value && isSeq(value)) {
        entries.push({
          title,
          children: readNav(value, where, warnings, depth + 1),
          line: at.line,
          column: at.column,
        });
        continue;
      }
      throw new DocsConfigError(
        `nav entry "${title}" must name a page (Title: page.md), a URL or a list of entries`,
        where(value?.range?.[0] ?? node.range?.[0]),
      );
    }
    throw new DocsConfigError('expected a nav entry: "page.md", "Title: page.md" or "Section: [ … ]"', at);
  }
  return entries;
}

function readExtensions(node: Node | undefined, config: DocsConfig, where: Where): void {
  if (node === undefined || (isScalar(node) && node.value === null)) return;
  if (!isSeq(node) && !isMap(node)) {
    throw new DocsConfigError('markdown_extensions must be a list', where(node.range?.[0]));
  }
  const options = new Map<string, unknown>();
  if (isSeq(node)) {
    for (const item of node.items) {
      if (isScalar(item)) options.set(String(item.value), {});
      else if (isMap(item)) {
        for (const pair of item.items) {
          if (isScalar(pair.key))
            options.set(String(pair.key.value), (pair.value as Node | null)?.toJSON?.() ?? {});
        }
      }
    }
  } else {
    for (const pair of node.items) {
      if (isScalar(pair.key))
        options.set(String(pair.key.value), (pair.value as Node | null)?.toJSON?.() ?? {});
    }
  }
  const toc = options.get('toc') as { permalink?: unknown } | undefined;
  if (toc && typeof toc === 'object') {
    if (toc.permalink === false) config.permalink = false;
    else if (typeof toc.permalink === 'string' && toc.permalink.length <= 8) config.permalink = toc.permalink;
  }
  const snippets = options.get('pymdownx.snippets') as { base_path?: unknown } | undefined;
  if (snippets && typeof snippets === 'object') {
    const base = snippets.base_path;
    const list = Array.isArray(base) ? base : typeof base === 'string' ? [base] : [];
    const paths = list.filter((p): p is string => typeof p === 'string');
    if (paths.length) config.snippetBasePaths = paths;
  }
}
