import { describe, expect, it } from 'vitest';
import { validateEntityObject } from './validateEntity.ts';

const location = { type: 'url', target: 'https://github.com/acme/shop/blob/main/catalog-info.yaml' };

const component = (metadata: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', ...metadata },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a', ...spec },
});

describe('validateEntityObject (POST /validate-entity)', () => {
  it('returns the processed entity and its relations, without positions', () => {
    const result = validateEntityObject(component({}, { providesApis: ['b', 'a'] }), { location });
    expect(result.errors).toEqual([]);
    expect(result.entity?.metadata.namespace).toBe('default');
    expect(result.entity?.spec?.providesApis).toEqual(['a', 'b']);
    expect(result.entity?.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': `url:${location.target}`,
      'backstage.io/managed-by-origin-location': `url:${location.target}`,
      'backstage.io/view-url': location.target,
    });
    expect(result.relations).toHaveLength(6);
  });

  it('lets the entity keep its own managed-by annotations, as the route does', () => {
    const result = validateEntityObject(
      component({
        annotations: { 'backstage.io/managed-by-location': 'url:https://elsewhere.example/x.yaml' },
      }),
      { location },
    );
    expect(result.entity?.metadata.annotations?.['backstage.io/managed-by-location']).toBe(
      'url:https://elsewhere.example/x.yaml',
    );
    const broken = validateEntityObject(
      component({ annotations: { 'backstage.io/managed-by-location': 'nocolon' } }),
      {
        location,
      },
    );
    expect(broken.errors[0]).toMatchObject({
      path: 'metadata.annotations.backstage.io/managed-by-location',
      message: expect.stringContaining("expected '<type>:<target>'"),
    });
  });

  it('reports envelope problems first and stops there', () => {
    const result = validateEntityObject({ kind: 'Component', metadata: {} }, { location });
    expect(result.entity).toBeUndefined();
    expect(result.errors.map((e) => e.path)).toEqual(['apiVersion', 'metadata.name']);
    expect(result.errors.every((e) => e.rule === 'envelope' && e.line === undefined)).toBe(true);
    expect(validateEntityObject('not an entity', { location }).errors[0]?.message).toBe(
      'Entity envelope failed validation: <root> must be object, found the string "not an entity"; expected a mapping',
    );
  });

  it('lists every independent problem in one pass, the one Backstage reports first', () => {
    const result = validateEntityObject(
      component({ name: 'Bad Name', tags: ['UPPER'] }, { owner: undefined }),
      {
        location,
      },
    );
    expect(result.errors.map((e) => [e.rule, e.path])).toEqual([
      ['field-format', 'metadata.name'],
      ['field-format', 'metadata.tags.0'],
      ['kind-schema', 'spec.owner'],
    ]);
  });

  it('says that placeholders are not read here', () => {
    const result = validateEntityObject(component({}, { definition: { $text: './openapi.yaml' } }), {
      location,
    });
    expect(result.errors).toEqual([
      expect.objectContaining({
        rule: 'placeholder',
        path: 'spec.definition',
        message: expect.stringContaining('$text is not resolved'),
      }),
    ]);
  });

  it('does not modify its input', () => {
    const input = component({}, { dependsOn: ['resource:z', 'resource:a'] });
    const copy = structuredClone(input);
    validateEntityObject(input, { location });
    expect(input).toEqual(copy);
  });
});
