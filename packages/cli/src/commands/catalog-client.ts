import { parseArgs } from 'node:util';
import { EXIT_USAGE } from '../exit-codes.ts';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
}

interface ErrorItem {
  location: string;
  entityRef: string | null;
  kind: string;
  served: boolean;
  errors: { message: string; path?: string; line?: number; column?: number }[];
}

async function call(url: string, path: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(new URL(path, url));
  } catch (error) {
    throw Object.assign(
      new Error(
        `cannot reach Paved at ${url} (${(error as Error).cause ?? (error as Error).message}); is it running? Use --url or PAVED_URL`,
      ),
      { exitCode: 1 },
    );
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error: { message: string } }).error.message;
    } catch {
      // not Backstage-shaped; show as is
    }
    throw Object.assign(new Error(`${response.status} ${message}`), { exitCode: 1 });
  }
  return JSON.parse(text) as unknown;
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

/** `paved catalog get|query|errors|locations` against a running server. */
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
    const ref = positionals[0];
    if (!ref || positionals.length > 1) {
      io.stderr.write(
        'Usage: paved catalog get REF   (e.g. component:default/checkout, or checkout for a component in default)\n',
      );
      return EXIT_USAGE;
    }
    const match = /^(?:([^:/]+):)?(?:([^/]+)\/)?(.+)$/.exec(ref)!;
    const [kind, namespace, name] = [match[1] ?? 'component', match[2] ?? 'default', match[3]!];
    const entity = await call(
      url,
      `/api/catalog/entities/by-name/${encodeURIComponent(kind)}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
    );
    out(JSON.stringify(entity, null, 2));
    return 0;
  }
  if (sub === 'query') {
    const params = new URLSearchParams();
    for (const f of values.filter ?? []) params.append('filter', f);
    params.set('limit', values.limit ?? '50');
    if (values.fields) params.set('fields', values.fields);
    if (values.order) params.set('orderField', values.order);
    const page = (await call(url, `/api/catalog/entities/by-query?${params}`)) as {
      items: {
        kind: string;
        metadata: { namespace?: string; name: string; title?: string };
        spec?: { type?: string; owner?: string };
      }[];
      totalItems: number;
    };
    if (values.json) {
      out(JSON.stringify(page, null, 2));
      return 0;
    }
    for (const e of page.items) {
      const ref = `${e.kind.toLowerCase()}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`;
      out([ref, e.spec?.type ?? '', e.spec?.owner ?? ''].join('\t'));
    }
    io.stderr.write(`${page.items.length} of ${page.totalItems} entities\n`);
    return 0;
  }
  if (sub === 'errors') {
    const { items } = (await call(url, '/api/catalog/errors')) as { items: ErrorItem[] };
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
  const { items } = (await call(url, '/api/catalog/sources')) as {
    items: {
      id: string;
      type: string;
      target: string;
      status: string;
      error: string | null;
      refreshedAt: string | null;
    }[];
  };
  if (values.json) {
    out(JSON.stringify(items, null, 2));
    return 0;
  }
  for (const s of items)
    out([s.id, `${s.type}:${s.target}`, s.status, s.refreshedAt ?? 'never', s.error ?? ''].join('\t'));
  return 0;
}
