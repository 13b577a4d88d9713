import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTemporaryFolders, temporaryFolder, writeProject } from './docs.testing.ts';
import { buildSite, writeStaticSite } from './index.ts';

afterEach(removeTemporaryFolders);

describe('writeStaticSite', () => {
  it('lists every file it wrote once, the same list as techdocs_metadata.json, and each exists', async () => {
    const dir = await writeProject(
      {
        'mkdocs.yml': 'site_name: Listed\n',
        'docs/index.md': '# Home\n\n![diagram](img/a.svg)\n',
        'docs/guide/setup.md': '# Setup\n',
        'docs/img/a.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
      },
      'static',
    );
    const out = await temporaryFolder('static-out');
    const result = await writeStaticSite(await buildSite(dir), out);
    expect(new Set(result.files).size).toBe(result.files.length);
    expect(result.files).toEqual(
      expect.arrayContaining(['index.html', 'guide/setup/index.html', 'img/a.svg', 'techdocs_metadata.json']),
    );
    const metadata = JSON.parse(await readFile(path.join(out, 'techdocs_metadata.json'), 'utf8')) as {
      files: string[];
    };
    expect(metadata.files).toEqual(result.files);
    for (const file of result.files) await stat(path.join(out, ...file.split('/')));
  });
});
