import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Document, isMap, isNode, LineCounter, parseAllDocuments } from 'yaml';
import { EXIT_PROBLEM, EXIT_USAGE } from '../exit-codes.ts';

/**
 * Reading the files of `paved template run` and `paved create`: a Template entity, the values of
 * its form (a YAML file, standard input, `--set key=value`), and secrets. Problems name the file,
 * line and column, the way `paved catalog validate` does.
 */

/** Where the template commands read and write. */
export interface TemplateIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
  cwd: string;
  stdin?: NodeJS.ReadableStream;
  env?: NodeJS.ProcessEnv;
}

/** A problem that ends the command: its message, and the exit code to end with. */
export class CommandProblem extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_PROBLEM,
  ) {
    super(message);
    this.name = 'CommandProblem';
  }
}

const MAX_FILE_BYTES = 4 * 1024 * 1024;
const TEMPLATE_API_VERSION = 'scaffolder.backstage.io/v1beta3';

/** Where a problem sits, as `file:line:column`. */
function at(shown: string, position: { line: number; col: number } | undefined): string {
  return `${shown}:${position?.line ?? 1}:${position?.col ?? 1}`;
}

/** The first line of a yaml error, without the position the message repeats. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

async function readText(file: string, shown: string): Promise<string> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new CommandProblem(`${shown}: no such file`, EXIT_USAGE);
  if (!info.isFile()) throw new CommandProblem(`${shown}: not a file`, EXIT_USAGE);
  if (info.size > MAX_FILE_BYTES) {
    throw new CommandProblem(
      `${shown}: ${info.size} bytes, larger than the limit of ${MAX_FILE_BYTES} bytes`,
    );
  }
  return readFile(file, 'utf8');
}

/**
 * Parses a file that must hold exactly one YAML document; refuses syntax errors, several
 * documents, and an empty file (unless `allowEmpty`), naming file, line and column.
 */
export function parseSingleDocument(
  text: string,
  shown: string,
  options: { allowEmpty?: boolean } = {},
): { value: unknown; document: Document | undefined; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: true });
  const all = Array.isArray(parsed) ? parsed : [];
  for (const document of all) {
    const error = document.errors[0];
    if (error) throw new CommandProblem(`${at(shown, error.linePos?.[0])}: ${firstLine(error.message)}`);
  }
  const documents = all.filter((document) => document.contents !== null);
  if (documents.length > 1) {
    const second = documents[1] as Document;
    const start = second.range?.[0] ?? 0;
    throw new CommandProblem(
      `${at(shown, lineCounter.linePos(start))}: the file holds ${documents.length} YAML documents; give a file with one document`,
    );
  }
  const document = documents[0];
  if (!document || document.contents === null) {
    if (options.allowEmpty) return { value: undefined, document, lineCounter };
    throw new CommandProblem(`${shown}:1:1: the file holds no YAML document`);
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new CommandProblem(
      `${at(shown, lineCounter.linePos(document.range[0]))}: ${(error as Error).message}`,
    );
  }
  return { value, document, lineCounter };
}

/** The position of the value at `key` of the top-level mapping, else of the document. */
function positionOf(
  document: Document | undefined,
  lineCounter: LineCounter,
  key: string,
): { line: number; col: number } {
  const contents = document?.contents;
  const node = isMap(contents) ? contents.get(key, true) : undefined;
  const offset = isNode(node) ? node.range?.[0] : isNode(contents) ? contents.range?.[0] : undefined;
  return lineCounter.linePos(offset ?? 0);
}

export interface TemplateFile {
  /** The Template entity. */
  template: Record<string, unknown>;
  name: string;
  /** The template's folder: relative fetch URLs resolve here. */
  dir: string;
  /** The absolute path of the file. */
  file: string;
}

/** Reads a Template entity (kind Template, apiVersion scaffolder.backstage.io/v1beta3) from a file. */
export async function readTemplateFile(argument: string, cwd: string): Promise<TemplateFile> {
  const file = path.resolve(cwd, argument);
  const { value, document, lineCounter } = parseSingleDocument(await readText(file, argument), argument);
  const entity = value as Record<string, unknown> | null;
  if (entity === null || typeof entity !== 'object' || Array.isArray(entity)) {
    throw new CommandProblem(`${argument}:1:1: the document is not a mapping; expected a Template entity`);
  }
  if (entity.kind !== 'Template') {
    throw new CommandProblem(
      `${at(argument, positionOf(document, lineCounter, 'kind'))}: the document is ${entity.kind === undefined ? 'of no kind' : `a ${JSON.stringify(entity.kind)}`}, not a Template (kind: Template, apiVersion: ${TEMPLATE_API_VERSION})`,
    );
  }
  if (entity.apiVersion !== TEMPLATE_API_VERSION) {
    throw new CommandProblem(
      `${at(argument, positionOf(document, lineCounter, 'apiVersion'))}: apiVersion is ${JSON.stringify(entity.apiVersion)}; only ${TEMPLATE_API_VERSION} templates can run`,
    );
  }
  const metadata = entity.metadata as { name?: unknown } | undefined;
  const name = typeof metadata?.name === 'string' && metadata.name !== '' ? metadata.name : 'template';
  return { template: entity, name, dir: path.dirname(file), file };
}

export interface Values {
  values: Record<string, unknown>;
  /** What per-field errors name as the values' source: the values file as given, or `--set`. */
  sourceOf(fieldPath: string): string;
}

/** A `--set` value: `true`, `false`, `null`, numbers and `[…]`/`{…}` flow YAML are typed; anything else is a string. */
function setValue(text: string, option: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (text.trim() !== '' && String(Number(text)) === text) return Number(text);
  if (/^\s*[[{]/.test(text)) return parseSingleDocument(text, option).value;
  return text;
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown, option: string): void {
  let current = target;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (next === undefined) current[key] = {};
    else if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      throw new CommandProblem(`${option}: ${key} already holds a value that is not an object`, EXIT_USAGE);
    }
    current = current[key] as Record<string, unknown>;
  }
  current[keys.at(-1) as string] = value;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The values of a template's form: the mapping of `valuesFile` (`-` for standard input), then each
 * `--set key.path=value` on top of it.
 */
export async function readValues(options: {
  valuesFile: string | undefined;
  set: string[];
  cwd: string;
  stdin?: NodeJS.ReadableStream | undefined;
}): Promise<Values> {
  let values: Record<string, unknown> = {};
  const shown = options.valuesFile === '-' ? '<stdin>' : (options.valuesFile ?? 'values');
  if (options.valuesFile !== undefined) {
    let text: string;
    if (options.valuesFile === '-') {
      if (!options.stdin) throw new CommandProblem('--values -: no standard input to read', EXIT_USAGE);
      text = await readStream(options.stdin);
    } else {
      text = await readText(path.resolve(options.cwd, options.valuesFile), options.valuesFile);
    }
    const { value } = parseSingleDocument(text, shown, { allowEmpty: true });
    if (value !== undefined && value !== null) {
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new CommandProblem(`${shown}:1:1: the values must be a mapping of field names to values`);
      }
      values = value as Record<string, unknown>;
    }
  }
  const setPaths: string[] = [];
  for (const assignment of options.set) {
    const equals = assignment.indexOf('=');
    const key = equals === -1 ? '' : assignment.slice(0, equals).trim();
    const keys = key.split('.');
    if (key === '' || keys.some((k) => k === '')) {
      throw new CommandProblem(
        `--set ${JSON.stringify(assignment)}: expected key=value (key may be a.b.c)`,
        EXIT_USAGE,
      );
    }
    setPath(values, keys, setValue(assignment.slice(equals + 1), `--set ${key}`), `--set ${key}`);
    setPaths.push(key);
  }
  return {
    values,
    sourceOf(fieldPath) {
      const fromSet = setPaths.some((p) => fieldPath === p || fieldPath.startsWith(`${p}.`));
      return fromSet ? '--set' : shown;
    },
  };
}

/** `--secret NAME=VALUE`, or `--secret NAME` for the value of the environment variable NAME. */
export function readSecrets(assignments: string[], env: NodeJS.ProcessEnv): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    const name = equals === -1 ? assignment : assignment.slice(0, equals);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new CommandProblem(
        `--secret ${JSON.stringify(name)}: a secret's name is letters, digits and _`,
        EXIT_USAGE,
      );
    }
    const value = equals === -1 ? env[name] : assignment.slice(equals + 1);
    if (value === undefined) {
      throw new CommandProblem(
        `--secret ${name}: the environment has no variable ${name}; set it or pass --secret ${name}=VALUE`,
        EXIT_USAGE,
      );
    }
    secrets[name] = value;
  }
  return secrets;
}

/** One line per refused value: `values.yaml: name: must match …`. */
export function fieldErrorLines(
  errors: { path: string; message: string }[],
  sourceOf: (fieldPath: string) => string,
): string[] {
  return errors.map((e) => `${sourceOf(e.path)}: ${e.path || '(form)'}: ${e.message}`);
}

/** The options of every command that runs a template: where its values and secrets come from. */
export const VALUE_OPTIONS = {
  values: { type: 'string' },
  set: { type: 'string', multiple: true },
  secret: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
