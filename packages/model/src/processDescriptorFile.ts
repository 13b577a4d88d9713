import type { DescriptorError, ProcessedDescriptor } from './descriptor.ts';
import { LineIndex } from './lineIndex.ts';
import { type LocationSpec, locationAnnotationDefaults } from './locationRef.ts';
import { resolvePlaceholders } from './placeholders.ts';
import { isPlainObject, type JsonObject, prepareEntity, readIdentity } from './prepareEntity.ts';
import { decodeUtf8 } from './utf8.ts';
import { completeEntity } from './validateEntity.ts';
import { type ParsedDocument, parseYamlDocuments, type YamlLimits } from './yamlDocuments.ts';
import { pointsAtKey, YamlPositions } from './yamlPositions.ts';

export interface ProcessFileLimits {
  /** Largest file accepted, in bytes (default 16 MiB). */
  maxBytes?: number;
  /** Most YAML documents in one file (default 50,000). */
  maxDocuments?: number;
  /** Alias expansions allowed per document, as the `yaml` package's `maxAliasCount` (default 100, as Backstage). */
  maxAliasCount?: number;
  /** Deepest collection nesting accepted (default 256). */
  maxDepth?: number;
}

export interface ProcessFileOptions {
  /** The file's content; bytes that are not UTF-8 are an error, not mojibake. */
  text: string | Uint8Array;
  /** The file itself, e.g. `{type: 'file', target: '/abs/repo/catalog-info.yaml'}`. */
  location: LocationSpec;
  /** The location that was registered and led to this file. */
  originLocation: LocationSpec;
  /** Placeholders may not resolve outside this directory (file) or URL prefix (url). */
  sourceRoot?: string;
  /** Reads a resolved absolute path or URL; the caller enforces I/O safety, the model the root rule. */
  readPlaceholder?: (target: string) => Promise<string>;
  limits?: ProcessFileLimits;
}

export interface ProcessedFile {
  documents: ProcessedDescriptor[];
  /** Problems that belong to no entity: size, encoding, YAML syntax, a document that is not an object. */
  errors: DescriptorError[];
}

export const DEFAULT_LIMITS: Required<ProcessFileLimits> = {
  maxBytes: 16 * 1024 * 1024,
  maxDocuments: 50_000,
  maxAliasCount: 100,
  maxDepth: 256,
};

function byteLength(text: string, atLeast: number): number {
  // Cheap when the text is clearly small enough: a UTF-16 unit is at most 3 UTF-8 bytes.
  return text.length * 3 <= atLeast ? text.length : Buffer.byteLength(text, 'utf8');
}

function describeType(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/**
 * Reads one descriptor file the way Backstage's ingestion reads it (parse, then each entity
 * through the processing pipeline), without I/O of its own. Every error carries the 1-based line
 * and column in the file. Never throws for bad input.
 */
export async function processDescriptorFile(opts: ProcessFileOptions): Promise<ProcessedFile> {
  const limits: Required<ProcessFileLimits> = { ...DEFAULT_LIMITS, ...opts.limits };
  let text: string;
  if (typeof opts.text === 'string') {
    text = opts.text;
    const size = byteLength(text, limits.maxBytes);
    if (size > limits.maxBytes) {
      return tooBig(size, limits.maxBytes);
    }
  } else {
    if (opts.text.byteLength > limits.maxBytes) {
      return tooBig(opts.text.byteLength, limits.maxBytes);
    }
    const decoded = decodeUtf8(opts.text);
    if (!decoded.ok) {
      return {
        documents: [],
        errors: [
          {
            message: `The file is not valid UTF-8: byte 0x${decoded.byte.toString(16).padStart(2, '0')} at offset ${decoded.offset} cannot start or continue a character; save the file as UTF-8`,
            line: decoded.line,
            column: decoded.column,
            rule: 'file',
          },
        ],
      };
    }
    text = decoded.text;
  }

  const yamlLimits: YamlLimits = {
    maxDocuments: limits.maxDocuments,
    maxAliasCount: limits.maxAliasCount,
    maxDepth: limits.maxDepth,
  };
  const parsed = parseYamlDocuments(text, yamlLimits);
  const errors: DescriptorError[] = [...parsed.errors];
  const documents: ProcessedDescriptor[] = [];
  const context: DocumentContext = {
    opts,
    limits,
    mayHavePlaceholders: text.includes('$'),
    mayHaveProtoKeys: text.includes('__proto__'),
  };

  for (const doc of parsed.documents) {
    if (!isPlainObject(doc.value)) {
      errors.push({
        message: `Expected object at root, got ${describeType(doc.value)}; a descriptor document is a mapping with apiVersion, kind, metadata and spec`,
        document: doc.index,
        line: doc.line,
        column: doc.column,
        rule: 'root',
      });
      continue;
    }
    documents.push(
      context.mayHavePlaceholders ? await processDocument(doc, context) : processDocumentSync(doc, context),
    );
  }

  if (documents.some((d) => d.errors.some((e) => e.line === undefined))) {
    const lines = new LineIndex(text);
    const positions = new YamlPositions(text, parsed.yamlDocuments, lines);
    for (const descriptor of documents) {
      descriptor.errors = descriptor.errors.map((error) => {
        if (error.line !== undefined) {
          return error;
        }
        const at = (error.path !== undefined
          ? positions.locate(descriptor.document, error.path, pointsAtKey(error))
          : undefined) ?? { line: descriptor.line, column: descriptor.column };
        return { ...error, line: at.line, column: at.column };
      });
    }
  }
  errors.sort((a, b) => (a.document ?? -1) - (b.document ?? -1) || (a.line ?? 0) - (b.line ?? 0));
  return { documents, errors };
}

function tooBig(size: number, maxBytes: number): ProcessedFile {
  return {
    documents: [],
    errors: [
      {
        message: `The file is ${size} bytes, larger than the limit of ${maxBytes} bytes; split it into several files or move large content into files read with $text`,
        line: 1,
        column: 1,
        rule: 'file',
      },
    ],
  };
}

interface DocumentContext {
  opts: ProcessFileOptions;
  limits: Required<ProcessFileLimits>;
  mayHavePlaceholders: boolean;
  mayHaveProtoKeys: boolean;
  /** Annotation defaults for the file's own locations, computed once per file. */
  annotationDefaults?: Record<string, string>;
}

/** Envelope and managed-by annotations; the descriptor is complete when there are errors. */
function startDocument(
  doc: ParsedDocument,
  context: DocumentContext,
): { descriptor: ProcessedDescriptor; prepared: ReturnType<typeof prepareEntity> } {
  const descriptor: ProcessedDescriptor = {
    document: doc.index,
    line: doc.line,
    column: doc.column,
    ...readIdentity(doc.value),
    raw: doc.value,
    relations: [],
    errors: [],
  };
  const prepared = prepareEntity(doc.value, {
    location: context.opts.location,
    originLocation: context.opts.originLocation,
    annotations: 'force',
  });
  descriptor.errors = prepared.errors;
  return { descriptor, prepared };
}

function finishDocument(
  descriptor: ProcessedDescriptor,
  entity: JsonObject,
  location: LocationSpec,
  originLocation: LocationSpec,
  context: DocumentContext,
  resolvedAny: boolean,
): ProcessedDescriptor {
  context.annotationDefaults ??= locationAnnotationDefaults(location, originLocation);
  const completed = completeEntity(entity, {
    location,
    originLocation,
    annotationDefaults: context.annotationDefaults,
    noProtoKeys: !context.mayHaveProtoKeys && !resolvedAny,
  });
  descriptor.errors = completed.errors;
  if (completed.entity) {
    descriptor.entity = completed.entity;
    descriptor.relations = completed.relations;
    if (completed.targets) {
      descriptor.targets = completed.targets;
    }
  }
  return descriptor;
}

/** Without placeholders nothing is awaited, which keeps 100,000 small entities cheap. */
function processDocumentSync(doc: ParsedDocument, context: DocumentContext): ProcessedDescriptor {
  const { descriptor, prepared } = startDocument(doc, context);
  if (!prepared.entity || !prepared.location || !prepared.originLocation) {
    return descriptor;
  }
  return finishDocument(
    descriptor,
    prepared.entity,
    prepared.location,
    prepared.originLocation,
    context,
    false,
  );
}

async function processDocument(doc: ParsedDocument, context: DocumentContext): Promise<ProcessedDescriptor> {
  const { descriptor, prepared } = startDocument(doc, context);
  if (!prepared.entity || !prepared.location || !prepared.originLocation) {
    return descriptor;
  }
  const resolved = await resolvePlaceholders(prepared.entity, {
    location: prepared.location,
    sourceRoot: context.opts.sourceRoot,
    readPlaceholder: context.opts.readPlaceholder,
    maxLength: context.limits.maxBytes,
    maxAliasCount: context.limits.maxAliasCount,
  });
  if (resolved.errors.length) {
    descriptor.errors = resolved.errors;
    return descriptor;
  }
  return finishDocument(
    descriptor,
    resolved.value as JsonObject,
    prepared.location,
    prepared.originLocation,
    context,
    resolved.resolved > 0,
  );
}
