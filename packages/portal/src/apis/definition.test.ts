import type { Entity } from '@paved/client';
import { describe, expect, it } from 'vitest';
import {
  definitionFileName,
  parseDefinition,
  readDefinition,
  shapeProblem,
  sourceLanguage,
} from './definition.ts';

const api = (spec: Record<string, unknown>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name: 'orders-api' },
  spec,
});

describe('readDefinition', () => {
  it('takes the type lower-cased and the definition as text', () => {
    expect(readDefinition(api({ type: 'OpenAPI', definition: 'openapi: 3.1.0' }))).toEqual({
      type: 'openapi',
      text: 'openapi: 3.1.0',
    });
  });

  it('keeps an inline mapping as JSON and has nothing for an empty definition', () => {
    expect(readDefinition(api({ type: 'openapi', definition: { openapi: '3.1.0' } }))?.text).toContain(
      '"openapi": "3.1.0"',
    );
    expect(readDefinition(api({ type: 'openapi', definition: '  \n' }))).toBeUndefined();
    expect(readDefinition(api({ type: 'openapi' }))).toBeUndefined();
  });
});

describe('sourceLanguage and definitionFileName', () => {
  it.each([
    ['graphql', 'type Query { a: Int }', 'graphql', 'orders-api.graphql'],
    ['grpc', 'syntax = "proto3";', 'proto', 'orders-api.proto'],
    ['openapi', '# comment\nopenapi: 3.0.0\n', 'yaml', 'orders-api.yaml'],
    ['openapi', '  {"openapi": "3.0.0"}', 'json', 'orders-api.json'],
    ['avro', 'record Order', 'text', 'orders-api.txt'],
  ])('%s %j is %s', (type, text, language, fileName) => {
    const detected = sourceLanguage({ type, text });
    expect(detected).toBe(language);
    expect(definitionFileName(api({}), detected)).toBe(fileName);
  });
});

describe('parseDefinition', () => {
  it('parses YAML and JSON', () => {
    expect(parseDefinition('a: 1')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseDefinition('{"a": [1]}')).toEqual({ ok: true, value: { a: [1] } });
  });

  it('reports the first error with its line and column, without the excerpt', () => {
    expect(parseDefinition('a: 1\nb: 2\na: 3\n')).toEqual({
      ok: false,
      message: 'Map keys must be unique',
      line: 3,
      column: 1,
    });
  });
});

describe('shapeProblem', () => {
  it('accepts OpenAPI 3, Swagger 2 and AsyncAPI documents and explains anything else', () => {
    expect(shapeProblem('openapi', { openapi: '3.1.0' })).toBeUndefined();
    expect(shapeProblem('openapi', { swagger: '2.0' })).toBeUndefined();
    expect(shapeProblem('asyncapi', { asyncapi: '3.0.0' })).toBeUndefined();
    expect(shapeProblem('openapi', { asyncapi: '3.0.0' })).toMatch(/not an OpenAPI document/);
    expect(shapeProblem('asyncapi', ['a'])).toMatch(/not a YAML or JSON mapping/);
  });
});
