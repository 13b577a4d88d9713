/**
 * /api/scaffolder/v2/tasks: templates from the catalog run as durable tasks through a real Paved
 * over HTTP, on PGlite and on PostgreSQL: create (validated first), SSE and long-poll events,
 * per-step status, secrets never stored, cancel and retry.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Backstage template expressions, not JavaScript template literals
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKinds } from '../src/testing/databases.ts';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';

// biome-ignore lint/suspicious/noExplicitAny: arbitrary JSON, read by assertions
type Json = any;

const TEMPLATES = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: hello-service
  title: Hello service
  description: Says hello
spec:
  type: service
  owner: group:default/platform
  parameters:
    - title: Service
      required: [name]
      properties:
        name: { type: string, pattern: '^[a-z][a-z0-9-]*$' }
    - title: Extra
      properties:
        replicas: { type: integer, minimum: 1 }
  steps:
    - id: fetch
      name: Fetch skeleton
      action: fetch:template
      input:
        url: ./skeleton
        values: { name: '\${{ parameters.name }}' }
    - id: log
      action: debug:log
      input:
        message: 'hello \${{ parameters.name }} with \${{ secrets.token }}'
        listWorkspace: true
  output:
    text:
      - title: Name
        content: '\${{ parameters.name }}'
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: slow
spec:
  type: service
  steps:
    - id: first
      action: debug:log
      input: { message: first }
    - id: wait
      name: Wait
      action: debug:wait
      input: { seconds: 20 }
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: needs-flag
spec:
  type: service
  steps:
    - id: flag
      action: fetch:plain:file
      input: { url: ./flag.txt, targetPath: flag.txt }
    - id: log
      action: debug:log
      input: { message: 'token \${{ secrets.token }}' }
`;

async function readStream(url: string, headers: Record<string, string> = {}): Promise<Json[]> {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const text = await response.text(); // the server closes the stream after the completion event
  return text
    .split('\n\n')
    .map((frame) => frame.split('\n').find((line) => line.startsWith('data: ')))
    .filter((line): line is string => line !== undefined)
    .map((line) => JSON.parse(line.slice('data: '.length)));
}

async function waitFor<T>(fn: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(storeKinds)('scaffolder tasks over HTTP ($kind)', ({ kind, skip }) => {
  let dir: string;
  let paved: TestPaved;

  beforeAll(async () => {
    if (skip) return;
    dir = await fs.mkdtemp(join(tmpdir(), 'paved-templates-'));
    await fs.mkdir(join(dir, 'skeleton'));
    await fs.writeFile(join(dir, 'skeleton', 'README.md'), '# ${{ values.name }}\n');
    await fs.writeFile(join(dir, 'template.yaml'), TEMPLATES);
    paved = await startTestPaved({ store: kind, catalog: [join(dir, 'template.yaml')], watch: false });
  });

  afterAll(async () => {
    await paved?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const task = async (id: string) => (await paved.get(`/api/scaffolder/v2/tasks/${id}`)).body;
  const until = (id: string, statuses: string[]) =>
    waitFor(
      async () => {
        const t = await task(id);
        return statuses.includes(t.status) ? t : undefined;
      },
      `task ${id} to be ${statuses.join(' or ')}`,
    );

  it.skipIf(skip)("answers a template's parameter pages as Backstage's form asks for them", async () => {
    const { status, body } = await paved.get(
      '/api/scaffolder/v2/templates/default/template/hello-service/parameter-schema',
    );
    expect(status).toBe(200);
    expect(body.title).toBe('Hello service');
    expect(body.description).toBe('Says hello');
    expect(body.steps.map((s: Json) => s.title)).toEqual(['Service', 'Extra']);
    expect(body.steps[0].schema.required).toEqual(['name']);
    const slow = await paved.get('/api/scaffolder/v2/templates/default/template/slow/parameter-schema');
    expect(slow.body).toEqual({ title: 'slow', steps: [] });
    expect(
      (await paved.get('/api/scaffolder/v2/templates/default/template/nope/parameter-schema')).status,
    ).toBe(404);
  });

  it.skipIf(skip)(
    'refuses values the parameters reject with per-field errors, before any task exists',
    async () => {
      const { status, body } = await paved.post('/api/scaffolder/v2/tasks', {
        templateRef: 'template:default/hello-service',
        values: { name: 'Not Valid', replicas: 0 },
      });
      expect(status).toBe(400);
      expect(body.errors).toEqual([
        { page: 0, pageTitle: 'Service', path: 'name', message: 'must match the pattern ^[a-z][a-z0-9-]*$' },
        { page: 1, pageTitle: 'Extra', path: 'replicas', message: 'must be >= 1' },
      ]);
      const unknown = await paved.post('/api/scaffolder/v2/tasks', { templateRef: 'nope', values: {} });
      expect(unknown.status).toBe(404);
      const { rows } = await paved.db.query<{ n: number }>('SELECT count(*)::int AS n FROM scaffolder_tasks');
      expect(rows[0]?.n).toBe(0);
    },
  );

  it.skipIf(skip)('validates form values against the parameters without creating a task', async () => {
    const url = '/api/scaffolder/v2/templates/default/template/hello-service/validate';
    const all = await paved.post(url, { values: { name: 'Not Valid', replicas: 0 } });
    expect(all.status).toBe(200);
    expect(all.body.errors).toEqual([
      { page: 0, pageTitle: 'Service', path: 'name', message: 'must match the pattern ^[a-z][a-z0-9-]*$' },
      { page: 1, pageTitle: 'Extra', path: 'replicas', message: 'must be >= 1' },
    ]);
    const second = await paved.post(url, { values: { name: 'Not Valid', replicas: 0 }, page: 1 });
    expect(second.body.errors.map((e: Json) => e.path)).toEqual(['replicas']);
    expect((await paved.post(url, { values: { name: 'checkout' } })).body).toEqual({ errors: [] });
    expect((await paved.post(url, { values: {}, page: -1 })).status).toBe(400);
    const missing = '/api/scaffolder/v2/templates/default/template/nope/validate';
    expect((await paved.post(missing, { values: {} })).status).toBe(404);
    const { rows } = await paved.db.query<{ n: number }>('SELECT count(*)::int AS n FROM scaffolder_tasks');
    expect(rows[0]?.n).toBe(0);
  });

  it.skipIf(skip)(
    'runs a catalog template to completion, streaming its events over SSE, never storing the secret',
    async () => {
      const created = await paved.post('/api/scaffolder/v2/tasks', {
        templateRef: 'hello-service',
        values: { name: 'checkout' },
        secrets: { token: 'sup3r-s3cret' },
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;

      const events = await readStream(`${paved.url}/api/scaffolder/v2/tasks/${id}/eventstream`);
      const messages = events.map((e) => e.body.message as string);
      expect(messages[0]).toBe('Starting up task with 2 steps');
      expect(messages).toContain('Beginning step Fetch skeleton');
      // An input string a secret went into is hidden whole (Backstage's collectSecretRedactions).
      expect(messages).toContain('***');
      expect(messages.join('\n')).toContain('README.md');
      expect(messages.join('\n')).not.toContain('sup3r-s3cret');
      const last = events.at(-1);
      expect(last.type).toBe('completion');
      expect(last.body).toEqual({
        message: 'Run completed with status: completed',
        output: { text: [{ title: 'Name', content: 'checkout' }] },
      });
      expect(events.filter((e) => e.body.status).map((e) => [e.body.stepId, e.body.status])).toEqual([
        ['fetch', 'processing'],
        ['fetch', 'completed'],
        ['log', 'processing'],
        ['log', 'completed'],
      ]);

      const done = await task(id);
      expect(done).toMatchObject({
        id,
        status: 'completed',
        createdBy: 'user:default/guest',
        templateRef: 'template:default/hello-service',
        run: 1,
        hasSecrets: true,
        output: { text: [{ title: 'Name', content: 'checkout' }] },
        spec: {
          parameters: { name: 'checkout' },
          templateInfo: { entityRef: 'template:default/hello-service' },
        },
      });
      expect(done.templateVersion).toEqual(expect.any(String));
      for (const step of done.steps) {
        expect(step).toMatchObject({ status: 'completed', startedAt: expect.any(String) });
        expect(step.durationMs).toBeGreaterThanOrEqual(0);
      }
      expect(JSON.stringify(done)).not.toContain('sup3r-s3cret');
      const stored = await paved.db.query(
        `SELECT t::text AS row FROM scaffolder_tasks t UNION ALL SELECT e::text FROM scaffolder_task_events e`,
      );
      expect(JSON.stringify(stored.rows)).not.toContain('sup3r-s3cret');

      // Resuming: ?after and Last-Event-ID give the events after that id; /events lists them.
      const middle = events[2].id as number;
      const resumed = await readStream(
        `${paved.url}/api/scaffolder/v2/tasks/${id}/eventstream?after=${middle}`,
      );
      expect(resumed.map((e) => e.id)).toEqual(events.slice(3).map((e) => e.id));
      const byHeader = await readStream(`${paved.url}/api/scaffolder/v2/tasks/${id}/eventstream`, {
        'last-event-id': String(middle),
      });
      expect(byHeader.map((e) => e.id)).toEqual(resumed.map((e) => e.id));
      // After the last event of an ended task, the stream closes at once, empty.
      expect(
        await readStream(`${paved.url}/api/scaffolder/v2/tasks/${id}/eventstream?after=${last.id}`),
      ).toEqual([]);
      const listed = await paved.get(`/api/scaffolder/v2/tasks/${id}/events?after=${middle}`);
      expect(listed.body.map((e: Json) => e.id)).toEqual(resumed.map((e) => e.id));

      const mine = await paved.get('/api/scaffolder/v2/tasks?createdBy=user:default/guest&status=completed');
      expect(mine.body.tasks.map((t: Json) => t.id)).toContain(id);
      const none = await paved.get('/api/scaffolder/v2/tasks?createdBy=user:default/nobody');
      expect(none.body).toEqual({ tasks: [], totalTasks: 0 });
    },
  );

  it.skipIf(skip)('cancels a running debug:wait step', async () => {
    const created = await paved.post('/api/scaffolder/v2/tasks', { templateRef: 'slow', values: {} });
    const id = created.body.id as string;
    await waitFor(async () => {
      const t = await task(id);
      return t.steps[1].status === 'processing' ? t : undefined;
    }, 'the wait step to start');
    // A long-poll for what comes next waits, and answers as soon as the cancel is recorded.
    const before = (await paved.get(`/api/scaffolder/v2/tasks/${id}/events`)).body as Json[];
    const longPoll = paved.get(`/api/scaffolder/v2/tasks/${id}/events?after=${before.at(-1).id}`);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const cancelled = await paved.post(`/api/scaffolder/v2/tasks/${id}/cancel`, {});
    // The running step may still log before the cancel is recorded (seen under load with
    // PostgreSQL): read on past its log lines; the cancel must be the first event of another kind.
    let next = (await longPoll).body as Json[];
    while (next.length > 0 && next.every((e) => e.type === 'log') && Date.now() - started < 2000) {
      next = (await paved.get(`/api/scaffolder/v2/tasks/${id}/events?after=${next.at(-1).id}`))
        .body as Json[];
    }
    expect(next.find((e) => e.type !== 'log')).toMatchObject({ type: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    const done = await until(id, ['cancelled', 'failed', 'completed']);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(done.status).toBe('cancelled');
    expect(done.steps.map((s: Json) => s.status)).toEqual(['completed', 'cancelled']);
    const events = (await paved.get(`/api/scaffolder/v2/tasks/${id}/events`)).body as Json[];
    expect(events.map((e) => e.body.message)).toContain('Step wait has been cancelled.');
    expect(events.at(-1).body.message).toBe('Run completed with status: cancelled');
    const audit = await paved.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE resource = $1 ORDER BY id`,
      [id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['scaffolder.task.cancel']);
  });

  it.skipIf(skip)(
    'retries a failed task from the start with the same values; secrets must be given again',
    async () => {
      const created = await paved.post('/api/scaffolder/v2/tasks', {
        templateRef: 'template:default/needs-flag',
        values: {},
        secrets: { token: 'first-secret' },
      });
      const id = created.body.id as string;
      const failed = await until(id, ['failed', 'completed']);
      expect(failed.status).toBe('failed');
      expect(failed.error.message).toMatch(/flag\.txt/);
      expect(failed.steps.map((s: Json) => s.status)).toEqual(['failed', 'open']);

      const withoutSecrets = await paved.post(`/api/scaffolder/v2/tasks/${id}/retry`, {});
      expect(withoutSecrets.status).toBe(400);
      expect(withoutSecrets.body.error.message).toMatch(/secrets/);

      await fs.writeFile(join(dir, 'flag.txt'), 'up');
      const retried = await paved.post(`/api/scaffolder/v2/tasks/${id}/retry`, {
        secrets: { token: 'again' },
      });
      expect(retried).toMatchObject({ status: 201, body: { id } });
      const done = await until(id, ['completed', 'failed']);
      expect(done).toMatchObject({ status: 'completed', run: 2 });
      expect(done.steps.map((s: Json) => s.status)).toEqual(['completed', 'completed']);
      const events = (await paved.get(`/api/scaffolder/v2/tasks/${id}/events`)).body as Json[];
      expect(events.filter((e) => e.body.message.startsWith('Starting up task')).map((e) => e.run)).toEqual([
        1, 2,
      ]);
      expect(events.filter((e) => e.body.stepId === 'log').map((e) => e.body.message)).toContain('***');
      expect(JSON.stringify(events)).not.toContain('again');

      const completedAgain = await paved.post(`/api/scaffolder/v2/tasks/${id}/retry`, {});
      expect(completedAgain.status).toBe(400);
    },
  );
});
