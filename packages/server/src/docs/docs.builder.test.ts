/**
 * The docs builder against a real store (PGlite): an edit of one page stores that page's row and
 * the site row, leaves the other rows and the stored nav alone, and still writes everything when
 * the stored build is not the one this builder wrote last (another replica).
 */
import { appendFile, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite } from '@paved/docs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { createDocsBuilder, type DocsBuilder } from './docs.builder.ts';
import { hashDocsInputs } from './docs.inputs.ts';
import { type BuildWrite, createDocsStore, type DocsStore } from './docs.store.ts';

const REF = 'component:default/handbook';

describe('docs builder and store', () => {
  let dir: string;
  let database: TestDatabase;
  let store: DocsStore;
  let builder: DocsBuilder;
  const writes: BuildWrite[] = [];
  const stamps = new Map<string, { size: number; mtimeMs: number; ctimeMs: number; hash: string }>();

  beforeAll(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), 'paved-docs-builder-')));
    await mkdir(join(dir, 'docs', 'guides'), { recursive: true });
    await writeFile(
      join(dir, 'mkdocs.yml'),
      'site_name: Handbook\nnav:\n  - Home: index.md\n  - Setup: guides/setup.md\n  - Deploy: guides/deploy.md\n',
    );
    await writeFile(join(dir, 'docs', 'index.md'), '# Handbook\n\nWelcome.\n');
    await writeFile(join(dir, 'docs', 'guides', 'setup.md'), '# Setup\n\nInstall it.\n');
    await writeFile(join(dir, 'docs', 'guides', 'deploy.md'), '# Deploy\n\nShip it.\n');
    await writeFile(join(dir, 'docs', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    database = await createTestDatabase('pglite');
    const real = createDocsStore(database.db);
    store = {
      ...real,
      saveBuild: async (entityRef, write) => {
        writes.push(write);
        await real.saveBuild(entityRef, write);
      },
    };
    builder = createDocsBuilder({
      store,
      build: buildSite,
      log: pino({ level: 'silent' }),
      techdocsRefOf: () => 'dir:.',
      resolveSource: async () => ({ dir, root: dir, local: true }),
      hashInputs: (folder, salt) => hashDocsInputs(folder, stamps, salt),
      watch: false,
      onStored: () => {},
    });
  });

  afterAll(async () => {
    await builder?.stop();
    await database?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const navLength = async () => (await store.getSite(REF))?.nav.length;
  const lastWrite = () => writes.at(-1)!;

  it('stores the whole site on the first build', async () => {
    expect(await builder.schedule(REF, false)).toMatchObject({ result: 'built', rendered: 3 });
    expect(
      lastWrite()
        .upsertPages.map((p) => p.url)
        .sort(),
    ).toEqual(['', 'guides/deploy/', 'guides/setup/']);
    expect(lastWrite().sameAs).toBeUndefined();
    expect(await navLength()).toBe(3);
    expect((await store.getAsset(REF, 'logo.svg'))?.contentType).toBe('image/svg+xml');
  });

  it('stores only the edited page after an edit, and serves its new HTML', async () => {
    await appendFile(join(dir, 'docs', 'guides', 'setup.md'), '\nRun `make` first.\n');
    expect(await builder.schedule(REF, false)).toMatchObject({ result: 'built', rendered: 1, reused: 2 });
    expect(lastWrite().upsertPages.map((p) => p.url)).toEqual(['guides/setup/']);
    expect(lastWrite().upsertAssets).toEqual([]);
    expect(lastWrite().sameAs).toMatchObject({ nav: true, pageUrls: true, assetPaths: true });
    expect((await store.getPage(REF, 'guides/setup/'))?.html).toContain('<code>make</code>');
    // The rows not written are still there, and so is the nav that was not written again.
    expect((await store.getPage(REF, 'guides/deploy/'))?.html).toContain('Ship it.');
    expect(await navLength()).toBe(3);
    expect((await store.getAsset(REF, 'logo.svg'))?.content.byteLength).toBeGreaterThan(0);
  });

  it('builds a site queued by whoever waited for the previous build, in the same turn', async () => {
    // A job queued while the last build's waiters run must not wait for a drain that has ended.
    const second = await builder.schedule(REF, true).then(() => builder.schedule(REF, true));
    expect(second).toMatchObject({ result: 'built' });
  });

  it('builds nothing when nothing changed', async () => {
    const before = writes.length;
    expect(await builder.schedule(REF, false)).toMatchObject({ result: 'unchanged' });
    expect(writes.length).toBe(before);
  });

  it('writes the nav and removes pages again when the stored build is another writer’s', async () => {
    // Another replica stored a build since (another site hash, another nav).
    await database.db.query(`UPDATE docs_sites SET site_hash = 'elsewhere', nav = '[]'::jsonb`);
    await appendFile(join(dir, 'docs', 'guides', 'deploy.md'), '\nTwice.\n');
    await database.db.query(
      `INSERT INTO docs_pages (entity_ref, url, path, title, html, toc, headings, body, source_hash)
       VALUES ($1, 'stale/', 'stale.md', 'Stale', '<p>old</p>', '[]', '', 'old', 'x')`,
      [REF],
    );
    expect(await builder.schedule(REF, false)).toMatchObject({ result: 'built', rendered: 1 });
    expect(await navLength()).toBe(3);
    expect(await store.getPage(REF, 'stale/')).toBeUndefined();
    expect((await store.getPage(REF, 'guides/deploy/'))?.html).toContain('Twice.');
  });

  it('removes a deleted page and stores the new nav', async () => {
    await writeFile(
      join(dir, 'mkdocs.yml'),
      'site_name: Handbook\nnav:\n  - Home: index.md\n  - Setup: guides/setup.md\n',
    );
    await rm(join(dir, 'docs', 'guides', 'deploy.md'));
    expect(await builder.schedule(REF, false)).toMatchObject({ result: 'built' });
    expect(lastWrite().sameAs).toMatchObject({ nav: false, pageUrls: false });
    expect(await store.getPage(REF, 'guides/deploy/')).toBeUndefined();
    expect(await navLength()).toBe(2);
  });
});

/**
 * A one-page site in a temp folder and a builder over a fresh store; `options` replaces the
 * builder's defaults. Everything is removed afterwards.
 */
async function withBuilder(
  name: string,
  options: Partial<Parameters<typeof createDocsBuilder>[0]>,
  run: (builder: DocsBuilder, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), `paved-docs-${name}-`)));
  await mkdir(join(dir, 'docs'));
  await writeFile(join(dir, 'mkdocs.yml'), `site_name: ${name}\n`);
  await writeFile(join(dir, 'docs', 'index.md'), `# ${name}\n`);
  const database = await createTestDatabase('pglite');
  const builder = createDocsBuilder({
    store: createDocsStore(database.db),
    build: buildSite,
    log: pino({ level: 'silent' }),
    techdocsRefOf: () => 'dir:.',
    resolveSource: async () => ({ dir, root: dir, local: true }),
    hashInputs: (folder, salt) => hashDocsInputs(folder, new Map(), salt),
    watch: false,
    onStored: () => {},
    ...options,
  });
  try {
    await run(builder, dir);
  } finally {
    await builder.stop();
    await database.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('docs builder watching', () => {
  it('watches a local site once it is built, and no longer once its techdocs-ref is gone', async () => {
    let techdocsRef: string | undefined = 'dir:.';
    await withBuilder('watched', { watch: true, techdocsRefOf: () => techdocsRef }, async (builder) => {
      expect(builder.isWatched(REF)).toBe(false);
      expect(await builder.schedule(REF, false)).toMatchObject({ result: 'built' });
      // The periodic re-hash skips it: its watcher rebuilds it on edits.
      expect(builder.isWatched(REF)).toBe(true);
      techdocsRef = undefined;
      expect(await builder.schedule(REF, false)).toMatchObject({ result: 'removed' });
      expect(builder.isWatched(REF)).toBe(false);
    });
  });
});

describe('docs builder in the background', () => {
  it('lets the server go first between the builds of a long queue, and not for one edit', async () => {
    let turns = 0;
    const backgroundTurn = async () => {
      turns++;
    };
    await withBuilder('queued', { backgroundTurn }, async (builder, dir) => {
      const refs = Array.from({ length: 12 }, (_, i) => `component:default/site-${i}`);
      const outcomes = await Promise.all(refs.map((ref) => builder.schedule(ref, false)));
      expect(outcomes.map((o) => o.result)).toEqual(refs.map(() => 'built'));
      // A build after which 8 or more still wait is followed by a turn of the server.
      expect(turns).toBe(refs.length - 8);
      const before = turns;
      await appendFile(join(dir, 'docs', 'index.md'), '\nEdited.\n');
      expect(await builder.schedule(refs[0]!, false)).toMatchObject({ result: 'built' });
      expect(turns).toBe(before);
    });
  });

  it('sums up the failures of a long queue in one warning, and warns of a single failure at once', async () => {
    const lines: { msg: string; entityRef?: string; failed?: number; examples?: { entityRef: string }[] }[] =
      [];
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    await withBuilder('failing', { log }, async (builder, dir) => {
      await writeFile(join(dir, 'mkdocs.yml'), 'site_name: failing\ndocs_dir: nowhere\n');
      const refs = Array.from({ length: 12 }, (_, i) => `component:default/broken-${i}`);
      const outcomes = await Promise.all(refs.map((ref) => builder.schedule(ref, false)));
      expect(outcomes.map((o) => o.result)).toEqual(refs.map(() => 'failed'));
      await builder.idle();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ failed: 12 });
      expect(lines[0]?.msg).toContain('GET /api/docs');
      expect(lines[0]?.examples?.map((e) => e.entityRef)).toEqual(refs.slice(0, 3));

      await writeFile(join(dir, 'mkdocs.yml'), 'site_name: failing\ndocs_dir: elsewhere\n');
      expect(await builder.schedule(refs[0]!, false)).toMatchObject({ result: 'failed' });
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatchObject({
        entityRef: refs[0],
        msg: 'docs build failed; the last good build is kept',
      });
    });
  });
});
