/**
 * `npm run bench:docs -- [--pages N] [--keep]`: Paved's docs engine on a generated MkDocs site
 * (../shared/bench/gen-docs.mjs) against `mkdocs build` on the same site when mkdocs is installed.
 * Measures the full build (`paved docs build`, a fresh process each run, like `mkdocs build`), the
 * rebuild after one page changes, and page latency through `paved docs serve`. Progress goes to
 * stderr, one JSON object to stdout. See docs/benchmarks.md.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSite } from '@paved/docs';
import { createCleanupStack } from './lib/cleanup.ts';
import { MiB, round, summarizeLatencies } from './lib/stats.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const generator = resolve(repoRoot, '../shared/bench/gen-docs.mjs');
const cli = resolve(repoRoot, 'packages/cli/bin/paved.js');
const started = performance.now();
const progress = (line: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);

const GOALS = { fullBuildSpeedup: 5, changeToServedMs: 100, serveP99Ms: 10 };

function parseArgs(argv: string[]): { pages: number; keep: boolean; runs: number; requests: number } {
  const options = { pages: 500, keep: false, runs: 3, requests: 3000 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = Number(argv[++i]);
      if (!Number.isInteger(next) || next <= 0) throw new Error(`${flag} needs a positive whole number`);
      return next;
    };
    if (flag === '--pages') options.pages = value();
    else if (flag === '--runs') options.runs = value();
    else if (flag === '--requests') options.requests = value();
    else if (flag === '--keep') options.keep = true;
    else throw new Error(`unknown flag ${flag}`);
  }
  return options;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.floor((sorted.length - 1) / 2)]!, 1);
};

const TIME = '/usr/bin/time';

/** Wall time of a process, and its CPU time (user + sys) when /usr/bin/time is there to tell. */
function timeProcess(
  command: string,
  args: string[],
  cwd: string,
  scratch: string,
): { wallMs: number; cpuMs: number | null } {
  const report = join(scratch, 'time.txt');
  const timed = existsSync(TIME);
  const start = performance.now();
  if (timed) execFileSync(TIME, ['-f', '%U %S', '-o', report, command, ...args], { cwd, stdio: 'pipe' });
  else execFileSync(command, args, { cwd, stdio: 'pipe' });
  const wallMs = round(performance.now() - start, 1);
  if (!timed) return { wallMs, cpuMs: null };
  const [user, sys] = readFileSync(report, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wallMs, cpuMs: round(((user ?? 0) + (sys ?? 0)) * 1000, 0) };
}

function which(command: string): string | null {
  try {
    return execFileSync('which', [command], { encoding: 'utf8', stdio: 'pipe' }).trim() || null;
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** `paved docs serve` as its own process; resolves once it prints its URL. */
async function startServe(dir: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cli, 'docs', 'serve', dir, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`docs serve did not start: ${output}`)), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`docs serve exited with ${code}: ${output}`)));
  });
  return { child, url };
}

/** Reads server-sent events; `next()` resolves with the next reload event's data. */
async function subscribe(url: string) {
  const response = await fetch(new URL('_paved/events', url));
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(timeoutMs: number): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = /event: reload\ndata: (\S+)\n\n/.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return match[1]!;
        }
        if (Date.now() > deadline) throw new Error('no reload event');
        const chunk = await reader.read();
        if (chunk.done) throw new Error('event stream closed');
        buffer += decoder.decode(chunk.value);
      }
    },
    close: () => reader.cancel(),
  };
}

/**
 * The site as the docs of an entity of a running Paved (embedded store): the first build, an
 * edit until `/api/docs/…/pages/…` serves it (file watch, rebuild of that page, store, cache),
 * and page latency over HTTP.
 */
/**
 * Sequential keep-alive GETs of pages spread over the site, after 300 warm-up requests: the
 * latency of each, in ms. Any answer but 200 stops the run.
 */
async function pageLatencies(urls: string[], requests: number): Promise<number[]> {
  for (let i = 0; i < 300; i++) await (await fetch(urls[i % urls.length]!)).arrayBuffer();
  const latencies: number[] = [];
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    const response = await fetch(urls[(i * 7919) % urls.length]!);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET ${response.url}: ${response.status}`);
    latencies.push(performance.now() - start);
  }
  return latencies;
}

async function measurePavedServer(
  site: string,
  tmpRoot: string,
  changedPath: string,
  options: { requests: number; pages: number },
  cleanup: ReturnType<typeof createCleanupStack>,
) {
  const { loadConfig } = await import('../packages/server/src/config/config.ts');
  const { startPaved } = await import('../packages/server/src/server.ts');
  const { pino } = await import('pino');
  writeFileSync(
    join(site, 'catalog-info.yaml'),
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bench-docs\n  annotations:\n    backstage.io/techdocs-ref: dir:.\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n',
  );
  const config = loadConfig(
    {
      port: 0,
      dataDir: join(tmpRoot, 'paved-data'),
      catalog: [join(site, 'catalog-info.yaml')],
      demo: false,
      watch: true,
    },
    {},
    tmpRoot,
  );
  const buildStart = performance.now();
  const paved = await startPaved(config, { log: pino({ level: 'silent' }) });
  const stop = cleanup.defer('stop Paved', () => paved.close());
  await paved.initialRead;
  await paved.settle();
  const base = `${paved.url}/api/docs/default/component/bench-docs`;
  const status = (await (await fetch(base)).json()) as { status: string };
  if (status.status !== 'built') throw new Error(`docs of the bench entity: ${JSON.stringify(status)}`);
  const firstBuildMs = round(performance.now() - buildStart, 0);
  progress(`Paved server: started and built ${options.pages} pages in ${firstBuildMs} ms`);

  const page = join(site, 'docs', `${changedPath}.md`);
  const original = readFileSync(page, 'utf8');
  const pageApi = `${base}/pages/${changedPath}/`;
  const changeRuns: number[] = [];
  for (let run = 0; run < 10; run++) {
    const marker = `ApiMarker${run}x${Date.now()}`;
    const start = performance.now();
    appendFileSync(page, `\n${marker}\n`);
    for (;;) {
      const body = (await (await fetch(pageApi)).json()) as { html?: string };
      if (body.html?.includes(marker)) break;
      if (performance.now() - start > 10_000) throw new Error(`${marker} not served within 10 s`);
      await new Promise((r) => setTimeout(r, 2));
    }
    changeRuns.push(round(performance.now() - start, 1));
    await new Promise((r) => setTimeout(r, 150));
  }
  writeFileSync(page, original);
  progress(`Paved server: change to served median ${median(changeRuns)} ms`);

  const urls = Array.from(
    { length: options.pages },
    (_, p) => `${base}/pages/${p === 0 ? '' : `section-${Math.floor(p / 25)}/page-${p}/`}`,
  );
  const serve = summarizeLatencies(await pageLatencies(urls, options.requests));
  progress(`Paved server: /api/docs page p50 ${serve.p50Ms} ms, p99 ${serve.p99Ms} ms`);
  await stop();
  return {
    method:
      'startPaved (embedded PGlite) with the site as the docs of one entity; edits through its file watcher; pages over HTTP (keep-alive fetch, 300 warm-up requests)',
    startAndFirstBuildMs: firstBuildMs,
    changeToServed: {
      method:
        'append a line to one page; poll GET /api/docs/…/pages/<url> every 2 ms until its HTML has it; median of 10',
      runsMs: changeRuns,
      medianMs: median(changeRuns),
    },
    serve: {
      method: `${options.requests} sequential GETs of /api/docs/…/pages/… spread over the site`,
      ...serve,
    },
  };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(
      `${(error as Error).message}\nUsage: npm run bench:docs -- [--pages N] [--runs N] [--requests N] [--keep]\n`,
    );
    return 2;
  }
  const cleanup = createCleanupStack({ log: progress });
  const interrupt = (signal: NodeJS.Signals) => {
    progress(`${signal}: cleaning up`);
    void cleanup.runAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const tmpRoot = mkdtempSync(join(tmpdir(), 'paved-bench-docs-'));
  if (options.keep) progress(`keeping temporary files in ${tmpRoot}`);
  else cleanup.defer(`remove ${tmpRoot}`, () => rmSync(tmpRoot, { recursive: true, force: true }));

  const errors: string[] = [];
  const output: Record<string, unknown> = {
    benchmark: 'docs',
    ok: false,
    startedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      memoryMiB: Math.round(totalmem() / MiB),
      loadAverage1m: loadavg()[0],
    },
    params: options,
  };
  try {
    const site = join(tmpRoot, 'site-src');
    progress(`generating ${options.pages} pages into ${site}`);
    const generateStart = performance.now();
    execFileSync(process.execPath, [generator, '--pages', String(options.pages), '--out', site], {
      stdio: 'pipe',
    });
    output.site = { pages: options.pages, generateMs: round(performance.now() - generateStart, 0) };

    // 1. Full build: `paved docs build` in a fresh process each time, as `mkdocs build` runs.
    const cliRuns: number[] = [];
    const cliCpu: number[] = [];
    // Each run writes into a new folder, removed with the rest at the end: deleting the previous
    // run's 500 folders just before would put the file system's work for that deletion (ext4
    // with discard) into the timed run. mkdocs is measured the same way.
    for (let run = 0; run < options.runs; run++) {
      const timed = timeProcess(
        process.execPath,
        [cli, 'docs', 'build', site, '--out', join(tmpRoot, `out-${run}`)],
        repoRoot,
        tmpRoot,
      );
      cliRuns.push(timed.wallMs);
      if (timed.cpuMs !== null) cliCpu.push(timed.cpuMs);
      progress(`paved docs build: ${timed.wallMs} ms wall, ${timed.cpuMs ?? '?'} ms CPU`);
    }
    // The same build inside a warm process (the server's case): buildSite only, no files written.
    const inProcessRuns: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      const built = await buildSite(site);
      inProcessRuns.push(built.stats.durationMs);
      progress(`buildSite in process: ${built.stats.durationMs} ms (${built.stats.rendered} pages rendered)`);
    }
    const fullBuild = {
      cli: {
        method:
          'node packages/cli/bin/paved.js docs build DIR --out OUT (a new, empty OUT each run), wall time of the process (CPU = user + sys)',
        runsMs: cliRuns,
        medianMs: median(cliRuns),
        cpuRunsMs: cliCpu,
        cpuMedianMs: cliCpu.length ? median(cliCpu) : null,
      },
      inProcess: {
        method: 'buildSite(DIR) in this process, no previous site',
        runsMs: inProcessRuns,
        medianMs: median(inProcessRuns),
      },
    };
    output.fullBuild = fullBuild;

    // 2. Rebuild after one page changes: buildSite with the previous site, median of 10.
    // A page in the middle of the site (page 80 of 500).
    const changed = Math.max(1, Math.floor(options.pages * 0.16));
    const changedPath = `section-${Math.floor(changed / 25)}/page-${changed}`;
    const page = join(site, `docs/${changedPath}.md`);
    const original = readFileSync(page, 'utf8');
    let previous = await buildSite(site);
    const rebuildRuns: number[] = [];
    const rendered: number[] = [];
    for (let run = 0; run < 10; run++) {
      appendFileSync(page, `\nEdit ${run}.\n`);
      const next = await buildSite(site, { previous });
      rebuildRuns.push(next.stats.durationMs);
      rendered.push(next.stats.rendered);
      previous = next;
    }
    writeFileSync(page, original);
    output.rebuild = {
      method: 'append a line to one page, buildSite(DIR, { previous }), median of 10',
      runsMs: rebuildRuns,
      medianMs: median(rebuildRuns),
      pagesRendered: rendered,
    };
    progress(`rebuild after one change: median ${median(rebuildRuns)} ms`);

    // 3. `paved docs serve`: change → reload event → page fetched with the change; then page latency.
    const port = await freePort();
    const serve = await startServe(site, port);
    const stopServe = cleanup.defer('stop docs serve', async () => {
      serve.child.kill('SIGTERM');
      await new Promise((r) => serve.child.once('exit', r));
    });
    progress(`docs serve at ${serve.url}`);
    const events = await subscribe(serve.url);
    const pageUrl = new URL(`${changedPath}/`, serve.url);
    const changeRuns: number[] = [];
    for (let run = 0; run < 10; run++) {
      const marker = `Marker-${run}-${Date.now()}`;
      const start = performance.now();
      appendFileSync(page, `\n${marker}\n`);
      // A rebuild can start before the write lands: wait for the reload whose page has the marker.
      for (;;) {
        await events.next(10_000);
        const html = await (await fetch(pageUrl)).text();
        if (html.includes(marker)) break;
      }
      changeRuns.push(round(performance.now() - start, 1));
      await new Promise((r) => setTimeout(r, 100));
    }
    writeFileSync(page, original);
    await events.next(10_000).catch(() => undefined);
    await events.close();
    output.changeToServed = {
      method:
        'append a line to one page; time until the reload event arrives and GET of that page returns it (fs.watch + 20 ms debounce + rebuild + render), median of 10',
      runsMs: changeRuns,
      medianMs: median(changeRuns),
    };
    progress(`change to served: median ${median(changeRuns)} ms`);

    const urls = Array.from(
      { length: options.pages },
      (_, p) => new URL(p === 0 ? '' : `section-${Math.floor(p / 25)}/page-${p}/`, serve.url).href,
    );
    const latencies = await pageLatencies(urls, options.requests);
    output.serve = {
      method: `${options.requests} sequential GETs of pages spread over the site (keep-alive fetch, after 300 warm-up requests), one client`,
      ...summarizeLatencies(latencies),
    };
    progress(
      `serve: p50 ${(output.serve as { p50Ms: number }).p50Ms} ms, p99 ${(output.serve as { p99Ms: number }).p99Ms} ms`,
    );
    await stopServe();

    // 3b. Paved's server, the portal's path: the site as an entity's docs (techdocs-ref dir:.),
    // built by the docs module, an edit rebuilt and served through /api/docs, and page latency.
    const api = await measurePavedServer(site, tmpRoot, changedPath, options, cleanup);
    output.server = api;

    // 4. The peer: mkdocs build on a copy of the same site.
    const mkdocs = which('mkdocs');
    let peerMedian: number | null = null;
    let peerCpuMedian: number | null = null;
    if (!mkdocs) {
      output.peer = { mkdocs: { skipped: 'mkdocs is not installed (which mkdocs)' } };
    } else {
      const version = execFileSync(mkdocs, ['--version'], { encoding: 'utf8' }).trim();
      const copy = join(tmpRoot, 'mkdocs-src');
      cpSync(site, copy, { recursive: true });
      // A new output folder per run, as for Paved (see above).
      let outs = 0;
      const out = () => join(tmpRoot, `mkdocs-out-${outs++}`);
      const variants: { name: string; args: () => string[]; prepare?: () => void }[] = [
        { name: 'as generated (theme material)', args: () => ['build', '-q', '-d', out()] },
        { name: '--theme mkdocs', args: () => ['build', '-q', '-d', out(), '--theme', 'mkdocs'] },
        {
          name: 'mkdocs.yml without theme',
          args: () => ['build', '-q', '-d', out()],
          prepare: () => {
            const yml = readFileSync(join(copy, 'mkdocs.yml'), 'utf8').replace(
              /^theme:\n(?:[ \t]+.*\n)*/m,
              '',
            );
            writeFileSync(join(copy, 'mkdocs.yml'), yml);
          },
        },
      ];
      const failures: string[] = [];
      for (const variant of variants) {
        variant.prepare?.();
        try {
          const runs: number[] = [];
          const cpu: number[] = [];
          for (let run = 0; run < options.runs; run++) {
            const timed = timeProcess(mkdocs, variant.args(), copy, tmpRoot);
            runs.push(timed.wallMs);
            if (timed.cpuMs !== null) cpu.push(timed.cpuMs);
            progress(`mkdocs build (${variant.name}): ${timed.wallMs} ms wall, ${timed.cpuMs ?? '?'} ms CPU`);
          }
          peerMedian = median(runs);
          peerCpuMedian = cpu.length ? median(cpu) : null;
          output.peer = {
            mkdocs: {
              version,
              variant: variant.name,
              runsMs: runs,
              medianMs: peerMedian,
              cpuRunsMs: cpu,
              cpuMedianMs: peerCpuMedian,
              failedVariants: failures,
            },
          };
          break;
        } catch (error) {
          const stderr =
            (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').slice(-2).join(' ') ?? '';
          failures.push(`${variant.name}: ${stderr || (error as Error).message}`);
          progress(`mkdocs build (${variant.name}) failed: ${stderr}`);
        }
      }
      if (peerMedian === null) output.peer = { mkdocs: { version, failed: failures } };
    }

    const changeMedian = median(changeRuns);
    const serveP99 = (output.serve as { p99Ms: number }).p99Ms;
    output.ratios = {
      mkdocsOverPavedCli: peerMedian === null ? null : round(peerMedian / fullBuild.cli.medianMs, 2),
      mkdocsOverPavedInProcess:
        peerMedian === null ? null : round(peerMedian / fullBuild.inProcess.medianMs, 2),
      mkdocsOverPavedCpu:
        peerCpuMedian === null || fullBuild.cli.cpuMedianMs === null
          ? null
          : round(peerCpuMedian / fullBuild.cli.cpuMedianMs, 2),
    };
    output.goals = [
      {
        goal: `full build ≥ ${GOALS.fullBuildSpeedup}× faster than mkdocs build (process to process)`,
        value: peerMedian === null ? null : round(peerMedian / fullBuild.cli.medianMs, 2),
        met: peerMedian === null ? null : peerMedian / fullBuild.cli.medianMs >= GOALS.fullBuildSpeedup,
      },
      {
        goal: `one changed page re-rendered and served ≤ ${GOALS.changeToServedMs} ms`,
        value: changeMedian,
        met: changeMedian <= GOALS.changeToServedMs,
      },
      { goal: `serve p99 ≤ ${GOALS.serveP99Ms} ms`, value: serveP99, met: serveP99 <= GOALS.serveP99Ms },
      {
        goal: `Paved server: one changed page rebuilt and served by /api/docs ≤ ${GOALS.changeToServedMs} ms`,
        value: api.changeToServed.medianMs,
        met: api.changeToServed.medianMs <= GOALS.changeToServedMs,
      },
      {
        goal: `Paved server: /api/docs page p99 ≤ ${GOALS.serveP99Ms} ms`,
        value: api.serve.p99Ms,
        met: api.serve.p99Ms <= GOALS.serveP99Ms,
      },
    ];
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
    progress(`FAILED: ${errors.at(-1)}`);
  } finally {
    progress('cleaning up');
    const failed = await cleanup.runAll();
    errors.push(...failed.map((label) => `cleanup failed: ${label}`));
  }
  output.loadAverage1mAtEnd = loadavg()[0];
  output.ok = errors.length === 0;
  output.errors = errors;
  output.totalSeconds = Math.round((performance.now() - started) / 1000);
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return errors.length === 0 ? 0 : 1;
}

const exitCode = await main();
process.exitCode = exitCode;
setTimeout(() => process.exit(exitCode), 5_000).unref();
