import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ReadDescriptorJob, readDescriptor } from './read-descriptor.ts';

const root = mkdtempSync(join(tmpdir(), 'paved-read-descriptor-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function job(path: string, knownHash: string | null = null): ReadDescriptorJob {
  return {
    path,
    location: { type: 'file', target: path },
    originLocation: { type: 'file', target: path },
    sourceRoot: root,
    knownHash,
    knownDependencies: [],
  };
}

describe('readDescriptor', () => {
  it('refuses a FIFO named like a descriptor at once instead of waiting for a writer', async () => {
    const fifo = join(root, 'fifo-catalog-info.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(await readDescriptor(job(fifo))).toEqual({
      status: 'unreadable',
      message: `${fifo} is not a file`,
    });
  });

  it('tells a missing file from a folder', async () => {
    const folder = join(root, 'folder.yaml');
    mkdirSync(folder);
    expect(await readDescriptor(job(join(root, 'nope.yaml')))).toEqual({
      status: 'missing',
      message: `${join(root, 'nope.yaml')} does not exist`,
    });
    expect(await readDescriptor(job(folder))).toEqual({
      status: 'unreadable',
      message: `${folder} is not a file`,
    });
  });

  it('keeps what ingestion stores: the entity and the relations it emits, not the document as parsed', async () => {
    const path = join(root, 'catalog-info.yaml');
    writeFileSync(
      path,
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n',
    );
    const first = await readDescriptor(job(path));
    if (first.status !== 'parsed') throw new Error(`expected parsed, got ${first.status}`);
    const [document] = first.file.documents;
    expect(document?.raw).toBeUndefined();
    expect(document?.entity?.metadata.name).toBe('svc');
    // The processor emits both directions; the store keeps each pair once, from its source.
    expect(document?.relations).toEqual([
      { type: 'ownedBy', sourceRef: 'component:default/svc', targetRef: 'group:default/team-a' },
    ]);
    // The hash taken on a first read is the one a later read compares with.
    expect(await readDescriptor(job(path, first.hash))).toEqual({ status: 'unchanged', hash: first.hash });
  });
});
