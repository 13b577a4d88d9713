/*
 * pymdownx.snippets (`--8<-- "file"`), a text preprocessor no markdown-it plugin provides. Files are
 * read only from inside the snippet base paths (restrict_base_path, as techdocs-core forces); URLs
 * are not fetched. Supports the single-line and block forms, `;` escapes, `file:start:end` line
 * ranges and `file:section` with `--8<-- [start:section]` markers.
 */

export interface SnippetReader {
  /** Content of a snippet file named relative to a base path, or a reason it cannot be read. */
  read(name: string): Promise<{ content: string; file: string } | { problem: string }>;
}

export interface SnippetResult {
  text: string;
  /** Files included, relative to the source folder. */
  files: string[];
  problems: { line: number; message: string }[];
}

const SINGLE = /^([ \t]*)(;*)(-{1,}8<-{1,})[ \t]+("(?:\\"|[^"\n\r])+?"|'(?:\\'|[^'\n\r])+?')[ \t]*$/;
const BLOCK = /^([ \t]*)(;*)-{1,}8<-{1,}[ \t]*$/;
const SECTION = /^[ \t]*(?:<!--|#|\/\/|;)?[ \t]*-{1,}8<-{1,}[ \t]+\[(start|end):([\w-]+)\].*$/;
const MAX_DEPTH = 4;
/**
 * What one page may grow to with its snippets, and how many it may include: nesting is bounded,
 * but a few small files including each other many times would still multiply into gigabytes.
 */
export const MAX_EXPANDED_BYTES = 4 * 1024 * 1024;
export const MAX_INCLUDES = 1000;

function select(content: string, spec: string): string | undefined {
  const lines = content.split(/\r?\n/);
  const range = /^(\d*)(?::(\d*))?$/.exec(spec);
  if (range && spec !== '') {
    const start = range[1] ? Math.max(1, Number(range[1])) : 1;
    const end = range[2] ? Number(range[2]) : range[2] === undefined ? start : lines.length;
    return lines.slice(start - 1, end).join('\n');
  }
  const out: string[] = [];
  let inside = false;
  let found = false;
  for (const line of lines) {
    const marker = SECTION.exec(line);
    if (marker?.[2] === spec) {
      inside = marker[1] === 'start';
      found ||= inside;
      continue;
    }
    if (inside) out.push(line);
  }
  return found ? out.join('\n') : undefined;
}

function stripMarkers(content: string): string {
  return content
    .split('\n')
    .filter((line) => !SECTION.test(line))
    .join('\n');
}

export async function expandSnippets(
  text: string,
  reader: SnippetReader,
  depth = 0,
  seen: string[] = [],
  budget: { bytes: number; includes: number; reported: boolean } = {
    bytes: MAX_EXPANDED_BYTES - text.length,
    includes: MAX_INCLUDES,
    reported: false,
  },
): Promise<SnippetResult> {
  if (!text.includes('8<')) return { text, files: [], problems: [] };
  const lines = text.split('\n');
  const out: string[] = [];
  const files: string[] = [];
  const problems: SnippetResult['problems'] = [];
  let block: { indent: string; names: { name: string; line: number }[] } | undefined;

  const include = async (name: string, indent: string, line: number) => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) {
      problems.push({ line, message: `snippet ${name}: URLs are not fetched` });
      return;
    }
    const [file, ...rest] = name.split(':');
    const spec = rest.join(':');
    if (depth >= MAX_DEPTH) {
      problems.push({ line, message: `snippet ${name}: nested more than ${MAX_DEPTH} levels` });
      return;
    }
    if (budget.includes <= 0 || budget.bytes <= 0) {
      if (!budget.reported) {
        budget.reported = true;
        problems.push({
          line,
          message: `snippet ${name}: the page would exceed ${MAX_INCLUDES} snippets or ${MAX_EXPANDED_BYTES / 1024 / 1024} MiB with its snippets; this one and the rest are left out`,
        });
      }
      return;
    }
    budget.includes--;
    const read = await reader.read(file!);
    if ('problem' in read) {
      problems.push({ line, message: `snippet ${name}: ${read.problem}` });
      return;
    }
    if (seen.includes(read.file)) {
      problems.push({ line, message: `snippet ${name}: includes itself` });
      return;
    }
    let content = spec ? select(read.content, spec) : read.content;
    if (content === undefined) {
      problems.push({ line, message: `snippet ${name}: no section "${spec}"` });
      return;
    }
    content = stripMarkers(content.replace(/\r\n?/g, '\n').replace(/\n$/, ''));
    budget.bytes -= content.length;
    if (budget.bytes < 0) {
      budget.includes = 0;
      return include(name, indent, line);
    }
    files.push(read.file);
    const nested = await expandSnippets(content, reader, depth + 1, [...seen, read.file], budget);
    files.push(...nested.files);
    // Problems inside a snippet are reported at the line that includes it.
    for (const problem of nested.problems) problems.push({ line, message: problem.message });
    for (const included of nested.text.split('\n')) out.push(indent + included);
  };

  for (const [index, line] of lines.entries()) {
    const lineNumber = index + 1;
    if (block) {
      if (BLOCK.test(line)) {
        for (const entry of block.names) await include(entry.name, block.indent, entry.line);
        block = undefined;
      } else {
        const name = line.trim();
        if (name && !name.startsWith(';')) block.names.push({ name, line: lineNumber });
      }
      continue;
    }
    const single = SINGLE.exec(line);
    if (single) {
      if (single[2]) {
        out.push(line.replace(/^([ \t]*);/, '$1'));
        continue;
      }
      await include(single[4]!.slice(1, -1), single[1]!, lineNumber);
      continue;
    }
    const blockStart = BLOCK.exec(line);
    if (blockStart) {
      if (blockStart[2]) {
        out.push(line.replace(/^([ \t]*);/, '$1'));
        continue;
      }
      block = { indent: blockStart[1]!, names: [] };
      continue;
    }
    out.push(line);
  }
  if (block) {
    // An unclosed block includes what it lists, as pymdownx does at the end of the file.
    for (const entry of block.names) await include(entry.name, block.indent, entry.line);
  }
  return { text: out.join('\n'), files, problems };
}
