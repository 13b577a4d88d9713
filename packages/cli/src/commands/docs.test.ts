import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { PreviewServer } from '@paved/docs';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from './cli.testing.ts';
import { runDocs } from './docs.ts';

const fixtures = fileURLToPath(new URL('../../../docs/test/fixtures/', import.meta.url));
const temporary: string[] = [];
afterEach(async () => {
  for (const dir of temporary.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function workspace(fixture?: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'paved-cli-docs-'));
  temporary.push(dir);
  if (fixture) await cp(path.join(fixtures, fixture), path.join(dir, fixture), { recursive: true });
  return dir;
}

function capture(cwd: string, extra: { until?: Promise<void>; onServe?: (s: PreviewServer) => void } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  return {
    io: { stdout, stderr, isTTY: false, cwd, ...extra },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('paved docs build', () => {
  it('writes one index.html per page, assets, the stylesheet and the TechDocs metadata', async () => {
    const cwd = await workspace('techdocs');
    const { io, out, err } = capture(cwd);
    const code = await runDocs(['build', 'techdocs', '--out', 'site'], io);
    expect(code).toBe(0);
    expect(out()).toMatch(/^Built Checkout service: 5 pages, 1 asset into site in \d+ ms, 3 warnings\n$/);
    expect(err()).toBe(
      [
        'techdocs/mkdocs.yml:11:9: nav entry "Missing" points to guides/missing.md, which is not a page in the docs folder',
        'techdocs/docs/guides/setup.md:9:1: link nowhere.md points to guides/nowhere.md, which is not a page of this site',
        'techdocs/docs/guides/setup.md:9:1: link ../../../secret.md leads outside the docs folder; removed',
        '',
      ].join('\n'),
    );
    const page = await readFile(path.join(cwd, 'site/guides/setup/index.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<link rel="stylesheet" href="../../_paved/docs.css">');
    expect(page).toContain('<a href="../../guides/deploy/">Deploying</a>');
    expect(page).toContain('<a href="../../guides/setup/" aria-current="page">Setup</a>');
    expect(page).toContain(
      '<a href="https://status.example.com" rel="noopener" class="nav-external">Status page</a>',
    );
    expect(page).toContain('Edit this page');
    expect(page).not.toContain('<script');
    await stat(path.join(cwd, 'site/index.html'));
    await stat(path.join(cwd, 'site/img/arch.svg'));
    const css = await readFile(path.join(cwd, 'site/_paved/docs.css'), 'utf8');
    expect(css).toContain('prefers-color-scheme:dark');
    const search = JSON.parse(await readFile(path.join(cwd, 'site/search/search_index.json'), 'utf8')) as {
      docs: { location: string; title: string }[];
    };
    expect(search.docs[1]).toMatchObject({ location: 'guides/setup/', title: 'Setup' });
    const metadata = JSON.parse(await readFile(path.join(cwd, 'site/techdocs_metadata.json'), 'utf8')) as {
      site_name: string;
      files: string[];
    };
    expect(metadata.site_name).toBe('Checkout service');
    expect(metadata.files).toContain('guides/setup/index.html');
  });

  it('exits 1 with --strict when there are warnings', async () => {
    const cwd = await workspace('techdocs');
    const { io } = capture(cwd);
    expect(await runDocs(['build', 'techdocs', '--out', 'site', '--strict'], io)).toBe(1);
    const clean = await workspace('handbook');
    expect(await runDocs(['build', 'handbook', '--out', 'site', '--strict'], capture(clean).io)).toBe(0);
  });

  it('exits 1 on a config error, naming file, line and column', async () => {
    const cwd = await workspace();
    await writeFile(path.join(cwd, 'mkdocs.yml'), 'site_name: x\nnav: [\n');
    const { io, err } = capture(cwd);
    expect(await runDocs(['build', '.', '--out', 'site'], io)).toBe(1);
    expect(err()).toMatch(/^mkdocs\.yml:\d+:\d+: error: mkdocs\.yml is not valid YAML/);
  });

  it('refuses an output folder inside the docs folder, and wrong command lines', async () => {
    const cwd = await workspace('handbook');
    const { io, err } = capture(cwd);
    expect(await runDocs(['build', 'handbook', '--out', 'handbook/docs/site'], io)).toBe(1);
    expect(err()).toMatch(/must not hold or be inside the docs folder/);
    expect(await runDocs(['build', 'handbook'], capture(cwd).io)).toBe(2);
    expect(await runDocs(['build', 'handbook', '--out', 'x', '--nope'], capture(cwd).io)).toBe(2);
    expect(await runDocs(['publish'], capture(cwd).io)).toBe(2);
    expect(await runDocs([], capture(cwd).io)).toBe(2);
  });

  it('builds the same site through the executable (its bundle of the sources, its highlight worker)', async () => {
    const cwd = await workspace('handbook');
    await cp(path.join(fixtures, 'techdocs'), path.join(cwd, 'techdocs'), { recursive: true });
    for (const fixture of ['handbook', 'techdocs']) {
      const inProcess = capture(cwd);
      expect(await runDocs(['build', fixture, '--out', `${fixture}-here`], inProcess.io)).toBe(0);
      const run = spawnSync(process.execPath, [BIN, 'docs', 'build', fixture, '--out', `${fixture}-bin`], {
        cwd,
        encoding: 'utf8',
      });
      // The same warnings, in the same order.
      expect(run.stderr).toBe(inProcess.err());
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Built .+ into ${fixture}-bin in \\d+ ms`));
      const here = await listTree(path.join(cwd, `${fixture}-here`));
      expect(await listTree(path.join(cwd, `${fixture}-bin`))).toEqual(here);
      for (const file of here.filter((f) => f.endsWith('.html') || f.endsWith('.json'))) {
        if (file === 'techdocs_metadata.json') continue;
        expect(await readFile(path.join(cwd, `${fixture}-bin`, file), 'utf8')).toBe(
          await readFile(path.join(cwd, `${fixture}-here`, file), 'utf8'),
        );
      }
    }
    // Highlighted code came from the worker.
    expect(await readFile(path.join(cwd, 'handbook-bin/basics/first-launch/index.html'), 'utf8')).toContain(
      'class="shiki"',
    );
    // The executable's exit codes: a wrong command line, a configuration error.
    expect(spawnSync(process.execPath, [BIN, 'docs', 'build', 'handbook'], { cwd }).status).toBe(2);
    expect(spawnSync(process.execPath, [BIN, 'docs', 'build', 'nowhere', '--out', 'x'], { cwd }).status).toBe(
      1,
    );
  });
});

describe('the bundle `paved docs build` runs from (bin/docs-build.js)', () => {
  it('is made again when a source it was made from changed since', async () => {
    const bin = fileURLToPath(new URL('../../bin/docs-build.js', import.meta.url));
    const { loadDocsBuild } = (await import(bin)) as { loadDocsBuild(): Promise<unknown> };
    expect(typeof (await loadDocsBuild())).toBe('function');
    const tsx = fileURLToPath(import.meta.resolve('tsx/esm/api'));
    const cache = path.join(
      tsx.slice(0, tsx.lastIndexOf(`${path.sep}node_modules${path.sep}`)),
      'node_modules/.cache/paved',
    );
    const manifestFile = path.join(cache, 'docs-build.json');
    type Manifest = { bundle: string; inputs: Record<string, [mtimeMs: number, size: number]> };
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;
    const entry = fileURLToPath(new URL('./docs-main.ts', import.meta.url));
    const now = await stat(entry);
    expect(manifest.inputs[entry]).toEqual([now.mtimeMs, now.size]);
    // As if docs-main.ts had been edited after the bundle was made.
    manifest.inputs[entry] = [now.mtimeMs - 1000, now.size];
    await writeFile(manifestFile, JSON.stringify(manifest));
    expect(typeof (await loadDocsBuild())).toBe('function');
    const remade = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;
    expect(remade.inputs[entry]).toEqual([now.mtimeMs, now.size]);
    expect((await stat(path.join(cache, remade.bundle))).size).toBeGreaterThan(0);
  });
});

async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

describe('paved docs serve', () => {
  it('serves pages and assets, rebuilds on change and tells the browser to reload', async () => {
    const cwd = await workspace('techdocs');
    let stop = () => {};
    const until = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let ready: (server: PreviewServer) => void = () => {};
    const started = new Promise<PreviewServer>((resolve) => {
      ready = resolve;
    });
    const { io, out } = capture(cwd, { until, onServe: (s) => ready(s) });
    const running = runDocs(['serve', 'techdocs', '--port', '0'], io);
    const server = await started;
    expect(out()).toContain(`Serving Checkout service at ${server.url}`);

    const page = await fetch(new URL('guides/setup/', server.url));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script src="../../_paved/livereload.js" defer></script>');
    expect((await fetch(new URL('_paved/livereload.js', server.url))).headers.get('content-type')).toMatch(
      /javascript/,
    );
    const redirect = await fetch(new URL('guides/setup', server.url), { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/guides/setup/');
    const asset = await fetch(new URL('img/arch.svg', server.url));
    expect(asset.headers.get('content-type')).toBe('image/svg+xml');
    expect(asset.headers.get('content-security-policy')).toContain('sandbox');
    expect((await fetch(new URL('nope/', server.url))).status).toBe(404);

    const events = await fetch(new URL('_paved/events', server.url));
    const reader = events.body!.getReader();
    await reader.read(); // ": connected"
    await writeFile(path.join(cwd, 'techdocs/docs/guides/deploy.md'), '# Deploy\n\nNow with more steps.\n');
    const deadline = Date.now() + 10_000;
    let received = '';
    while (!received.includes('event: reload') && Date.now() < deadline) {
      const chunk = await reader.read();
      received += new TextDecoder().decode(chunk.value);
    }
    expect(received).toContain('event: reload');
    expect(await (await fetch(new URL('guides/deploy/', server.url))).text()).toContain(
      'Now with more steps.',
    );
    await reader.cancel();
    stop();
    expect(await running).toBe(0);
  });
});
