import { parseArgs } from 'node:util';
import { createPavedClient, type Entity, PavedHttpError, PavedUnreachableError } from '@paved/client';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from '../exit-codes.ts';
import type { TemplateIo } from './template-files.ts';

const USAGE = `Usage: paved template list [--url URL] [--json]

Lists the software templates of a running Paved: the name to give paved create, title, type,
owner and tags, tab-separated.

Options:
  --url URL    Paved server (default http://localhost:7007, env PAVED_URL)
  --json       One JSON array of the templates
  -h, --help   Show this help
`;

/** The server's URL: `--url`, else PAVED_URL, else the default of `paved start`. */
export function serverUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? env.PAVED_URL ?? 'http://localhost:7007';
}

/** The message of a failed API call, for the command line. */
export function clientProblem(error: unknown): string | undefined {
  if (error instanceof PavedUnreachableError)
    return `${error.message}; is it running? Use --url or PAVED_URL`;
  if (error instanceof PavedHttpError) return `${error.status} ${error.message}`;
  return undefined;
}

interface TemplateSummary {
  /** What `paved create` takes: `name`, or `namespace/name` outside the default namespace. */
  ref: string;
  namespace: string;
  name: string;
  title: string | null;
  description: string | null;
  type: string | null;
  owner: string | null;
  tags: string[];
}

function summary(entity: Entity): TemplateSummary {
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as { type?: unknown; owner?: unknown };
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  return {
    ref: namespace === 'default' ? entity.metadata.name : `${namespace}/${entity.metadata.name}`,
    namespace,
    name: entity.metadata.name,
    title: text(entity.metadata.title),
    description: text(entity.metadata.description),
    type: text(spec.type),
    owner: text(spec.owner),
    tags: Array.isArray(entity.metadata.tags) ? entity.metadata.tags.map(String) : [],
  };
}

/** `paved template list`: the Template entities of a running server, through @paved/client. */
export async function runTemplateList(argv: string[], io: TemplateIo): Promise<number> {
  let flags: { url?: string | undefined; json?: boolean | undefined; help?: boolean | undefined };
  try {
    const parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { url: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    flags = parsed.values;
  } catch (error) {
    io.stderr.write(`paved template list: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (flags.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  const client = createPavedClient({ baseUrl: serverUrl(flags.url, io.env ?? process.env) });
  const templates: TemplateSummary[] = [];
  try {
    let page = await client.queryEntities({
      filter: [{ kind: 'template' }],
      orderFields: [{ field: 'metadata.name', order: 'asc' }],
      limit: 200,
    });
    templates.push(...page.items.map(summary));
    while (page.pageInfo.nextCursor) {
      page = await client.queryEntities({ cursor: page.pageInfo.nextCursor, limit: 200 });
      templates.push(...page.items.map(summary));
    }
  } catch (error) {
    const problem = clientProblem(error);
    if (problem === undefined) throw error;
    io.stderr.write(`paved template list: ${problem}\n`);
    return EXIT_PROBLEM;
  }
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(templates, null, 2)}\n`);
    return EXIT_OK;
  }
  for (const t of templates) {
    io.stdout.write(`${[t.ref, t.title ?? '', t.type ?? '', t.owner ?? '', t.tags.join(',')].join('\t')}\n`);
  }
  io.stderr.write(`${templates.length} ${templates.length === 1 ? 'template' : 'templates'}\n`);
  return EXIT_OK;
}
