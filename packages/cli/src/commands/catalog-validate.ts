import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type DescriptorError, type ProcessedFile, processDescriptorFile } from '@paved/model';
import { glob, isDynamicPattern } from 'tinyglobby';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from '../exit-codes.ts';

/**
 * `paved catalog validate [--json] PATH…`: reads descriptor files offline, exactly as ingestion
 * would, and reports every problem with file, line and column. PATH is a file, a folder
 * (searched for catalog-info.yaml, skipping node_modules and .git) or a glob. Placeholders are
 * read relative to their file, never outside the file or folder given on the command line.
 * Location entities are followed: their file targets (paths and globs) are validated too, as
 * ingestion would read them; URL targets cannot be followed offline and are listed as skipped.
 */

export interface ValidateIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
  cwd: string;
}

const USAGE = `Usage: paved catalog validate [--json] PATH…

Validates Backstage descriptor files offline, as Paved (and Backstage) ingest them.
PATH is a file, a folder (searched for catalog-info.yaml, skipping node_modules and .git)
or a glob (quote it so the shell leaves it alone, e.g. 'services/**/catalog-info.yaml').
Location entities are followed: the files their targets name (paths or globs, relative to
the Location's file) are validated too. URL targets are skipped offline, with a note.

Options:
  --json       one JSON object per document, one per line
  -h, --help   show this help

Exit status: 0 when every entity is valid, 1 when any is not, 2 when the command line is wrong.
`;

const MAX_FILE_BYTES = 16 * 1024 * 1024;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

interface Target {
  file: string;
  /** The directory placeholders may not leave. */
  root: string;
}

class UsageError extends Error {}

async function exists(p: string) {
  try {
    return await stat(p);
  } catch {
    return undefined;
  }
}

async function findDescriptors(dir: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [dir];
  while (pending.length) {
    const current = pending.pop() as string;
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) {
        pending.push(full);
      } else if (entry.isFile() && entry.name === 'catalog-info.yaml') {
        found.push(full);
      }
    }
  }
  return found.sort();
}

/** The directory part of a glob before its first pattern character. */
function globBase(pattern: string, cwd: string): string {
  const segments = pattern.split(/[\\/]/);
  const fixed: string[] = [];
  for (const segment of segments) {
    if (isDynamicPattern(segment)) {
      break;
    }
    fixed.push(segment);
  }
  return path.resolve(cwd, fixed.join('/') || '.');
}

async function expand(argument: string, cwd: string): Promise<Target[]> {
  const absolute = path.resolve(cwd, argument);
  const info = await exists(absolute);
  if (info?.isFile()) {
    return [{ file: absolute, root: path.dirname(absolute) }];
  }
  if (info?.isDirectory()) {
    const files = await findDescriptors(absolute);
    if (!files.length) {
      throw new UsageError(`no catalog-info.yaml found under ${argument}`);
    }
    return files.map((file) => ({ file, root: absolute }));
  }
  if (isDynamicPattern(argument)) {
    const files = await glob(argument, {
      cwd,
      absolute: true,
      onlyFiles: true,
      dot: true,
      ignore: ['**/node_modules/**', '**/.git/**'],
    });
    if (!files.length) {
      throw new UsageError(`no file matches ${argument}`);
    }
    const root = globBase(argument, cwd);
    return files.sort().map((file) => ({ file: path.resolve(file), root }));
  }
  throw new UsageError(`path not found: ${argument}`);
}

function isWithin(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Reads a placeholder's file; the model already checked the path, this checks where links lead. */
function placeholderReader(root: string) {
  return async (target: string): Promise<string> => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
      throw new Error('reading URLs is not supported offline');
    }
    const [realRoot, realTarget] = await Promise.all([realpath(root), realpath(target)]);
    if (!isWithin(realRoot, realTarget)) {
      throw new Error(`${target} leads outside ${root} through a symbolic link`);
    }
    const info = await stat(realTarget);
    if (!info.isFile()) {
      throw new Error(`${target} is not a file`);
    }
    if (info.size > MAX_FILE_BYTES) {
      throw new Error(`${target} is larger than ${MAX_FILE_BYTES} bytes`);
    }
    return readFile(realTarget, 'utf8');
  };
}

/** The targets of a valid Location entity: `spec.target` and `spec.targets`, with its type. */
function locationTargets(entity: unknown): { type: string | undefined; targets: string[] } | undefined {
  const e = entity as { kind?: unknown; spec?: { type?: unknown; target?: unknown; targets?: unknown } };
  if (typeof e?.kind !== 'string' || e.kind.toLowerCase() !== 'location') return undefined;
  const targets = [
    ...(typeof e.spec?.target === 'string' ? [e.spec.target] : []),
    ...(Array.isArray(e.spec?.targets)
      ? e.spec.targets.filter((t): t is string => typeof t === 'string')
      : []),
  ];
  return { type: typeof e.spec?.type === 'string' ? e.spec.type : undefined, targets };
}

/**
 * The files a Location target names, relative to the Location's file, as ingestion reads them:
 * a path or a glob, never outside `root`. Problems are returned as messages for the Location.
 */
async function resolveLocationTarget(
  target: string,
  from: string,
  root: string,
): Promise<{ files: string[]; problem?: string; skipped?: string }> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    return { files: [], skipped: `${target}: a URL target, not followed offline` };
  }
  const absolute = path.resolve(path.dirname(from), target);
  if (!isWithin(root, absolute) && !isDynamicPattern(target)) {
    return {
      files: [],
      problem: `Location target ${target} leads outside ${root}; targets must stay inside it`,
    };
  }
  if (isDynamicPattern(target)) {
    const base = globBase(target, path.dirname(from));
    if (!isWithin(root, base)) {
      return {
        files: [],
        problem: `Location target ${target} leads outside ${root}; targets must stay inside it`,
      };
    }
    const files = (
      await glob(target, {
        cwd: path.dirname(from),
        absolute: true,
        onlyFiles: true,
        dot: true,
        ignore: ['**/node_modules/**', '**/.git/**'],
      })
    )
      .map((f) => path.resolve(f))
      .filter((f) => isWithin(root, f))
      .sort();
    return files.length > 0 ? { files } : { files, problem: `Location target ${target} matches no file` };
  }
  const info = await exists(absolute);
  if (!info?.isFile()) return { files: [], problem: `Location target ${target} names no file (${absolute})` };
  return { files: [absolute] };
}

interface DocumentReport {
  file: string;
  document: number;
  line: number | null;
  kind: string | null;
  namespace: string | null;
  name: string | null;
  valid: boolean;
  errors: Array<{ message: string; path: string | null; line: number | null; column: number | null }>;
  relations: Array<{ type: string; targetRef: string }>;
  /** For human output only. */
  ref?: string;
}

function errorJson(e: DescriptorError) {
  return { message: e.message, path: e.path ?? null, line: e.line ?? null, column: e.column ?? null };
}

/** One report per document: entities, plus documents (or whole files) that failed before that. */
function reports(file: string, result: ProcessedFile): DocumentReport[] {
  const list: DocumentReport[] = result.documents.map((d) => ({
    file,
    document: d.document,
    line: d.line,
    kind: d.kind ?? null,
    namespace: d.namespace ?? null,
    name: d.name ?? null,
    valid: d.entity !== undefined,
    errors: d.errors.map(errorJson),
    relations: d.relations
      .filter((r) => r.sourceRef === d.ref)
      .map((r) => ({ type: r.type, targetRef: r.targetRef })),
    ref: d.ref,
  }));
  const byDocument = new Map<number, DescriptorError[]>();
  for (const error of result.errors) {
    const index = error.document ?? 0;
    byDocument.set(index, [...(byDocument.get(index) ?? []), error]);
  }
  for (const [document, errors] of byDocument) {
    list.push({
      file,
      document,
      line: errors[0]?.line ?? null,
      kind: null,
      namespace: null,
      name: null,
      valid: false,
      errors: errors.map(errorJson),
      relations: [],
    });
  }
  return list.sort((a, b) => a.document - b.document);
}

function paint(enabled: boolean) {
  const code = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return { bold: code(1, 22), dim: code(2, 22), red: code(31, 39), green: code(32, 39), cyan: code(36, 39) };
}

export async function runCatalogValidate(argv: string[], io: ValidateIo): Promise<number> {
  let json = false;
  let paths: string[];
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.stdout.write(USAGE);
      return EXIT_OK;
    }
    json = values.json ?? false;
    paths = positionals;
  } catch (e) {
    io.stderr.write(`paved catalog validate: ${(e as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (!paths.length) {
    io.stderr.write(`paved catalog validate: give at least one file, folder or glob\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  const targets = new Map<string, Target>();
  try {
    for (const argument of paths) {
      for (const target of await expand(argument, io.cwd)) {
        if (!targets.has(target.file)) {
          targets.set(target.file, target);
        }
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`paved catalog validate: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }

  const color = paint(io.isTTY && !json);
  let valid = 0;
  let invalid = 0;
  let printedFiles = 0;
  const skipped: string[] = [];
  // A Map iterates over entries added while iterating: targets of Locations join the queue.
  for (const target of targets.values()) {
    const shown = path.relative(io.cwd, target.file) || target.file;
    const location = { type: 'file', target: target.file };
    let result: ProcessedFile;
    const info = await stat(target.file);
    if (info.size > MAX_FILE_BYTES) {
      result = {
        documents: [],
        errors: [
          {
            message: `The file is ${info.size} bytes, larger than the limit of ${MAX_FILE_BYTES} bytes`,
            line: 1,
            column: 1,
            rule: 'file',
          },
        ],
      };
    } else {
      result = await processDescriptorFile({
        text: await readFile(target.file),
        location,
        originLocation: location,
        sourceRoot: target.root,
        readPlaceholder: placeholderReader(target.root),
        limits: { maxBytes: MAX_FILE_BYTES },
      });
    }
    const documents = reports(shown, result);
    for (const [index, processed] of result.documents.entries()) {
      const location = processed.entity ? locationTargets(processed.entity) : undefined;
      if (!location || (location.type !== undefined && location.type !== 'file')) {
        if (location)
          skipped.push(
            `${shown}: ${location.targets.join(', ')} (type ${location.type}) not followed offline`,
          );
        continue;
      }
      for (const spec of location.targets) {
        const found = await resolveLocationTarget(spec, target.file, target.root);
        if (found.skipped) skipped.push(`${shown}: ${found.skipped}`);
        for (const file of found.files)
          if (!targets.has(file)) targets.set(file, { file, root: target.root });
        const report = documents.find((d) => d.document === processed.document) ?? documents[index];
        if (found.problem && report) {
          report.valid = false;
          report.errors.push({
            message: found.problem,
            path: 'spec.targets',
            line: report.line,
            column: null,
          });
        }
      }
    }
    for (const report of documents) {
      if (report.valid) {
        valid++;
      } else {
        invalid++;
      }
    }
    if (json) {
      for (const { ref: _ref, ...report } of documents) {
        io.stdout.write(`${JSON.stringify(report)}\n`);
      }
      continue;
    }
    const problems = documents.filter((d) => !d.valid);
    if (!problems.length) {
      continue;
    }
    if (printedFiles++ > 0) {
      io.stdout.write('\n');
    }
    for (const report of problems) {
      const ref =
        report.ref ??
        (report.kind ? `${report.kind}:${report.namespace ?? 'default'}/${report.name ?? '?'}` : '-');
      for (const error of report.errors) {
        const where = `${shown}:${error.line ?? report.line ?? 1}:${error.column ?? 1}`;
        io.stdout.write(`${color.bold(where)}  ${color.cyan(ref)}  ${color.red(error.message)}\n`);
      }
    }
  }

  for (const note of skipped) io.stderr.write(`skipped: ${note}\n`);
  if (!json) {
    const total = valid + invalid;
    const summary = `${total} ${total === 1 ? 'entity' : 'entities'} in ${targets.size} ${targets.size === 1 ? 'file' : 'files'}: ${valid} valid, ${invalid} invalid`;
    io.stdout.write(`${printedFiles ? '\n' : ''}${invalid ? color.red(summary) : color.green(summary)}\n`);
  }
  return invalid ? EXIT_PROBLEM : EXIT_OK;
}
