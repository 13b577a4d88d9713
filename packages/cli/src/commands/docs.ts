import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildPages,
  DocsConfigError,
  type DocsWarning,
  type PreviewServer,
  startPreviewServer,
  writeStaticSite,
} from '@paved/docs';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from '../exit-codes.ts';

/**
 * `paved docs build DIR --out OUT [--strict]` renders a TechDocs/MkDocs folder (mkdocs.yml +
 * docs/**\/*.md) to a static site offline; `paved docs serve DIR [--port N]` previews it with
 * incremental rebuilds and live reload. Both read the folder exactly as the Paved server does.
 */

export interface DocsIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
  cwd: string;
  /** Resolves when serve should stop (tests); by default serve runs until SIGINT/SIGTERM. */
  until?: Promise<void>;
  /** Told the preview server once it listens (tests). */
  onServe?: (server: PreviewServer) => void;
}

const USAGE = `Usage: paved docs build DIR --out OUT [--strict]
       paved docs serve DIR [--port N] [--host ADDR]

DIR holds mkdocs.yml (or mkdocs.yaml) and the docs folder it names (default docs/).

build   Writes one index.html per page under pretty URLs (guides/setup.md → guides/setup/index.html),
        the docs folder's other files beside them, a stylesheet, search/search_index.json and
        techdocs_metadata.json. Warnings are printed as file:line:col: message.
          --out OUT    output folder (required; not inside the docs folder)
          --strict     exit 1 when there is any warning
serve   Serves a live preview on http://127.0.0.1:8000/; pages rebuild when files change and open
        browsers reload.
          --port N     port (default 8000; 0 picks a free one)
          --host ADDR  address to bind (default 127.0.0.1)

Exit status: 0 success, 1 configuration error (or warnings with --strict), 2 wrong command line.
`;

function formatWarning(dir: string, cwd: string, warning: DocsWarning): string {
  const file = path.relative(cwd, path.join(dir, warning.file)) || warning.file;
  const where = warning.line === undefined ? file : `${file}:${warning.line}:${warning.column ?? 1}`;
  return `${where}: ${warning.message}\n`;
}

function formatConfigError(dir: string, cwd: string, error: DocsConfigError): string {
  const file = path.relative(cwd, path.resolve(dir, error.file)) || error.file;
  const where = error.line === undefined ? file : `${file}:${error.line}:${error.column ?? 1}`;
  return `${where}: error: ${error.message}\n`;
}

export async function runDocs(argv: string[], io: DocsIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '-h' || sub === '--help' || sub === 'help') {
    (sub ? io.stdout : io.stderr).write(USAGE);
    return sub ? EXIT_OK : EXIT_USAGE;
  }
  let values: { out?: string; strict?: boolean; port?: string; host?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        strict: { type: 'boolean' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.stderr.write(`paved docs ${sub}: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (positionals.length > 1) {
    io.stderr.write(`paved docs ${sub}: give one folder\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const dir = path.resolve(io.cwd, positionals[0] ?? '.');
  switch (sub) {
    case 'build':
      return build(dir, values, io);
    case 'serve':
      return serve(dir, values, io);
    default:
      io.stderr.write(`paved docs: unknown command ${sub}\n\n${USAGE}`);
      return EXIT_USAGE;
  }
}

async function build(dir: string, values: { out?: string; strict?: boolean }, io: DocsIo): Promise<number> {
  if (!values.out) {
    io.stderr.write(`paved docs build: --out OUT is required\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const out = path.resolve(io.cwd, values.out);
  let building: Awaited<ReturnType<typeof buildPages>>;
  try {
    // Code highlighted on a worker thread; each page is written as soon as its code is (buildPages).
    building = await buildPages(dir, { highlightWorker: true });
  } catch (error) {
    if (error instanceof DocsConfigError) {
      io.stderr.write(formatConfigError(dir, io.cwd, error));
      return EXIT_PROBLEM;
    }
    throw error;
  }
  const { site } = building;
  for (const warning of site.warnings) io.stderr.write(formatWarning(dir, io.cwd, warning));
  let written: Awaited<ReturnType<typeof writeStaticSite>>;
  try {
    written = await writeStaticSite(site, out, { pageCompleted: building.pageCompleted });
    await building.completed;
  } catch (error) {
    io.stderr.write(`paved docs build: ${(error as Error).message}\n`);
    return EXIT_PROBLEM;
  }
  const warnings = site.warnings.length;
  io.stdout.write(
    `Built ${site.siteName}: ${written.pages} ${written.pages === 1 ? 'page' : 'pages'}, ${written.assets} ${written.assets === 1 ? 'asset' : 'assets'} into ${path.relative(io.cwd, out) || '.'} in ${Math.round(site.stats.durationMs)} ms${warnings ? `, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : ''}\n`,
  );
  return values.strict && warnings ? EXIT_PROBLEM : EXIT_OK;
}

async function serve(dir: string, values: { port?: string; host?: string }, io: DocsIo): Promise<number> {
  const port = values.port === undefined ? 8000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr.write(`paved docs serve: --port must be a number from 0 to 65535\n`);
    return EXIT_USAGE;
  }
  let reported = new Set<string>();
  let server: PreviewServer;
  try {
    server = await startPreviewServer({
      sourceDir: dir,
      port,
      host: values.host ?? '127.0.0.1',
      onBuild: (site, error) => {
        if (error) {
          io.stderr.write(
            error instanceof DocsConfigError
              ? formatConfigError(dir, io.cwd, error)
              : `paved docs serve: build failed: ${(error as Error).message}\n`,
          );
          return;
        }
        if (!site) return;
        // Print each warning once, not again after every rebuild.
        const now = new Set(site.warnings.map((w) => formatWarning(dir, io.cwd, w)));
        for (const line of now) if (!reported.has(line)) io.stderr.write(line);
        reported = now;
        if (site.stats.rendered > 0 && site.stats.reused > 0) {
          io.stdout.write(
            `Rebuilt ${site.stats.rendered} of ${site.pages.length} pages in ${Math.round(site.stats.durationMs)} ms\n`,
          );
        }
      },
    });
  } catch (error) {
    if (error instanceof DocsConfigError) {
      io.stderr.write(formatConfigError(dir, io.cwd, error));
      return EXIT_PROBLEM;
    }
    io.stderr.write(`paved docs serve: ${(error as Error).message}\n`);
    return EXIT_PROBLEM;
  }
  io.stdout.write(`Serving ${server.site().siteName} at ${server.url} (Ctrl+C to stop)\n`);
  io.onServe?.(server);
  await (io.until ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }));
  await server.close();
  return EXIT_OK;
}
