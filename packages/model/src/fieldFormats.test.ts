import { KubernetesValidatorFunctions, makeValidator } from '@backstage/catalog-model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PATTERNS } from './catalogInfoJsonSchema.ts';
import {
  isValidAnnotationKey,
  isValidApiVersion,
  isValidKind,
  isValidLabelKey,
  isValidLabelValue,
  isValidNamespace,
  isValidObjectName,
  isValidTag,
} from './fieldFormats.ts';

const backstage = makeValidator();

/** Strings built from the characters and lengths where the rules have edges. */
const edgy = fc.oneof(
  fc.string({
    unit: fc.constantFrom('a', 'Z', '0', '-', '_', '.', '/', ':', '+', '#', ' ', 'é', '\n'),
    maxLength: 12,
  }),
  fc
    .tuple(
      fc.constantFrom(
        '',
        'a.b/',
        'x/',
        'A/',
        `${'a'.repeat(63)}.b/`,
        `${'a'.repeat(64)}.b/`,
        `${'ab.'.repeat(84)}c/`,
        `${'a.'.repeat(126)}b/`,
      ),
      fc.integer({ min: 0, max: 66 }),
      fc.constantFrom('a', 'a-', 'x.y_z', 'A'),
    )
    .map(([prefix, length, unit]) => prefix + unit.repeat(length).slice(0, length)),
);

const pairs: Array<[string, (v: unknown) => boolean, (v: unknown) => boolean]> = [
  ['apiVersion', isValidApiVersion, backstage.isValidApiVersion],
  ['kind', isValidKind, backstage.isValidKind],
  ['entity name', isValidObjectName, backstage.isValidEntityName],
  ['namespace', isValidNamespace, backstage.isValidNamespace],
  ['label key', isValidLabelKey, backstage.isValidLabelKey],
  ['label value', isValidLabelValue, backstage.isValidLabelValue],
  ['annotation key', isValidAnnotationKey, backstage.isValidAnnotationKey],
  ['tag', isValidTag, backstage.isValidTag],
];

describe('field formats', () => {
  it.each(pairs)('%s agrees with @backstage/catalog-model', (_name, ours, theirs) => {
    fc.assert(
      fc.property(edgy, (value) => {
        expect(ours(value), JSON.stringify(value)).toBe(theirs(value));
      }),
      { numRuns: 4000 },
    );
    for (const value of [undefined, null, 5, {}, []]) {
      expect(ours(value)).toBe(theirs(value));
    }
  });

  it('keeps case in names but not in namespaces', () => {
    expect(KubernetesValidatorFunctions.isValidObjectName('My_Service.v2')).toBe(true);
    expect(isValidObjectName('My_Service.v2')).toBe(true);
    expect(isValidNamespace('Shop')).toBe(false);
  });
});

describe('editor schema patterns', () => {
  const cases: Array<[string, string, (v: string) => boolean]> = [
    ['name', PATTERNS.name, isValidObjectName],
    ['namespace', PATTERNS.namespace, isValidNamespace],
    ['label and annotation keys', PATTERNS.key, isValidLabelKey],
    ['label values', PATTERNS.labelValue, isValidLabelValue],
    ['tags', PATTERNS.tag, isValidTag],
  ];

  it.each(cases)('%s: the pattern accepts exactly what the validator accepts', (_name, pattern, valid) => {
    const regex = new RegExp(pattern, 'u');
    fc.assert(
      fc.property(edgy, (value) => {
        expect(regex.test(value), JSON.stringify(value)).toBe(valid(value));
      }),
      { numRuns: 4000 },
    );
  });
});
