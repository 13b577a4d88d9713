// `paved docs build` as one JavaScript module: the docs command and the docs engine (their
// TypeScript sources, bundled by tsx's own esbuild) instead of tsx's loader. Registering tsx starts
// its loader thread, and every TypeScript module then loads through round trips to it: ~0.15 s of
// a fresh 500-page build, a sixth of it (docs/benchmarks.md, docs section). The bundle is a cache of
// the sources, like tsx's transform cache (docs/adr/0003-how-typescript-runs.md): kept under
// node_modules/.cache/paved with the size and modification time of every file it was made from,
// checked on each run, and made again when one changed. Third-party packages are not bundled.
// When anything here fails, the launcher falls back to tsx.
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Part of the cache key: change it when the way the bundle is made changes. */
const FORMAT = 'paved-docs-build/2';
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(cli, 'src/commands/docs-main.ts');
const require = createRequire(import.meta.url);

/** Besides the bundled sources: what changes how they are compiled or resolved. */
function configFiles() {
  const docs = path.resolve(path.dirname(require.resolve('@paved/docs/shiki')), '..');
  return [
    path.join(cli, 'package.json'),
    path.join(docs, 'package.json'),
    path.resolve(cli, '../../tsconfig.json'),
  ];
}

function fingerprint(file) {
  const info = statSync(file);
  return [info.mtimeMs, info.size];
}

function isFresh(manifest) {
  if (manifest?.format !== FORMAT || manifest.node !== process.version) return false;
  for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
    try {
      const [nowMtime, nowSize] = fingerprint(file);
      if (nowMtime !== mtimeMs || nowSize !== size) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function build(cacheDir, manifestFile) {
  // tsx's own esbuild: the one that compiles these sources when they run through tsx.
  const esbuild = createRequire(require.resolve('tsx/esm/api'))('esbuild');
  const configs = configFiles();
  const before = Object.fromEntries(configs.map((file) => [file, fingerprint(file)]));
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: cli,
    plugins: [
      {
        name: 'third-party-packages-stay-external',
        setup(builder) {
          builder.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@paved/') ? undefined : { path: args.path, external: true },
          );
        },
      },
      {
        // Each module keeps its own import.meta.url, so that what it resolves from there (the
        // engine's require() of its dependencies, its worker) is what it resolves through tsx.
        name: 'import-meta-url-of-each-source',
        setup(builder) {
          builder.onLoad({ filter: /\.ts$/ }, (args) => ({
            contents: readFileSync(args.path, 'utf8').replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(args.path).href),
            ),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  const inputs = { ...before };
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = path.resolve(cli, input);
    inputs[file] = fingerprint(file);
  }
  const code = result.outputFiles[0].contents;
  const name = `docs-build-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  mkdirSync(cacheDir, { recursive: true });
  // Written under a temporary name and renamed: another build may be reading or writing too.
  const temporary = path.join(cacheDir, `.${name}.${process.pid}.tmp`);
  writeFileSync(temporary, code);
  renameSync(temporary, path.join(cacheDir, name));
  const manifest = { format: FORMAT, node: process.version, bundle: name, inputs };
  writeFileSync(`${manifestFile}.${process.pid}.tmp`, JSON.stringify(manifest));
  renameSync(`${manifestFile}.${process.pid}.tmp`, manifestFile);
  for (const other of readdirSync(cacheDir)) {
    if (other !== name && /^docs-build-[0-9a-f]{16}\.mjs$/.test(other)) {
      try {
        unlinkSync(path.join(cacheDir, other));
      } catch {
        // Another build's, or gone already.
      }
    }
  }
  return manifest;
}

/**
 * The bundle's `runDocsCommand(argv)`, made first if the sources changed since; undefined when it
 * cannot be had (no esbuild, no writable cache folder…): the caller then runs through tsx.
 */
export async function loadDocsBuild() {
  try {
    const tsx = require.resolve('tsx/esm/api');
    const nodeModules = tsx.slice(0, tsx.lastIndexOf(`${path.sep}node_modules${path.sep}`) + 13);
    const cacheDir = path.join(nodeModules, '.cache', 'paved');
    const manifestFile = path.join(cacheDir, 'docs-build.json');
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    } catch {
      manifest = undefined;
    }
    if (!isFresh(manifest)) manifest = await build(cacheDir, manifestFile);
    const bundle = await import(pathToFileURL(path.join(cacheDir, manifest.bundle)).href);
    return bundle.runDocsCommand;
  } catch {
    return undefined;
  }
}
