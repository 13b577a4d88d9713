import { createHash } from 'node:crypto';
import * as backstage from '@backstage/catalog-model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Entity } from './entity.ts';
import {
  buildLocationEntity,
  locationAnnotationDefaults,
  parseLocationRef,
  resolveLocationTargets,
  stringifyLocationRef,
} from './locationRef.ts';

function outcome<T>(fn: () => T): { value?: T; error?: string } {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('parseLocationRef', () => {
  it('splits on the first colon and trims', () => {
    expect(parseLocationRef('url:https://github.com/a/b/blob/main/catalog-info.yaml')).toEqual({
      type: 'url',
      target: 'https://github.com/a/b/blob/main/catalog-info.yaml',
    });
    expect(parseLocationRef(' file : /a:b ')).toEqual({ type: 'file', target: '/a:b' });
  });

  it('rejects http(s) types, javascript: targets and missing parts like Backstage', () => {
    expect(() => parseLocationRef('https://example.com')).toThrow(
      "Invalid location ref 'https://example.com', please prefix it with 'url:', e.g. 'url:https://example.com'",
    );
    expect(() => parseLocationRef('url:javascript:alert(1)')).toThrow('target is a javascript: URL');
    expect(() => parseLocationRef('url:\tjava\nscript:alert(1)')).toThrow('target is a javascript: URL');
    expect(() => parseLocationRef('nocolon')).toThrow("expected '<type>:<target>'");
    expect(() => parseLocationRef('url:')).toThrow("expected '<type>:<target>'");
  });

  it('behaves exactly as @backstage/catalog-model', () => {
    const piece = fc.constantFrom(
      'url',
      'file',
      'http',
      'https',
      ' ',
      '',
      ':',
      'javascript:',
      'JaVa\tScRiPt:',
      '\u0001',
      '/x',
      'a',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 5 }), (pieces) => {
        const ref = pieces.join('');
        expect(outcome(() => parseLocationRef(ref))).toEqual(outcome(() => backstage.parseLocationRef(ref)));
        const spec = { type: pieces[0] ?? '', target: pieces.slice(1).join('') };
        expect(outcome(() => stringifyLocationRef(spec))).toEqual(
          outcome(() => backstage.stringifyLocationRef(spec)),
        );
      }),
      { numRuns: 3000 },
    );
  });
});

describe('buildLocationEntity', () => {
  it('builds the Location Backstage generates for a registered location', () => {
    const location = { type: 'url', target: 'https://github.com/acme/catalog/blob/main/all.yaml' };
    const hash = createHash('sha1').update(`url:${location.target}`).digest('hex');
    expect(buildLocationEntity(location)).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: {
        name: `generated-${hash}`,
        annotations: {
          'backstage.io/managed-by-location': `url:${location.target}`,
          'backstage.io/managed-by-origin-location': `url:${location.target}`,
        },
      },
      spec: { type: 'url', target: location.target },
    });
    expect(buildLocationEntity({ ...location, presence: 'optional' }).spec).toEqual({
      ...location,
      presence: 'optional',
    });
  });
});

describe('resolveLocationTargets', () => {
  const location = (spec: Record<string, unknown>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name: 'l' },
    spec,
  });
  const fileBase = { type: 'file', target: '/repo/catalog/all.yaml' };
  const urlBase = { type: 'url', target: 'https://github.com/acme/catalog/blob/main/dir/all.yaml' };

  it('joins relative file targets onto the directory of the file, leaving others as they are', () => {
    expect(
      resolveLocationTargets(
        location({ target: './a.yaml', targets: ['../b/*.yaml', 'c.yaml', '/d.yaml'] }),
        fileBase,
      ),
    ).toEqual({
      targets: [
        { type: 'file', target: '/repo/catalog/a.yaml', presence: 'required' },
        { type: 'file', target: '/repo/b/*.yaml', presence: 'required' },
        { type: 'file', target: 'c.yaml', presence: 'required' },
        { type: 'file', target: '/d.yaml', presence: 'required' },
      ],
      errors: [],
    });
  });

  it('resolves url targets like the GitHub integration', () => {
    expect(
      resolveLocationTargets(
        location({
          targets: ['./x/catalog-info.yaml', '/root.yaml', 'https://gitlab.com/o/r/-/blob/main/a.yaml'],
        }),
        urlBase,
      ).targets,
    ).toEqual([
      {
        type: 'url',
        target: 'https://github.com/acme/catalog/tree/main/dir/x/catalog-info.yaml',
        presence: 'required',
      },
      { type: 'url', target: 'https://github.com/acme/catalog/tree/main/root.yaml', presence: 'required' },
      { type: 'url', target: 'https://gitlab.com/o/r/-/blob/main/a.yaml', presence: 'required' },
    ]);
  });

  it('lets a file Location switch to url but not a url Location to file', () => {
    expect(
      resolveLocationTargets(location({ type: 'url', target: 'https://example.com/a.yaml' }), fileBase),
    ).toEqual({
      targets: [{ type: 'url', target: 'https://example.com/a.yaml', presence: 'required' }],
      errors: [],
    });
    const refused = resolveLocationTargets(location({ type: 'file', target: '/etc/passwd' }), urlBase);
    expect(refused.targets).toEqual([]);
    expect(refused.errors[0]?.message).toMatch(/^Registered locations must be of an allowed type \["url"\]/);
  });

  it('rejects a file target that ends with a path separator', () => {
    const result = resolveLocationTargets(
      location({ targets: ['./ok.yaml', './folder/'], presence: 'optional' }),
      fileBase,
    );
    expect(result.targets).toEqual([{ type: 'file', target: '/repo/catalog/ok.yaml', presence: 'optional' }]);
    expect(result.errors).toEqual([expect.objectContaining({ path: 'spec.targets.1', rule: 'location' })]);
  });
});

describe('locationAnnotationDefaults', () => {
  it('adds view, edit and source for known hosts, not for commit-pinned or unknown ones', () => {
    const pinned = 'https://github.com/a/b/blob/0123456789abcdef0123456789abcdef01234567/catalog-info.yaml';
    expect(
      locationAnnotationDefaults({ type: 'url', target: pinned }, { type: 'url', target: pinned }),
    ).toEqual({
      'backstage.io/managed-by-location': `url:${pinned}`,
      'backstage.io/managed-by-origin-location': `url:${pinned}`,
      'backstage.io/view-url': pinned,
      'backstage.io/source-location':
        'url:https://github.com/a/b/tree/0123456789abcdef0123456789abcdef01234567/',
    });
    const other = 'https://git.example.com/a/b/catalog-info.yaml';
    expect(
      Object.keys(locationAnnotationDefaults({ type: 'url', target: other }, { type: 'url', target: other })),
    ).toEqual([
      'backstage.io/managed-by-location',
      'backstage.io/managed-by-origin-location',
      'backstage.io/view-url',
    ]);
    const gitlab = 'https://gitlab.com/g/sub/r/-/blob/main/catalog-info.yaml';
    expect(
      locationAnnotationDefaults({ type: 'url', target: gitlab }, { type: 'url', target: gitlab })[
        'backstage.io/edit-url'
      ],
    ).toBe('https://gitlab.com/g/sub/r/-/edit/main/catalog-info.yaml');
  });
});
