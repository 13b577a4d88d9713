import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { round } from './stats.ts';

/** counts.json as written by gen-catalog.mjs; `total` includes the root Location. */
export interface CatalogCounts {
  Group: number;
  User: number;
  Domain: number;
  System: number;
  Component: number;
  API: number;
  Resource: number;
  total: number;
  files: number;
}

/** A generated catalog folder and what the benchmark needs to know about it. */
export interface GeneratedCatalog {
  dir: string;
  /** The root Location, listing every other file. */
  rootFile: string;
  counts: CatalogCounts;
  /** Every file the root Location lists, as absolute paths, in its order. */
  targets: string[];
  /** Component names, one per repository folder, in generation order (payment-svc-0 first). */
  components: string[];
}

const TIMEOUT_MS = 30 * 60_000;

/** Runs the shared generator, unchanged, as its own process; returns the seconds it took. */
export async function generateCatalog(generator: string, entities: number, out: string): Promise<number> {
  if (!existsSync(generator)) throw new Error(`catalog generator not found: ${generator}`);
  const started = performance.now();
  const child = spawn(process.execPath, [generator, '--entities', String(entities), '--out', out], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: TIMEOUT_MS,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('exit', (exitCode) => done(exitCode));
  });
  if (code !== 0) throw new Error(`gen-catalog.mjs failed (exit ${code}): ${output.slice(-2000)}`);
  return round((performance.now() - started) / 1000, 3);
}

function readRoot(dir: string): { rootFile: string; targets: string[] } {
  const rootFile = join(dir, 'catalog-info.yaml');
  const [root] = loadAll(readFileSync(rootFile, 'utf8')) as { kind?: string; spec?: { targets?: unknown } }[];
  const targets = root?.spec?.targets;
  if (root?.kind !== 'Location' || !Array.isArray(targets)) {
    throw new Error(`${rootFile} is not the root Location written by gen-catalog.mjs`);
  }
  return { rootFile, targets: targets.map((t) => resolve(dir, String(t))) };
}

/** Reads a folder written by gen-catalog.mjs. */
export function openCatalog(dir: string): GeneratedCatalog {
  const countsFile = join(dir, 'counts.json');
  if (!existsSync(countsFile))
    throw new Error(`${dir} has no counts.json: is it a folder written by gen-catalog.mjs?`);
  const counts = JSON.parse(readFileSync(countsFile, 'utf8')) as CatalogCounts;
  const { rootFile, targets } = readRoot(dir);
  const components = targets
    .map((t) => /[/\\]repos[/\\]([^/\\]+)[/\\]catalog-info\.yaml$/.exec(t)?.[1])
    .filter((name): name is string => name !== undefined);
  if (components[0] !== 'payment-svc-0' || components.length !== counts.Component) {
    throw new Error(`${dir} does not look like gen-catalog.mjs output (components do not match counts.json)`);
  }
  return { dir, rootFile, counts, targets, components };
}

export function componentFile(catalog: GeneratedCatalog, component: string): string {
  return join(catalog.dir, 'repos', component, 'catalog-info.yaml');
}

export interface ParseRun {
  seconds: number;
  files: number;
  bytes: number;
  entities: number;
}

/**
 * What ingestion can never beat: read the root Location and every file it lists, and parse each
 * with js-yaml, in one process, nothing else.
 */
export function readAndParseAll(rootFile: string): ParseRun {
  const started = performance.now();
  let bytes = 0;
  let entities = 0;
  const parse = (file: string) => {
    const text = readFileSync(file, 'utf8');
    bytes += text.length;
    const docs = loadAll(text);
    entities += docs.length;
    return docs;
  };
  const [root] = parse(rootFile) as { spec: { targets: string[] } }[];
  const targets = root!.spec.targets;
  const base = dirname(rootFile);
  for (const target of targets) parse(resolve(base, target));
  return { seconds: (performance.now() - started) / 1000, files: targets.length + 1, bytes, entities };
}

export interface LowerBound {
  runsSeconds: number[];
  bestSeconds: number;
  files: number;
  megabytes: number;
  entities: number;
}

/** Best of `runs` passes of readAndParseAll; fails if the parsed entities do not match counts.json. */
export function measureLowerBound(catalog: GeneratedCatalog, runs = 2): LowerBound {
  const results = Array.from({ length: runs }, () => readAndParseAll(catalog.rootFile));
  const last = results.at(-1)!;
  if (last.entities !== catalog.counts.total) {
    throw new Error(`parsed ${last.entities} entities but counts.json says ${catalog.counts.total}`);
  }
  const runsSeconds = results.map((r) => round(r.seconds, 3));
  return {
    runsSeconds,
    bestSeconds: Math.min(...runsSeconds),
    files: last.files,
    megabytes: round(last.bytes / 1e6, 1),
    entities: last.entities,
  };
}

/**
 * Replaces the component's `metadata.description` (the first two-space-indented `description:`
 * line of its file, which is where gen-catalog.mjs writes it) and checks the result by parsing it.
 */
export function withDescription(fileText: string, description: string): string {
  let replaced = false;
  const edited = fileText.replace(/^ {2}description: .*$/m, () => {
    replaced = true;
    return `  description: ${JSON.stringify(description)}`;
  });
  const [first] = loadAll(edited) as { kind?: string; metadata?: { description?: unknown } }[];
  if (!replaced || first?.kind !== 'Component' || first.metadata?.description !== description) {
    throw new Error(
      'could not set the component description: the file is not shaped like gen-catalog.mjs output',
    );
  }
  return edited;
}
