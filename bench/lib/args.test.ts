import { describe, expect, it } from 'vitest';
import { parseCatalogBenchArgs } from './args.ts';

describe('parseCatalogBenchArgs', () => {
  it('defaults to 100k entities, 10 s runs and both stores', () => {
    expect(parseCatalogBenchArgs([])).toEqual({
      entities: 100_000,
      durationSeconds: 10,
      warmupSeconds: 1,
      stores: ['embedded', 'postgres'],
      catalogDir: undefined,
      keep: false,
      ingestTimeoutSeconds: 1800,
      server: undefined,
    });
  });

  it('reads every flag', () => {
    const options = parseCatalogBenchArgs([
      '--entities',
      '2000',
      '--duration',
      '2.5',
      '--warmup',
      '0',
      '--stores',
      'postgres',
      '--catalog-dir',
      '/tmp/c',
      '--keep',
      '--ingest-timeout',
      '60',
    ]);
    expect(options).toMatchObject({
      entities: 2000,
      durationSeconds: 2.5,
      warmupSeconds: 0,
      stores: ['postgres'],
      catalogDir: '/tmp/c',
      keep: true,
      ingestTimeoutSeconds: 60,
    });
  });

  it('measures stores in the documented order, once each', () => {
    expect(parseCatalogBenchArgs(['--stores', 'postgres,embedded,postgres']).stores).toEqual([
      'embedded',
      'postgres',
    ]);
  });

  it.each([
    [['--entities', 'many']],
    [['--entities', '10.5']],
    [['--entities', '10']],
    [['--duration', '0']],
    [['--duration', '-1']],
    [['--stores', 'sqlite']],
    [['--stores', '']],
    [['--bogus']],
    [['positional']],
  ])('rejects %j', (argv) => {
    expect(() => parseCatalogBenchArgs(argv)).toThrow();
  });
});
