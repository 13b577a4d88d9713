import { loadEmoji, yaml } from './dependencies.ts';
import type { DocsTocEntry } from './docs.types.ts';
import { type HighlightWorker, prepareLanguages, resolveLanguage } from './highlight.ts';
import { type LinkContext, type LinkTargets, prettyUrl } from './links.ts';
import { createMarkdown, languagesIn, type PageEnv, SLOT } from './markdown/create.ts';
import { REWRITTEN } from './markdown/links.ts';
import { expandSnippets, type SnippetReader } from './markdown/snippets.ts';

export interface RenderOptions {
  /** The page, relative to docs_dir ('guides/setup.md'); links are resolved against it. */
  path?: string;
  basePath?: string;
  assetBasePath?: string;
  targets?: LinkTargets;
  snippets?: SnippetReader;
  permalink?: string | false;
  /** Code is highlighted by this worker (see createHighlightWorker) instead of this thread. */
  highlightWorker?: HighlightWorker;
}

export interface RenderedPage {
  html: string;
  toc: DocsTocEntry[];
  /** First h1, else the front matter's title. */
  title?: string;
  headings: string;
  text: string;
  /** Files included as snippets, relative to the source folder. */
  snippetFiles: string[];
  problems: { line?: number; message: string }[];
  /**
   * With a highlight worker: the HTML and search text (`html` and `text` are empty until then),
   * once the worker has highlighted the page's code. Nothing else of the page waits for it.
   */
  completed?: Promise<{ html: string; text: string }>;
}

const parsers = new Map<string, ReturnType<typeof createMarkdown>>();
/** The cheapest parser variant that handles this page (see createMarkdown). */
async function parserFor(body: string): Promise<ReturnType<typeof createMarkdown>> {
  const attributes = body.includes('{');
  const emoji = /:[\w+-]+:/.test(body);
  const key = `${attributes}/${emoji}`;
  let parser = parsers.get(key);
  if (!parser) {
    parser = createMarkdown(attributes, emoji ? loadEmoji().full : undefined);
    parsers.set(key, parser);
  }
  return parser;
}

/** Front matter (MkDocs meta) becomes blank lines, so line numbers stay those of the file. */
function splitFrontMatter(source: string): { body: string; title?: string } {
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(source);
  if (!match) return { body: source };
  const blank = '\n'.repeat(match[0].split('\n').length - 1);
  let title: string | undefined;
  try {
    const meta = yaml.parse(match[1]!, { maxAliasCount: 10 }) as unknown;
    if (meta && typeof meta === 'object' && typeof (meta as { title?: unknown }).title === 'string') {
      title = (meta as { title: string }).title;
    }
  } catch {
    // Not YAML: MkDocs would show it as text; dropping it is kinder.
  }
  return title === undefined
    ? { body: blank + source.slice(match[0].length) }
    : { body: blank + source.slice(match[0].length), title };
}

function lineOf(source: string, needle: string): number | undefined {
  const at = source.indexOf(needle);
  if (at < 0) return undefined;
  let line = 1;
  for (let i = source.indexOf('\n'); i >= 0 && i < at; i = source.indexOf('\n', i + 1)) line++;
  return line;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
export function htmlToText(html: string): string {
  return html
    .replace(/<a class="headerlink"[^>]*>[^<]*<\/a>/g, '')
    .replace(
      /<\/?(?:p|div|h[1-6]|li|ul|ol|pre|table|thead|tbody|tr|td|th|dl|dt|dd|blockquote|section|details|summary|br|hr|img|label)\b[^>]*>/gi,
      ' ',
    )
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Renders one page's Markdown to sanitised HTML, with its table of contents and search text. */
export async function renderPage(source: string, options: RenderOptions = {}): Promise<RenderedPage> {
  const pagePath = options.path ?? 'index.md';
  const problems: RenderedPage['problems'] = [];
  const front = splitFrontMatter(source);
  let body = front.body;
  let snippetFiles: string[] = [];
  if (options.snippets) {
    const expanded = await expandSnippets(body, options.snippets);
    body = expanded.text;
    snippetFiles = expanded.files;
    problems.push(...expanded.problems);
  }
  const languages = languagesIn(body);
  const worker = options.highlightWorker;
  if (!worker) await prepareLanguages(languages);
  const parser = await parserFor(body);
  const links: LinkContext = {
    pagePath,
    pageUrl: prettyUrl(pagePath),
    ...(options.basePath !== undefined ? { basePath: options.basePath } : {}),
    ...(options.assetBasePath !== undefined ? { assetBasePath: options.assetBasePath } : {}),
    ...(options.targets ? { targets: options.targets } : {}),
    warn: (message, needle, line) => {
      const at = line ?? lineOf(body, `(${needle}`) ?? lineOf(body, needle);
      problems.push(at === undefined ? { message } : { line: at, message });
    },
  };
  const env: PageEnv = { toc: [], slots: [], permalink: options.permalink ?? '¶', links };
  if (worker) env.deferred = { blocks: [], fill: [], untrusted: new Set() };
  const raw = parser.render(body, env as unknown as Parameters<typeof parser.render>[1]);
  // Without raw HTML everything was escaped by markdown-it and Paved's rules: the (slow) sanitiser
  // only runs on pages that hold some.
  const sanitize = env.rawHtml ? (await import('./sanitize.ts')).sanitize : undefined;
  const sanitized = sanitize?.(raw, links);
  /** The page's HTML and search text, once its code is highlighted. */
  const complete = async (): Promise<{ html: string; text: string }> => {
    if (worker && env.deferred) {
      const { blocks, fill, untrusted } = env.deferred;
      // The worker loads grammars page after page as prepareLanguages would, also for a page whose
      // known fence names found no block.
      if (blocks.length > 0 || [...languages].some((name) => resolveLanguage(name) !== undefined)) {
        const answers = await worker.highlight(languages, blocks);
        for (let i = 0; i < fill.length; i++) fill[i]!(answers[i]);
      }
      // A block left plain is what markdown-it's output would have held: the sanitiser sees it too.
      if (sanitize) for (const index of untrusted) env.slots[index] = sanitize(env.slots[index]!, links);
    }
    const fill = (text: string) => text.replace(SLOT, (_, index: string) => env.slots[Number(index)] ?? '');
    const html =
      sanitized !== undefined
        ? fill(sanitized)
        : // Slots first: their markers are NULs too.
          fill(raw).replaceAll(REWRITTEN, '');
    return { html, text: htmlToText(html) };
  };
  const title = env.title ?? front.title;
  const page = {
    toc: env.toc,
    ...(title !== undefined ? { title } : {}),
    headings: env.toc.map((t) => t.text).join('\n'),
    snippetFiles,
    problems,
  };
  if (!worker) return { ...(await complete()), ...page };
  // Everything but the HTML and the search text is known now; those follow with the worker's answer.
  const completed = complete();
  // Awaited by whoever takes the page; a failure must not count as unhandled meanwhile.
  completed.catch(() => undefined);
  return { html: '', text: '', ...page, completed };
}
