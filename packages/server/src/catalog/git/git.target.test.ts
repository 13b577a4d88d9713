import { InputError } from '@paved/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGitTarget } from './git.target.ts';

describe('parseGitTarget', () => {
  it.each([
    [
      'file:///srv/git/shop.git#main:services/*/catalog-info.yaml',
      { url: 'file:///srv/git/shop.git', ref: 'main', path: 'services/*/catalog-info.yaml' },
    ],
    [
      'https://git.example.com/org/repo.git#v1.2:catalog-info.yaml',
      { url: 'https://git.example.com/org/repo.git', ref: 'v1.2', path: 'catalog-info.yaml' },
    ],
    [
      'https://git.example.com/org/repo.git',
      { url: 'https://git.example.com/org/repo.git', path: 'catalog-info.yaml' },
    ],
    [
      'https://git.example.com/org/repo.git#main',
      { url: 'https://git.example.com/org/repo.git', ref: 'main', path: 'catalog-info.yaml' },
    ],
    [
      'git@git.example.com:org/repo.git#:docs/catalog-info.yaml',
      { url: 'git@git.example.com:org/repo.git', path: 'docs/catalog-info.yaml' },
    ],
    [
      'ssh://git@git.example.com:2222/org/repo.git#release/1.x:a/{b,c}/*.yaml',
      { url: 'ssh://git@git.example.com:2222/org/repo.git', ref: 'release/1.x', path: 'a/{b,c}/*.yaml' },
    ],
    [
      'git://git.example.com/repo#refs/heads/main:catalog-info.yaml',
      { url: 'git://git.example.com/repo', ref: 'refs/heads/main', path: 'catalog-info.yaml' },
    ],
    ['http://[::1]:8080/repo.git', { url: 'http://[::1]:8080/repo.git', path: 'catalog-info.yaml' }],
    ['  https://h/r.git#dev  ', { url: 'https://h/r.git', ref: 'dev', path: 'catalog-info.yaml' }],
    // The fragment is what follows the last `#`: a URL may contain one.
    [
      'file:///srv/git/c#sharp.git#main:x.yaml',
      { url: 'file:///srv/git/c#sharp.git', ref: 'main', path: 'x.yaml' },
    ],
  ])('accepts %s', (target, expected) => {
    expect(parseGitTarget(target)).toEqual(expected);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['-upload-pack=touch /tmp/pwned', /may not start with "-"/],
    ['--upload-pack=touch /tmp/pwned#main', /may not start with "-"/],
    ['-oProxyCommand=touch /tmp/pwned@host:repo.git', /may not start with "-"/],
    ['ext::sh -c touch% /tmp/pwned', /remote helper "ext::"/],
    ['ext::sh#main', /remote helper "ext::"/],
    ['fd::17', /remote helper "fd::"/],
    ['custom+helper::whatever', /remote helper/],
    ['ftp://host/repo.git', /protocol "ftp:\/\/" is refused/],
    ['HTTPS://host/repo.git', /protocol "HTTPS:\/\/" is refused/],
    ['/srv/git/shop.git', /not a clone URL/],
    ['shop.git', /not a clone URL/],
    ['file://otherhost/srv/repo.git', /names no host/],
    ['file:///', /names no repository/],
    ['ssh://-oProxyCommand=touch%20x/repo.git', /host name may not start with "-"/],
    ['ssh://-oProxyCommand@host/repo.git', /user name may not start with "-"/],
    ['git@-oProxyCommand=x:repo.git', /host name may not start with "-"/],
    ['git@host:-repo.git', /repository path may not start with "-"/],
    ['https://host/repo.git\n#main', /spaces or control characters/],
    ['https://host/re po.git', /spaces or control characters/],
    ['https://host/repo.git#', /nothing follows "#"/],
    ['https://host/repo.git#main:', /path after ":" is empty/],
    ['https://host/repo.git#-b:x.yaml', /not a valid ref/],
    ['https://host/repo.git#--upload-pack=x', /not a valid ref/],
    ['https://host/repo.git#+main', /not a valid ref/],
    ['https://host/repo.git#a..b', /not a valid ref/],
    ['https://host/repo.git#ma in', /spaces or control characters|not a valid ref/],
    ['https://host/repo.git#main.lock', /not a valid ref/],
    ['https://host/repo.git#x@{1}', /not a valid ref/],
    ['https://host/repo.git#main:../secret.yaml', /may not contain "\.\."/],
    ['https://host/repo.git#main:a/../../secret.yaml', /may not contain "\.\."/],
    ['https://host/repo.git#main:/etc/passwd', /must be relative/],
    ['https://host/repo.git#main:{..,x}/secret.yaml', /may not contain "\.\."/],
    ['https://host/repo.git#main:{/,x}etc/passwd', /must be relative/],
    ['https://host/repo.git#main:!catalog-info.yaml', /negated/],
  ])('refuses %j', (target, reason) => {
    expect(() => parseGitTarget(target)).toThrow(InputError);
    expect(() => parseGitTarget(target)).toThrow(reason);
  });

  it('names the accepted form in its errors', () => {
    expect(() => parseGitTarget('/srv/git/shop.git')).toThrow(
      /https:\/\/, http:\/\/, ssh:\/\/, git:\/\/ or file:\/\/\//,
    );
    expect(() => parseGitTarget('https://h/r.git#main:')).toThrow(
      /<clone-url>\[#\[<ref>\]\[:<path-or-glob>\]\]/,
    );
  });

  it('redacts credentials when it quotes a target', () => {
    let message = '';
    try {
      parseGitTarget('https://user:s3cret@host/repo.git#a..b');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('https://***@host/repo.git');
    expect(message).not.toContain('s3cret');
  });

  it('never yields a URL, ref or path git or the file system could misread', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        fc.constantFrom('', '#', '#main:', ':', '-', 'ext::', '../'),
        (a, b) => {
          for (const target of [a, `${b}${a}`, `https://h/r.git#${b}${a}`, `git@h:r#${a}`]) {
            let parsed: ReturnType<typeof parseGitTarget>;
            try {
              parsed = parseGitTarget(target);
            } catch (error) {
              expect(error).toBeInstanceOf(InputError);
              continue;
            }
            expect(parsed.url.startsWith('-')).toBe(false);
            expect(parsed.url).not.toMatch(/^[A-Za-z0-9+.-]+::/);
            expect(parsed.ref?.startsWith('-') ?? false).toBe(false);
            expect(parsed.path.split('/')).not.toContain('..');
            expect(parsed.path.startsWith('/')).toBe(false);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
