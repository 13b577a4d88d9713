import * as backstage from '@backstage/catalog-model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCompoundEntityRef, parseEntityRef, stringifyEntityRef } from './entityRef.ts';
import { InputError } from './errors.ts';

/** Runs a function and captures its result or error message, to compare two implementations. */
function outcome<T>(fn: () => T): { value?: T; error?: string } {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const refPart = fc.constantFrom('', 'a', 'Component', 'ns', 'x:y', 'a/b', ' ', 'é');
const refString = fc.oneof(
  fc
    .tuple(refPart, fc.constantFrom('', ':'), refPart, fc.constantFrom('', '/'), refPart)
    .map((parts) => parts.join('')),
  fc.string({ unit: fc.constantFrom('a', 'B', ':', '/', ' ', '-'), maxLength: 8 }),
);
const context = fc.record(
  {
    defaultKind: fc.constantFrom('Group', 'API', ''),
    defaultNamespace: fc.constantFrom('default', 'other', ''),
  },
  { requiredKeys: [] },
);

describe('parseEntityRef', () => {
  it('parses the documented forms', () => {
    expect(parseEntityRef('component:ns/name')).toEqual({ kind: 'component', namespace: 'ns', name: 'name' });
    expect(parseEntityRef('name', { defaultKind: 'Group', defaultNamespace: 'team' })).toEqual({
      kind: 'Group',
      namespace: 'team',
      name: 'name',
    });
    expect(parseEntityRef('a/b/c', { defaultKind: 'K' })).toEqual({ kind: 'K', namespace: 'a', name: 'b/c' });
    expect(parseEntityRef('a:b:c')).toEqual({ kind: 'a', namespace: 'default', name: 'b:c' });
    expect(parseEntityRef('ns/a:b', { defaultKind: 'K' })).toEqual({
      kind: 'K',
      namespace: 'ns',
      name: 'a:b',
    });
    expect(parseEntityRef({ kind: 'API', name: 'x' })).toEqual({
      kind: 'API',
      namespace: 'default',
      name: 'x',
    });
  });

  it('throws InputError with Backstage messages', () => {
    expect(() => parseEntityRef(':foo')).toThrow(
      new InputError('Entity reference ":foo" was not on the form [<kind>:][<namespace>/]<name>'),
    );
    expect(() => parseEntityRef('foo')).toThrow(
      'Entity reference "foo" had missing or empty kind (e.g. did not start with "component:" or similar)',
    );
    expect(() => parseEntityRef('')).toThrow('Entity reference must not be empty');
    expect(() => parseEntityRef('ns/')).toThrow(InputError);
  });

  it('behaves exactly as @backstage/catalog-model on any string and context', () => {
    fc.assert(
      fc.property(refString, context, (ref, ctx) => {
        expect(outcome(() => parseEntityRef(ref, ctx))).toEqual(
          outcome(() => backstage.parseEntityRef(ref, ctx)),
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('behaves exactly as @backstage/catalog-model on compound references', () => {
    const part = fc.option(fc.constantFrom('', 'a', 'B'), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({ kind: part, namespace: part, name: fc.constantFrom('', 'n') }),
        context,
        (ref, ctx) => {
          const compound = ref as { kind?: string; namespace?: string; name: string };
          expect(outcome(() => parseEntityRef(compound, ctx))).toEqual(
            outcome(() => backstage.parseEntityRef(compound, ctx)),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('stringifyEntityRef', () => {
  it('lower-cases all three parts and defaults the namespace', () => {
    expect(stringifyEntityRef({ kind: 'Component', name: 'MyService' })).toBe('component:default/myservice');
    expect(stringifyEntityRef({ kind: 'API', namespace: 'Shop', name: 'X' })).toBe('api:shop/x');
    expect(
      stringifyEntityRef({ apiVersion: 'v1', kind: 'Group', metadata: { name: 'Team', namespace: 'Org' } }),
    ).toBe('group:org/team');
  });

  it('agrees with @backstage/catalog-model', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.option(fc.string(), { nil: undefined }),
        fc.string(),
        (kind, namespace, name) => {
          expect(stringifyEntityRef({ kind, namespace, name })).toBe(
            backstage.stringifyEntityRef({ kind, namespace, name }),
          );
        },
      ),
    );
  });

  it('getCompoundEntityRef treats an empty namespace as default', () => {
    expect(
      getCompoundEntityRef({ apiVersion: 'v1', kind: 'K', metadata: { name: 'n', namespace: '' } }),
    ).toEqual({
      kind: 'K',
      namespace: 'default',
      name: 'n',
    });
  });
});
