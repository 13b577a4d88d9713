/**
 * The parser makes its tokens with FastToken (create.ts) instead of markdown-it's Token: the same
 * tokens, field for field, in the same order, of the same class.
 */
import { describe, expect, it } from 'vitest';
import { MarkdownIt } from '../dependencies.ts';
import { createMarkdown, useFastTokens } from './create.ts';

type Token = InstanceType<typeof MarkdownIt.Token>;

const SAMPLE = [
  '# Title *em*',
  '',
  'Text with **bold**, `code`, a [link](https://example.com "t") and <span>html</span>.',
  '',
  '- one',
  '- two\n  1. nested',
  '',
  '> quote',
  '',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  '',
  '```js',
  'x = 1',
  '```',
  '',
  '    indented',
  '',
  'Term  ',
  'break https://example.org ~~no~~ ![img](a.png)',
].join('\n');

const all = (tokens: Token[]): Token[] => tokens.flatMap((t) => [t, ...all(t.children ?? [])]);

describe('FastToken', () => {
  it('makes the same tokens as markdown-it', () => {
    const plain = new MarkdownIt({ html: true, linkify: true });
    const fast = new MarkdownIt({ html: true, linkify: true });
    useFastTokens(fast);
    const expected = plain.parse(SAMPLE, {});
    const actual = fast.parse(SAMPLE, {});
    expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
    expect(all(actual).length).toBeGreaterThan(40);
    expect(fast.render(SAMPLE)).toBe(plain.render(SAMPLE));
    // Inline states: the same fields, in the same order, of the same class.
    const plainState = new plain.inline.State('*a*', plain, {}, []);
    const fastState = new fast.inline.State('*a*', fast, {}, []);
    expect(fastState).toBeInstanceOf(plain.inline.State);
    expect(Object.keys(fastState)).toEqual(Object.keys(plainState));
    expect({ ...fastState, md: null, Token: null }).toEqual({ ...plainState, md: null, Token: null });
  });

  it('makes every token of the engine as a Token with its fields in order', () => {
    const md = createMarkdown(true);
    const env = {
      toc: [],
      slots: [],
      permalink: '¶',
      links: { pagePath: 'index.md', pageUrl: '', warn: () => undefined },
    };
    const tokens = all(md.parse(`${SAMPLE}\n\n!!! note\n    body {: .x }\n`, env));
    const fields = Object.keys(new MarkdownIt.Token('text', '', 0));
    for (const token of tokens) {
      expect(token).toBeInstanceOf(MarkdownIt.Token);
      expect(Object.keys(token)).toEqual(fields);
    }
  });
});
