import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParsePool, defaultWorkers } from './parse-pool.ts';

const descriptor = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: pooled
spec:
  type: service
  lifecycle: production
  owner: team-a
`;

describe('parse pool', () => {
  it('starts a parser per core but one, and two on two cores; one on a single core', () => {
    expect([1, 2, 3, 4, 8].map(defaultWorkers)).toEqual([1, 2, 2, 3, 7]);
  });

  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paved-pool-'));
    path = join(dir, 'catalog-info.yaml');
    await writeFile(path, descriptor);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const job = () => ({
    path,
    location: { type: 'file', target: path },
    originLocation: { type: 'file', target: path },
    sourceRoot: dir,
    knownHash: null,
    knownDependencies: [],
  });

  it('parses on a worker thread, and again after idle workers were released', async () => {
    const pool = createParsePool({ workers: 1, idleMs: 50 });
    try {
      const first = await pool.read(job());
      expect(first.status).toBe('parsed');
      if (first.status === 'parsed') expect(first.file.documents[0]?.ref).toBe('component:default/pooled');
      await new Promise((r) => setTimeout(r, 300));
      const second = await pool.read(job());
      expect(second.status).toBe('parsed');
      if (first.status === 'parsed' && second.status === 'parsed') expect(second.hash).toBe(first.hash);
    } finally {
      await pool.close();
    }
  });

  it('answers unchanged for a file whose hash is known, without parsing it', async () => {
    const pool = createParsePool({ workers: 1 });
    try {
      const first = await pool.read(job());
      if (first.status !== 'parsed') throw new Error(`expected parsed, got ${first.status}`);
      const again = await pool.read({ ...job(), knownHash: first.hash });
      expect(again).toEqual({ status: 'unchanged', hash: first.hash });
    } finally {
      await pool.close();
    }
  });

  it('spreads concurrent reads and answers every one', async () => {
    const pool = createParsePool({ workers: 2 });
    try {
      const results = await Promise.all(Array.from({ length: 40 }, () => pool.read(job())));
      expect(results.every((r) => r.status === 'parsed')).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
