import { describe, expect, it } from 'vitest';
import { parseScmFileUrl } from './scm-url.ts';

describe('parseScmFileUrl', () => {
  it('reads GitHub-style blob URLs', () => {
    const u = parseScmFileUrl('https://github.com/acme/payments/blob/main/catalog-info.yaml');
    expect(u).toMatchObject({
      cloneUrl: 'https://github.com/acme/payments.git',
      ref: 'main',
      path: 'catalog-info.yaml',
    });
    expect(u.urlOf('docs/api.yaml')).toBe('https://github.com/acme/payments/blob/main/docs/api.yaml');
  });

  it('reads GitLab-style URLs with nested groups', () => {
    const u = parseScmFileUrl(
      'https://gitlab.example.com/platform/shop/cart/-/blob/v2/services/catalog-info.yaml',
    );
    expect(u).toMatchObject({
      cloneUrl: 'https://gitlab.example.com/platform/shop/cart.git',
      ref: 'v2',
      path: 'services/catalog-info.yaml',
    });
    expect(u.urlOf('x.yaml')).toBe('https://gitlab.example.com/platform/shop/cart/-/blob/v2/x.yaml');
  });

  it('takes a tree URL as the catalog-info.yaml of that folder', () => {
    expect(parseScmFileUrl('https://github.com/acme/mono/tree/main/services/cart').path).toBe(
      'services/cart/catalog-info.yaml',
    );
  });

  it('keeps globs in the path', () => {
    expect(parseScmFileUrl('https://github.com/acme/mono/blob/main/services/*/catalog-info.yaml').path).toBe(
      'services/*/catalog-info.yaml',
    );
  });

  it.each([
    ['not a url', /is not a URL/],
    ['ftp://host/a/b/blob/main/x.yaml', /must use https/],
    ['https://user:token@github.com/a/b/blob/main/x.yaml', /credentials/],
    ['https://github.com/acme/payments', /does not name a file/],
    ['https://github.com/acme/payments/blob/main', /does not name a file/],
    ['https://github.com/acme/payments/blob/main/../../etc/passwd', /does not name a file/],
  ])('refuses %s with a message saying what is accepted', (target, message) => {
    expect(() => parseScmFileUrl(target)).toThrow(message);
  });
});
