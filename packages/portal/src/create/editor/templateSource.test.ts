import { describe, expect, it } from 'vitest';
import {
  decodeText,
  encodeBase64,
  parseMapping,
  readTemplateFolder,
  templateSteps,
} from './templateSource.ts';

describe('parseMapping', () => {
  it('says where YAML is broken, by line and column', () => {
    const parsed = parseMapping('kind: Template\nmetadata:\n  name: [x\n', 'The template');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.line).toBeGreaterThanOrEqual(3);
    expect(parsed.error.column).toBeGreaterThan(0);
    expect(parsed.error.message).not.toBe('');
  });

  it('accepts JSON and empty text, refuses a list', () => {
    expect(parseMapping('{"name": "x"}', 'Values')).toEqual({ ok: true, value: { name: 'x' } });
    expect(parseMapping('', 'Values')).toEqual({ ok: true, value: {} });
    expect(parseMapping('- a', 'Values').ok).toBe(false);
  });
});

describe('templateSteps', () => {
  it('makes the form pages of one page or many, as the server does', () => {
    expect(templateSteps({ spec: { parameters: { properties: {} } } })).toEqual([
      { title: 'Please enter the following information', schema: { properties: {} } },
    ]);
    const pages = templateSteps({ spec: { parameters: [{ title: 'A', description: 'd' }, { title: 'B' }] } });
    expect(pages.map((p) => [p.title, p.description])).toEqual([
      ['A', 'd'],
      ['B', undefined],
    ]);
  });
});

describe('files', () => {
  it('decodes text, and says binary for the rest', () => {
    expect(decodeText(encodeBase64(new TextEncoder().encode('héllo')))).toEqual({ text: 'héllo', size: 6 });
    expect(decodeText(encodeBase64(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1])))).toEqual({ size: 6 });
  });

  it('reads a template folder: template.yaml apart, the other files relative to it, .git left out', async () => {
    const file = (path: string, text: string) => {
      const f = new File([text], path.split('/').pop() as string);
      Object.defineProperty(f, 'webkitRelativePath', { value: path });
      return f;
    };
    const folder = await readTemplateFolder([
      file('hello/template.yaml', 'kind: Template'),
      file('hello/skeleton/README.md', '# hi'),
      file('hello/.git/HEAD', 'ref'),
      file('hello/docs/template.yaml', 'not this one'),
    ]);
    expect(folder?.templateYaml).toBe('kind: Template');
    expect(folder?.files.map((f) => f.path).sort()).toEqual(['docs/template.yaml', 'skeleton/README.md']);
    expect(atob(folder?.files.find((f) => f.path === 'skeleton/README.md')?.base64Content ?? '')).toBe(
      '# hi',
    );
    expect(await readTemplateFolder([file('x/readme.md', '')])).toBeUndefined();
  });
});
