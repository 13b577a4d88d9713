import { EXIT_USAGE } from './exit-codes.ts';

const HELP = `paved — an Internal Developer Platform that reads Backstage files unchanged

Usage: paved <command> [options]

Commands:
  start                         Serve the portal and API (default http://127.0.0.1:7007)
      --port N                  Port to listen on (default 7007, env PAVED_PORT)
      --host ADDR               Address to bind (default 127.0.0.1, env PAVED_HOST)
      --data DIR                Embedded database folder (default ./.paved/data)
      --catalog PATH_OR_URL     Catalog source: a file, glob or git URL (repeatable)
      --no-demo                 Do not load the demo organisation on first start
      --no-watch                Do not watch local sources for edits
      --orphans delete|keep     Remove entities no source declares any more, or keep them marked orphan
      --git-refresh SECONDS     Seconds between fetches of git sources (default 300)
      --log-level LEVEL         trace, debug, info, warn, error (default info)
      --portal-dir DIR          The built portal to serve at / (default packages/portal/dist, env PAVED_PORTAL_DIR)
                                DATABASE_URL=postgres://… uses a PostgreSQL server instead
  catalog validate [--json] PATH…   Validate descriptor files offline (files, folders, globs)
  catalog get REF               Print one entity (e.g. component:default/checkout)
  catalog query [--filter F]…   List entities matching Backstage filters (e.g. kind=component,spec.type=service)
      --limit N  --fields F  --order FIELD[,asc|desc]  --json
  catalog errors [--json]       List processing errors of a running server
  catalog locations [--json]    List registered sources and their status
  template run TEMPLATE.yaml    Run a software template locally, with no server
      --values FILE  --set KEY=VALUE  --secret NAME[=VALUE]  --dry-run  --out DIR  --force  --json
  template list [--json]        List the templates of a running server
  create TEMPLATE_REF           Run a template of a running server (e.g. hello-service) and follow its task
      --values FILE  --set KEY=VALUE  --secret NAME[=VALUE]  --json  --no-wait
  docs build DIR --out OUT      Build a TechDocs site from a folder with mkdocs.yml
  docs serve DIR [--port N]     Serve a TechDocs folder with a live preview

Options for commands that talk to a server:
  --url URL                     Paved server (default http://localhost:7007, env PAVED_URL)

  -h, --help                    Show this help
  -v, --version                 Show the version
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(HELP);
    return command ? 0 : EXIT_USAGE;
  }
  if (command === '-v' || command === '--version') {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  if (command === 'start') {
    const { runStart } = await import('./commands/start.ts');
    return runStart(rest);
  }
  const io = {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
    stdin: process.stdin,
    env: process.env,
  };
  if (command === 'catalog') {
    const [sub, ...args] = rest;
    switch (sub) {
      case 'validate': {
        const { runCatalogValidate } = await import('./commands/catalog-validate.ts');
        return runCatalogValidate(args, io);
      }
      case 'get':
      case 'query':
      case 'errors':
      case 'locations': {
        const { runCatalogClientCommand } = await import('./commands/catalog-client.ts');
        return runCatalogClientCommand(sub, args, io);
      }
      default:
        process.stderr.write(
          `paved catalog: unknown subcommand ${sub ? JSON.stringify(sub) : '(none)'}; expected validate, get, query, errors or locations\n`,
        );
        return EXIT_USAGE;
    }
  }
  if (command === 'template') {
    const [sub, ...args] = rest;
    switch (sub) {
      case 'run': {
        const { runTemplateRun } = await import('./commands/template-run.ts');
        return runTemplateRun(args, io);
      }
      case 'list': {
        const { runTemplateList } = await import('./commands/template-list.ts');
        return runTemplateList(args, io);
      }
      default:
        process.stderr.write(
          `paved template: unknown subcommand ${sub ? JSON.stringify(sub) : '(none)'}; expected run or list\n`,
        );
        return EXIT_USAGE;
    }
  }
  if (command === 'create') {
    const { runCreate } = await import('./commands/create.ts');
    return runCreate(rest, io);
  }
  if (command === 'docs') {
    const { runDocs } = await import('./commands/docs.ts');
    return runDocs(rest, io);
  }
  process.stderr.write(`paved: unknown command ${JSON.stringify(command)}; run paved --help\n`);
  return EXIT_USAGE;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const exitCode = (error as { exitCode?: number }).exitCode ?? 1;
    process.stderr.write(`paved: ${(error as Error).message}\n`);
    process.exitCode = exitCode;
  },
);
