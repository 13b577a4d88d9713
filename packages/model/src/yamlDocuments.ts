import { Composer, type CST, type Document, Parser } from 'yaml';
import type { DescriptorError } from './descriptor.ts';
import { LineIndex } from './lineIndex.ts';
import { tryFastPath } from './yamlFastPath.ts';
import { findExcessiveNesting } from './yamlNesting.ts';

/**
 * Reads every YAML document of a descriptor file with the semantics Backstage gets from the
 * `yaml` package (`parseAllDocuments`, YAML 1.2 core schema, merge keys off, duplicate keys an
 * error, then `toJSON()` with at most 100 alias expansions).
 *
 * Fast path: js-yaml 5's event parser, which is about twice as fast, with scalar and mapping
 * tags that resolve exactly as `yaml`'s core schema. It is used only when the two parsers cannot
 * disagree: any anchor, alias, explicit tag, directive, non-string key, duplicate key or js-yaml
 * error sends the whole file to the `yaml` package, which is then the authority (including for
 * syntax errors). The differential tests in yamlDocuments.test.ts hold the two paths together.
 * The fast path lives in yamlFastPath.ts.
 */

export interface YamlLimits {
  maxDocuments: number;
  maxAliasCount: number;
  maxDepth: number;
}

export interface ParsedDocument {
  /** 0-based index in the file, counting empty documents. */
  index: number;
  /** The document as `toJSON()` gives it; null documents are not listed. */
  value: unknown;
  /** Offset, 1-based line and column of the document's root node. */
  offset: number;
  line: number;
  column: number;
}

export interface ParsedYaml {
  documents: ParsedDocument[];
  /** YAML problems, each with the index of the document it belongs to when known. */
  errors: DescriptorError[];
  /** Whether the fast path read the file. */
  fast: boolean;
  /** The `yaml` package's documents, when that path read the file (for positions). */
  yamlDocuments?: Document.Parsed[];
}

function tooManyDocuments(count: number, limits: YamlLimits): ParsedYaml {
  return {
    documents: [],
    errors: [
      {
        message: `The file has ${count} YAML documents, more than the limit of ${limits.maxDocuments}; split it into several files`,
        line: 1,
        column: 1,
        rule: 'file',
      },
    ],
    fast: false,
  };
}

// --- The authoritative path: the yaml package -----------------------------------------------

/** Deepest collection nesting of a CST token, walked without recursion. */
function cstDepth(root: CST.Token | undefined, limit: number): { depth: number; offset: number } {
  let deepest = { depth: 0, offset: 0 };
  const stack: Array<[CST.Token, number]> = root ? [[root, 1]] : [];
  while (stack.length) {
    const [token, depth] = stack.pop() as [CST.Token, number];
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth > deepest.depth) {
        deepest = { depth, offset: token.offset };
        if (depth > limit) {
          return deepest;
        }
      }
      for (const item of token.items) {
        const { key, value } = item as CST.CollectionItem;
        if (key) {
          stack.push([key, depth + 1]);
        }
        if (value) {
          stack.push([value, depth + 1]);
        }
      }
    }
  }
  return deepest;
}

function nestingMessage(limits: YamlLimits): string {
  return `YAML error: collections are nested more than ${limits.maxDepth} levels deep`;
}

function isPlainNull(value: unknown): boolean {
  return value === null || value === undefined;
}

function parseWithYaml(text: string, limits: YamlLimits, lines: LineIndex): ParsedYaml {
  const errors: DescriptorError[] = [];
  const documents: ParsedDocument[] = [];
  // The parser's cost grows with depth times size; refuse absurd nesting before it runs.
  const deep = findExcessiveNesting(text, limits.maxDepth * 2);
  if (deep !== -1) {
    return {
      documents,
      errors: [{ message: nestingMessage(limits), ...lines.position(deep), rule: 'yaml' }],
      fast: false,
    };
  }
  let tokens: CST.Token[];
  try {
    tokens = Array.from(new Parser().parse(text));
  } catch (e) {
    return {
      documents,
      errors: [
        { message: `Failed to parse YAML, ${(e as Error).message}`, line: 1, column: 1, rule: 'yaml' },
      ],
      fast: false,
    };
  }
  let documentIndex = 0;
  for (const token of tokens) {
    if (token.type !== 'document') {
      continue;
    }
    const { depth, offset } = cstDepth(token.value, limits.maxDepth);
    if (depth > limits.maxDepth) {
      errors.push({
        message: nestingMessage(limits),
        document: documentIndex,
        ...lines.position(offset),
        rule: 'yaml',
      });
      // Compose it as an empty document so that the indices of the others do not move.
      token.value = undefined;
    }
    documentIndex++;
  }
  if (documentIndex > limits.maxDocuments) {
    return tooManyDocuments(documentIndex, limits);
  }
  const deepDocuments = new Set(errors.map((e) => e.document));
  let docs: Document.Parsed[];
  try {
    docs = Array.from(new Composer({ merge: false }).compose(tokens));
  } catch (e) {
    return {
      documents,
      errors: [
        { message: `Failed to parse YAML, ${(e as Error).message}`, line: 1, column: 1, rule: 'yaml' },
      ],
      fast: false,
    };
  }
  docs.forEach((doc, index) => {
    if (deepDocuments.has(index)) {
      return;
    }
    const rootOffset = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
    const error = doc.errors[0];
    if (error) {
      errors.push({
        message: `YAML error: ${error.message}`,
        document: index,
        ...lines.position(error.pos[0]),
        rule: 'yaml',
      });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ json: true, maxAliasCount: limits.maxAliasCount });
    } catch (e) {
      const message =
        e instanceof RangeError ? `collections are nested too deeply (${e.message})` : (e as Error).message;
      errors.push({
        message: `YAML error: ${message}${/alias/i.test(message) ? `; at most ${limits.maxAliasCount} alias expansions are allowed` : ''}`,
        document: index,
        ...lines.position(rootOffset),
        rule: 'yaml',
      });
      return;
    }
    if (isPlainNull(value)) {
      return;
    }
    documents.push({ index, value, offset: rootOffset, ...lines.position(rootOffset) });
  });
  return { documents, errors, fast: false, yamlDocuments: docs };
}

/** Parses every document of a descriptor file. Never throws. */
export function parseYamlDocuments(text: string, limits: YamlLimits): ParsedYaml {
  const lines = new LineIndex(text);
  const fast = tryFastPath(text, limits, lines);
  if (fast.kind === 'ok') {
    return { documents: fast.documents, errors: [], fast: true };
  }
  if (fast.kind === 'too-many') {
    return tooManyDocuments(fast.count, limits);
  }
  if (fast.kind === 'too-deep') {
    return {
      documents: [],
      errors: [
        {
          message: nestingMessage(limits),
          ...lines.position(fast.offset),
          rule: 'yaml',
        },
      ],
      fast: false,
    };
  }
  return parseWithYaml(text, limits, lines);
}
