import { parseArgs } from 'node:util';
import {
  CATALOG_FILTER_EXISTS,
  createPavedClient,
  type EntitiesQuery,
  type EntityFilter,
  type PavedClient,
  PavedHttpError,
  PavedUnreachableError,
  parseRef,
} from '@paved/client';
import { EXIT_USAGE } from '../exit-codes.ts';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
}

/** An error that ends the command with a message and an exit code (main.ts prints it). */
function fail(message: string, exitCode: number): Error {
  return Object.assign(new Error(message), { exitCode });
}

/** Runs a call of the API client, turning its errors into messages for the command line. */
async function call<T>(url: string, request: (client: PavedClient) => Promise<T>): Promise<T> {
  try {
    return await request(createPavedClient({ baseUrl: url }));
  } catch (error) {
    if (error instanceof PavedUnreachableError) {
      throw fail(`${error.message}; is it running? Use --url or PAVED_URL`, 1);
    }
    if (error instanceof PavedHttpError) throw fail(`${error.status} ${error.message}`, 1);
    throw error;
  }
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      json: { type: 'boolean' },
      filter: { type: 'string', multiple: true },
      limit: { type: 'string' },
      fields: { type: 'string' },
      order: { type: 'string' },
    },
  });
}

/** `kind=component,spec.type=service,metadata.annotations.x` as one filter record (a bare key: exists). */
function filterRecord(text: string): EntityFilter {
  const record: Record<string, (string | symbol)[]> = {};
  for (const statement of text.split(',').map((s) => s.trim())) {
    if (!statement) continue;
    const equals = statement.indexOf('=');
    const key = (equals === -1 ? statement : statement.slice(0, equals)).trim();
    const value = equals === -1 ? CATALOG_FILTER_EXISTS : statement.slice(equals + 1).trim();
    if (!key)
      throw fail(
        `--filter ${JSON.stringify(text)}: "${statement}" has no key; use key=value or key`,
        EXIT_USAGE,
      );
    const values = record[key] ?? [];
    values.push(value);
    record[key] = values;
  }
  return record;
}

/** The query of `paved catalog query` from its flags; usage errors name the flag. */
function entitiesQuery(values: ReturnType<typeof parseOptions>['values']): EntitiesQuery {
  const limit = values.limit ?? '50';
  if (!/^\d+$/.test(limit))
    throw fail(`--limit must be a whole number; got ${JSON.stringify(limit)}`, EXIT_USAGE);
  const query: EntitiesQuery = {
    filter: (values.filter ?? []).map(filterRecord),
    limit: Number(limit),
  };
  if (values.fields) query.fields = values.fields.split(',').map((f) => f.trim());
  if (values.order) {
    const [field = '', order = 'asc'] = values.order.split(',').map((part) => part.trim());
    if (!field || (order !== 'asc' && order !== 'desc')) {
      throw fail(
        `--order must be FIELD or FIELD,asc or FIELD,desc; got ${JSON.stringify(values.order)}`,
        EXIT_USAGE,
      );
    }
    query.orderFields = [{ field, order }];
  }
  return query;
}

/** `paved catalog get|query|errors|locations` against a running server, through @paved/client. */
export async function runCatalogClientCommand(sub: string, argv: string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    io.stderr.write(`paved catalog ${sub}: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const url = values.url ?? process.env.PAVED_URL ?? 'http://localhost:7007';
  const out = (s: string) => io.stdout.write(`${s}\n`);

  if (sub === 'get') {
    const usage =
      'Usage: paved catalog get REF   (e.g. component:default/checkout, or checkout for a component in default)\n';
    const ref = positionals[0];
    if (!ref || positionals.length > 1) {
      io.stderr.write(usage);
      return EXIT_USAGE;
    }
    let parts: ReturnType<typeof parseRef>;
    try {
      parts = parseRef(ref, { kind: 'component' });
    } catch (error) {
      io.stderr.write(`paved catalog get: ${(error as Error).message}\n${usage}`);
      return EXIT_USAGE;
    }
    const entity = await call(url, (client) => client.getEntityByRef(ref));
    if (!entity) {
      const canonical = `${parts.kind}:${parts.namespace}/${parts.name}`.toLowerCase();
      throw fail(`404 No entity named '${canonical}' found`, 1);
    }
    out(JSON.stringify(entity, null, 2));
    return 0;
  }
  if (sub === 'query') {
    const query = entitiesQuery(values);
    const page = await call(url, (client) => client.queryEntities(query));
    if (values.json) {
      out(JSON.stringify(page, null, 2));
      return 0;
    }
    for (const e of page.items) {
      const spec = (e.spec ?? {}) as { type?: string; owner?: string };
      const ref = `${e.kind.toLowerCase()}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`;
      out([ref, spec.type ?? '', spec.owner ?? ''].join('\t'));
    }
    io.stderr.write(`${page.items.length} of ${page.totalItems} entities\n`);
    return 0;
  }
  if (sub === 'errors') {
    const { items } = await call(url, (client) => client.listErrors());
    const problems = items.filter((i) => i.kind !== 'dangling');
    if (values.json) {
      for (const item of items) out(JSON.stringify(item));
      return problems.length > 0 ? 1 : 0;
    }
    let file = '';
    for (const item of items) {
      if (item.location !== file) {
        file = item.location;
        out(io.isTTY ? `\x1b[1m${file}\x1b[0m` : file);
      }
      for (const e of item.errors) {
        const where = e.line ? `${e.line}:${e.column ?? 1}` : '-';
        const what = item.entityRef ?? '(file)';
        const note =
          item.kind === 'dangling' ? ' [warning]' : item.entityRef && !item.served ? ' [not served]' : '';
        out(`  ${where}  ${what}${note}  ${e.path ? `${e.path}: ` : ''}${e.message}`);
      }
    }
    io.stderr.write(`${problems.length} problem(s), ${items.length - problems.length} warning(s)\n`);
    return problems.length > 0 ? 1 : 0;
  }
  const { items } = await call(url, (client) => client.listSources());
  if (values.json) {
    out(JSON.stringify(items, null, 2));
    return 0;
  }
  for (const s of items)
    out([s.id, `${s.type}:${s.target}`, s.status, s.refreshedAt ?? 'never', s.error ?? ''].join('\t'));
  return 0;
}
