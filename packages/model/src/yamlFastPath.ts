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
import type { LineIndex } from './lineIndex.ts';
import type { ParsedDocument, YamlLimits } from './yamlDocuments.ts';

/**
 * The fast path of parseYamlDocuments: js-yaml 5's event parser with tags that resolve scalars
 * and keys exactly as the `yaml` package's core schema, used only where the two parsers cannot
 * disagree. Anything else answers `fallback` and the `yaml` package reads the file.
 */

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

export type FastResult =
  | { kind: 'ok'; documents: ParsedDocument[] }
  | { kind: 'fallback' }
  | { kind: 'too-deep'; offset: number }
  | { kind: 'too-many'; count: number };

/**
 * Text on which js-yaml and yaml disagree in corner cases (found by the differential fuzzing in
 * yamlDocuments.test.ts): tabs, a carriage return without line feed, byte-order marks,
 * document-end markers (`...`), indented document markers, lines starting with `%`, and block
 * scalars with an explicit indentation indicator (`|2`).
 */
const SLOW_PATH_LINES = /^(?:\.\.\.| +(?:---|\.\.\.)|%)|[|>][-+]?[1-9]/m;

function needsSlowPath(text: string): boolean {
  return (
    text.includes('\t') ||
    text.includes('\uFEFF') ||
    (text.includes('\r') && /\r(?!\n)/.test(text)) ||
    SLOW_PATH_LINES.test(text)
  );
}

export function tryFastPath(text: string, limits: YamlLimits, lines: LineIndex): FastResult {
  if (needsSlowPath(text)) {
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
        (event.valueEnd - event.valueStart > 1000 || spansLines(text, event.valueStart, event.valueEnd))
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
    }
  }
  if (starts.length > limits.maxDocuments) {
    return { kind: 'too-many', count: starts.length };
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
  return { kind: 'ok', documents };
}

function spansLines(text: string, start: number, end: number): boolean {
  const newline = text.indexOf('\n', start);
  return newline !== -1 && newline < end;
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
