import {
  COLLECTION_STYLE,
  constructFromEvents,
  defineMappingTag,
  defineScalarTag,
  EVENT_ID,
  type Event,
  NOT_RESOLVED,
  parseEvents,
  Schema,
  seqTag,
  strTag,
} from 'js-yaml';
import { Composer, type CST, type Document, Parser } from 'yaml';
import type { DescriptorError } from './descriptor.ts';

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

/** Offsets of line starts, for 1-based line/column positions. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    let i = text.indexOf('\n');
    while (i !== -1) {
      this.starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return { line: lo + 1, column: offset - (this.starts[lo] as number) + 1 };
  }
}

// --- The fast path's schema: yaml 2.x core schema, value for value -------------------------

const NULL_PATTERN = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_PATTERN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_DEC = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

const nullTag = defineScalarTag('tag:yaml.org,2002:null', {
  implicit: true,
  implicitFirstChars: ['', '~', 'n', 'N'],
  resolve: (source, isExplicit) => (!isExplicit && NULL_PATTERN.test(source) ? null : NOT_RESOLVED),
  identify: (value) => value === null,
});

const boolTag = defineScalarTag('tag:yaml.org,2002:bool', {
  implicit: true,
  implicitFirstChars: ['t', 'T', 'f', 'F'],
  resolve: (source, isExplicit) =>
    !isExplicit && BOOL_PATTERN.test(source) ? source[0] === 't' || source[0] === 'T' : NOT_RESOLVED,
  identify: (value) => typeof value === 'boolean',
});

const intTag = defineScalarTag('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: ['-', '+', ...'0123456789'],
  resolve: (source, isExplicit) => {
    if (isExplicit) {
      return NOT_RESOLVED;
    }
    if (INT_OCT.test(source)) {
      return parseInt(source.substring(2), 8);
    }
    if (INT_DEC.test(source)) {
      return parseInt(source, 10);
    }
    if (INT_HEX.test(source)) {
      return parseInt(source.substring(2), 16);
    }
    return NOT_RESOLVED;
  },
  identify: (value) => Number.isInteger(value),
});

const floatTag = defineScalarTag('tag:yaml.org,2002:float', {
  implicit: true,
  implicitFirstChars: ['-', '+', '.', ...'0123456789'],
  resolve: (source, isExplicit) => {
    if (isExplicit) {
      return NOT_RESOLVED;
    }
    if (FLOAT_NAN.test(source)) {
      return source.slice(-3).toLowerCase() === 'nan'
        ? Number.NaN
        : source[0] === '-'
          ? Number.NEGATIVE_INFINITY
          : Number.POSITIVE_INFINITY;
    }
    if (FLOAT_EXP.test(source) || FLOAT.test(source)) {
      return parseFloat(source);
    }
    return NOT_RESOLVED;
  },
  identify: (value) => typeof value === 'number',
});

/** Plain objects with string keys only; anything else makes the fast path give up. */
const mapTag = defineMappingTag<Record<string, unknown>>('tag:yaml.org,2002:map', {
  create: () => ({}),
  addPair: (map, key, value) => {
    if (typeof key !== 'string') {
      return 'non-string key';
    }
    if (key === '__proto__') {
      Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
    } else {
      map[key] = value;
    }
    return '';
  },
  has: (map, key) => typeof key === 'string' && Object.hasOwn(map, key),
  keys: (map) => Object.keys(map),
  get: (map, key) => map[key as string],
  identify: () => false,
});

const FAST_SCHEMA = new Schema([strTag, seqTag, mapTag, nullTag, boolTag, intTag, floatTag]);

const DEPTH_MESSAGE = /nesting exceeded maxDepth/;

type FastResult = { kind: 'ok'; parsed: ParsedYaml } | { kind: 'fallback' } | { kind: 'too-deep'; offset: number };

/**
 * Text on which js-yaml and yaml disagree in corner cases (found by the differential fuzzing in
 * yamlDocuments.test.ts): tabs, a carriage return without line feed, byte-order marks,
 * document-end markers (`...`), indented document markers, lines starting with `%`, and block
 * scalars with an explicit indentation indicator (`|2`).
 */
const SLOW_PATH_TEXT = /\t|\r(?!\n)|\uFEFF|^\.\.\.|^ +(?:---|\.\.\.)|^%|[|>][-+]?[1-9]/m;

function tryFastPath(text: string, limits: YamlLimits, lines: LineIndex): FastResult {
  if (SLOW_PATH_TEXT.test(text)) {
    return { kind: 'fallback' };
  }
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: limits.maxDepth });
  } catch (e) {
    if (DEPTH_MESSAGE.test(String((e as { reason?: string }).reason))) {
      const mark = (e as { mark?: { position?: number } }).mark;
      return { kind: 'too-deep', offset: mark?.position ?? 0 };
    }
    return { kind: 'fallback' };
  }
  const starts: number[] = [];
  let expectRoot = false;
  // Open collections: for a mapping, how many keys and values it has had so far (even: next
  // node is a key); -1 for a sequence or the document itself.
  const open: number[] = [];
  const flowOpen: boolean[] = [];
  let flowDepth = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as Event;
    if (event.type === EVENT_ID.POP) {
      open.pop();
      if (flowOpen.pop()) {
        flowDepth--;
      }
      continue;
    }
    if (event.type === EVENT_ID.DOCUMENT) {
      if (event.directives.length) {
        return { kind: 'fallback' };
      }
      expectRoot = true;
      open.push(-1);
      flowOpen.push(false);
      continue;
    }
    if (event.type === EVENT_ID.ALIAS || event.anchorStart !== -1 || event.tagStart !== -1) {
      return { kind: 'fallback' };
    }
    const top = open.length - 1;
    const position = open[top] as number;
    if (position >= 0) {
      open[top] = position + 1;
      // yaml refuses implicit keys over 1024 characters or spanning lines; js-yaml does not.
      if (
        position % 2 === 0 &&
        event.type === EVENT_ID.SCALAR &&
        (event.valueEnd - event.valueStart > 1000 || text.slice(event.valueStart, event.valueEnd).includes('\n'))
      ) {
        return { kind: 'fallback' };
      }
    }
    if (expectRoot) {
      starts.push(event.type === EVENT_ID.SCALAR ? event.valueStart : event.start);
      expectRoot = false;
    }
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
      // The parsers disagree on some multi-line flow collections (comments, indentation); keep
      // the fast path for those that open and close on one line.
      if (event.style === COLLECTION_STYLE.FLOW && flowDepth === 0 && !flowFitsOnLine(text, event.start)) {
        return { kind: 'fallback' };
      }
      if (event.style === COLLECTION_STYLE.FLOW) {
        flowDepth++;
      }
      open.push(event.type === EVENT_ID.MAPPING ? 0 : -1);
      flowOpen.push(event.style === COLLECTION_STYLE.FLOW);
    } else {
      continue;
    }
  }
  if (starts.length > limits.maxDocuments) {
    return { kind: 'ok', parsed: tooManyDocuments(starts.length, limits) };
  }
  let values: unknown[];
  try {
    values = constructFromEvents(events, { source: text, schema: FAST_SCHEMA, maxAliases: 0 });
  } catch {
    return { kind: 'fallback' };
  }
  if (values.length !== starts.length) {
    return { kind: 'fallback' };
  }
  const documents: ParsedDocument[] = [];
  values.forEach((value, index) => {
    if (value === null) {
      return;
    }
    const offset = Math.max(0, starts[index] as number);
    documents.push({ index, value, offset, ...lines.position(offset) });
  });
  return { kind: 'ok', parsed: { documents, errors: [], fast: true } };
}

/**
 * Whether the flow collection starting at `start` closes on the same line, with no comment:
 * brackets counted outside quoted scalars (a quote only opens a scalar where a scalar can start).
 */
function flowFitsOnLine(text: string, start: number): boolean {
  let end = text.indexOf('\n', start);
  if (end === -1) {
    end = text.length;
  }
  let depth = 0;
  let scalarCanStart = true;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if ((c === '"' || c === "'") && scalarCanStart) {
      for (i++; i < end; i++) {
        if (c === '"' && text[i] === '\\') {
          i++;
        } else if (text[i] === c) {
          if (c === "'" && text[i + 1] === "'") {
            i++;
          } else {
            break;
          }
        }
      }
      if (i >= end) {
        return false;
      }
      scalarCanStart = false;
      continue;
    }
    if (c === '[' || c === '{') {
      depth++;
      scalarCanStart = true;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        return true;
      }
      scalarCanStart = false;
    } else if (c === ',' || c === ':' || c === '?') {
      scalarCanStart = true;
    } else if (c === '#' && (text[i - 1] === ' ' || text[i - 1] === '\t')) {
      return false;
    } else if (c !== ' ') {
      scalarCanStart = false;
    }
  }
  return false;
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

function isPlainNull(value: unknown): boolean {
  return value === null || value === undefined;
}

function parseWithYaml(text: string, limits: YamlLimits, lines: LineIndex): ParsedYaml {
  const errors: DescriptorError[] = [];
  const documents: ParsedDocument[] = [];
  let tokens: CST.Token[];
  try {
    tokens = Array.from(new Parser().parse(text));
  } catch (e) {
    return {
      documents,
      errors: [{ message: `Failed to parse YAML, ${(e as Error).message}`, line: 1, column: 1, rule: 'yaml' }],
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
        message: `YAML error: collections are nested more than ${limits.maxDepth} levels deep`,
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
      errors: [{ message: `Failed to parse YAML, ${(e as Error).message}`, line: 1, column: 1, rule: 'yaml' }],
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
    return fast.parsed;
  }
  if (fast.kind === 'too-deep') {
    return {
      documents: [],
      errors: [
        {
          message: `YAML error: collections are nested more than ${limits.maxDepth} levels deep`,
          ...lines.position(fast.offset),
          rule: 'yaml',
        },
      ],
      fast: false,
    };
  }
  return parseWithYaml(text, limits, lines);
}
