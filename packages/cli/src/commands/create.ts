import { parseArgs } from 'node:util';
import {
  createPavedClient,
  type PavedClient,
  parseRef,
  type ScaffolderTask,
  type TemplateParameterError,
  templateErrorsOf,
} from '@paved/client';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from '../exit-codes.ts';
import {
  CommandProblem,
  fieldErrorLines,
  readSecrets,
  readValues,
  type TemplateIo,
  VALUE_OPTIONS,
  type Values,
} from './template-files.ts';
import { clientProblem, serverUrl } from './template-list.ts';
import { outputLines, stepLines } from './template-output.ts';

const USAGE = `Usage: paved create TEMPLATE_REF [--values FILE] [--set KEY=VALUE]… [options]

Runs a template of a running Paved as a task, and follows it until it ends.
TEMPLATE_REF is template:default/hello-service, default/hello-service or hello-service.
The values are checked on the server first; each refused field is named.

Options:
  --values FILE          The form's values, a YAML mapping (- reads standard input)
  --set KEY=VALUE        One value (repeatable; KEY may be a.b.c; true, false, numbers typed)
  --secret NAME[=VALUE]  A secret for \${{ secrets.NAME }} (repeatable; no VALUE: the env var NAME)
  --url URL              Paved server (default http://localhost:7007, env PAVED_URL)
  --no-wait              Print the task's id and return without following it
  --json                 Print {"id","status","steps":[{"id","status"}],"output"} as JSON
  -h, --help             Show this help

Exit status: 0 when the task completed (or was created, with --no-wait), 1 when the values were
refused or the task failed, 2 when the command line is wrong.
`;

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      ...VALUE_OPTIONS,
      url: { type: 'string' },
      'no-wait': { type: 'boolean' },
    },
  });
}

/** Polls a task until it ends, calling `onChange` with every version whose steps or status moved. */
async function follow(
  client: PavedClient,
  id: string,
  onChange: (task: ScaffolderTask) => void,
  signal: AbortSignal,
): Promise<ScaffolderTask> {
  let last = '';
  let delay = 200;
  for (;;) {
    const task = await client.getTask(id, signal);
    const state = JSON.stringify([task.status, task.steps.map((s) => s.status)]);
    if (state !== last) {
      last = state;
      delay = 200;
      onChange(task);
    } else {
      delay = Math.min(delay * 2, 2000);
    }
    if (FINISHED.has(task.status)) return task;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (signal.aborted) throw new CommandProblem(`stopped following task ${id}; it goes on on the server`);
  }
}

function refusedValues(errors: TemplateParameterError[], values: Values): CommandProblem {
  return new CommandProblem(fieldErrorLines(errors, values.sourceOf).join('\n'));
}

/** `paved create TEMPLATE_REF --values FILE`: validate, create a task, follow it, print its output. */
export async function runCreate(argv: string[], io: TemplateIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr.write(`paved create: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  const templateRef = positionals[0];
  if (templateRef === undefined || positionals.length > 1) {
    io.stderr.write(`paved create: give one template ref\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    parseRef(templateRef, { kind: 'template' });
  } catch (error) {
    io.stderr.write(`paved create: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const json = flags.json ?? false;
  const out = (line: string) => io.stdout.write(`${line}\n`);
  const note = (line: string) => {
    if (!json) io.stderr.write(`${line}\n`);
  };
  const client = createPavedClient({ baseUrl: serverUrl(flags.url, io.env ?? process.env) });

  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    const values = await readValues({
      valuesFile: flags.values,
      set: flags.set ?? [],
      cwd: io.cwd,
      stdin: io.stdin,
    });
    const secrets = readSecrets(flags.secret ?? [], io.env ?? process.env);

    const { errors } = await client.validateTemplateValues(templateRef, values.values);
    if (errors.length > 0) throw refusedValues(errors, values);
    let id: string;
    try {
      ({ id } = await client.createTask({
        templateRef,
        values: values.values,
        ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
      }));
    } catch (error) {
      const fieldErrors = templateErrorsOf(error);
      if (fieldErrors) throw refusedValues(fieldErrors, values);
      throw error;
    }
    const taskUrl = `${client.baseUrl}/create/tasks/${encodeURIComponent(id)}`;
    note(`Created task ${id} (${taskUrl})`);
    if (flags['no-wait']) {
      if (json) out(JSON.stringify({ id, status: 'open', url: taskUrl }, null, 2));
      else out(id);
      return EXIT_OK;
    }

    const shown = new Map<string, string>();
    const task = await follow(
      client,
      id,
      (current) => {
        for (const step of current.steps) {
          if (shown.get(step.id) === step.status || step.status === 'open') continue;
          shown.set(step.id, step.status);
          const [line] = stepLines([step]);
          note(line as string);
        }
      },
      controller.signal,
    );

    if (json) {
      out(
        JSON.stringify(
          {
            id,
            status: task.status,
            steps: task.steps.map((s) => ({
              id: s.id,
              status: s.status,
              name: s.name,
              action: s.action,
              ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}),
            })),
            output: task.output ?? {},
            ...(task.error ? { error: task.error } : {}),
            url: taskUrl,
          },
          null,
          2,
        ),
      );
    } else {
      out(
        `${task.status === 'completed' ? 'Completed' : task.status === 'cancelled' ? 'Cancelled' : 'Failed'}:`,
      );
      for (const line of stepLines(task.steps)) out(line);
      if (task.error) out(`  ${task.error.message}`);
      const lines = outputLines(task.output ?? {});
      if (lines.length > 0) {
        out('Output:');
        for (const line of lines) out(line);
      }
    }
    return task.status === 'completed' ? EXIT_OK : EXIT_PROBLEM;
  } catch (thrown) {
    const error =
      controller.signal.aborted && !(thrown instanceof CommandProblem)
        ? new CommandProblem('stopped following the task; it goes on on the server')
        : thrown;
    const problem = error instanceof CommandProblem ? error.message : clientProblem(error);
    if (problem === undefined) throw error;
    io.stderr.write(`${error instanceof CommandProblem ? '' : 'paved create: '}${problem}\n`);
    if (json) {
      out(JSON.stringify({ status: 'failed', steps: [], output: {}, error: { message: problem } }, null, 2));
    }
    return error instanceof CommandProblem ? error.exitCode : EXIT_PROBLEM;
  } finally {
    process.off('SIGINT', interrupt);
  }
}
