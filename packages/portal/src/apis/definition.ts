import type { Entity } from '@paved/client';
import { parse, YAMLParseError } from 'yaml';

/** The languages the source view highlights (see code/highlighter.ts). */
export type SourceLanguage = 'yaml' | 'json' | 'graphql' | 'proto' | 'text';

/** An API entity's `spec.type` (lower-cased) and `spec.definition` (the catalog resolved `$text`). */
export interface ApiDefinition {
  type: string;
  text: string;
}

/** The definition of an API entity, or undefined when it has none worth showing. */
export function readDefinition(entity: Entity): ApiDefinition | undefined {
  const spec = entity.spec ?? {};
  const type = typeof spec.type === 'string' && spec.type.trim() ? spec.type.trim().toLowerCase() : 'unknown';
  const definition = spec.definition;
  // Backstage wants a string; a mapping written inline in catalog-info.yaml is shown as JSON rather than lost.
  const text =
    typeof definition === 'string'
      ? definition
      : definition && typeof definition === 'object'
        ? JSON.stringify(definition, null, 2)
        : '';
  return text.trim() ? { type, text } : undefined;
}

/** How people write the type's name. */
export function typeLabel(type: string): string {
  const labels: Record<string, string> = {
    openapi: 'OpenAPI',
    asyncapi: 'AsyncAPI',
    graphql: 'GraphQL',
    grpc: 'gRPC',
  };
  return labels[type] ?? type;
}

/** The language to highlight a definition's source in: by type, else guessed from the text. */
export function sourceLanguage(definition: ApiDefinition): SourceLanguage {
  if (definition.type === 'graphql') return 'graphql';
  if (definition.type === 'grpc') return 'proto';
  const text = definition.text.trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  const firstLine = text.split('\n').find((line) => line.trim() && !line.trimStart().startsWith('#')) ?? '';
  return /^(---|- |[\w"'$./-][^:\n]*:(\s|$))/.test(firstLine) ? 'yaml' : 'text';
}

const extensions: Record<SourceLanguage, string> = {
  yaml: 'yaml',
  json: 'json',
  graphql: 'graphql',
  proto: 'proto',
  text: 'txt',
};

/** The file name a download of the definition gets: the entity's name and the source's extension. */
export function definitionFileName(entity: Entity, language: SourceLanguage): string {
  return `${entity.metadata.name}.${extensions[language]}`;
}

/** A parsed YAML or JSON definition, or why it could not be parsed (line and column 1-based). */
export type ParsedDefinition =
  | { ok: true; value: unknown }
  | { ok: false; message: string; line?: number; column?: number };

/**
 * Parses a YAML or JSON definition (JSON is YAML). Never throws: a parse error comes back with the
 * position the `yaml` package reports. Aliases are capped by the package, so a "billion laughs"
 * document cannot exhaust the tab.
 */
export function parseDefinition(text: string): ParsedDefinition {
  try {
    return { ok: true, value: parse(text) };
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const position = error.linePos?.[0];
      // The package appends " at line L, column C:" and an excerpt; the position is shown on its own.
      const message = error.message.split(/ at line \d+, column \d+/)[0] ?? error.message;
      return { ok: false, message, line: position?.line, column: position?.col };
    }
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** The document's top-level mapping, if it is one. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Why a parsed document is not of the expected kind, or undefined when it is. */
export function shapeProblem(type: 'openapi' | 'asyncapi', value: unknown): string | undefined {
  const document = asRecord(value);
  if (!document) return 'The definition is not a YAML or JSON mapping.';
  if (type === 'openapi') {
    return typeof document.openapi === 'string' || typeof document.swagger === 'string'
      ? undefined
      : 'The definition has no "openapi" (or "swagger") version field, so it is not an OpenAPI document.';
  }
  return typeof document.asyncapi === 'string'
    ? undefined
    : 'The definition has no "asyncapi" version field, so it is not an AsyncAPI document.';
}
