import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LocalTemplateRunResult, RunLogEntry } from '@paved/server/local-templates';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from '../exit-codes.ts';
import {
  CommandProblem,
  fieldErrorLines,
  readSecrets,
  readTemplateFile,
  readValues,
  type TemplateIo,
  VALUE_OPTIONS,
} from './template-files.ts';
import { outputLines, stepLines } from './template-output.ts';

const USAGE = `Usage: paved template run TEMPLATE.yaml [--values FILE] [--set KEY=VALUE]… [options]

Runs a software template on this machine, with no server: the template author's loop.
The values are checked against the template's parameters first, as the server checks them.

Options:
  --values FILE          The form's values, a YAML mapping (- reads standard input)
  --set KEY=VALUE        One value (repeatable; KEY may be a.b.c; true, false, numbers typed)
  --secret NAME[=VALUE]  A secret for \${{ secrets.NAME }} (repeatable; no VALUE: the env var NAME)
  --dry-run              Skip the actions that do not support dry-run, as the server's dry-run does,
                         and write the rendered workspace to --out
  --out DIR              Where the workspace is written (dry-run default: ./<template name>-dry-run)
  --force                Write into a non-empty --out folder (files of the same name are replaced)
  --json                 Print {"status","steps":[{"id","status"}],"output"} and more, as JSON
  --verbose              Print every line of the step log
  -h, --help             Show this help

Without --dry-run the steps run for real: publish:git to a file:// or https:// remote works;
catalog:register, catalog:fetch and publish:git to paved:// need a server: use paved create.

Exit status: 0 when the run completed, 1 when it failed or was refused, 2 when the command line is wrong.
`;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      ...VALUE_OPTIONS,
      'dry-run': { type: 'boolean' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      verbose: { type: 'boolean' },
    },
  });
}

/** Refuses an `--out` that is a file, or a folder with files in it unless `force`. */
async function checkOutDir(outDir: string, shown: string, force: boolean): Promise<void> {
  const info = await stat(outDir).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new CommandProblem(`--out ${shown}: exists and is not a folder`, EXIT_USAGE);
  if (!force && (await readdir(outDir)).length > 0) {
    throw new CommandProblem(
      `--out ${shown}: the folder is not empty; pass --force to write into it, or choose another folder`,
      EXIT_USAGE,
    );
  }
}

/** What `--json` prints: the required fields first. */
function jsonResult(
  result: Pick<LocalTemplateRunResult, 'status' | 'steps' | 'output' | 'log' | 'error'> & {
    files?: string[];
  },
  extra: Record<string, unknown>,
) {
  return {
    status: result.status,
    steps: result.steps.map((s) => ({
      id: s.id,
      status: s.status,
      name: s.name,
      action: s.action,
      ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}),
    })),
    output: result.output,
    ...(result.error ? { error: result.error } : {}),
    ...extra,
    ...(result.files ? { files: result.files } : {}),
    log: result.log.map((entry) => ({
      ...(entry.body.stepId ? { stepId: entry.body.stepId } : {}),
      ...(entry.body.status ? { status: entry.body.status } : {}),
      message: entry.body.message,
    })),
  };
}

/** `paved template run TEMPLATE.yaml --values FILE [--dry-run] [--out DIR] [--json]`. */
export async function runTemplateRun(argv: string[], io: TemplateIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr.write(`paved template run: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) {
    io.stderr.write(`paved template run: give one template file\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const json = flags.json ?? false;
  const out = (line: string) => io.stdout.write(`${line}\n`);
  const templateArgument = positionals[0] as string;

  // Problems found before any step runs: per-field errors, or one message.
  const refuse = (
    message: string,
    exitCode: number,
    extra: Record<string, unknown> = {},
    name = 'Refused',
  ) => {
    io.stderr.write(`${message}\n`);
    if (json && exitCode !== EXIT_USAGE) {
      out(
        JSON.stringify(
          { status: 'failed', steps: [], output: {}, error: { name, message }, ...extra },
          null,
          2,
        ),
      );
    }
    return exitCode;
  };

  let server: typeof import('@paved/server/local-templates');
  let template: Awaited<ReturnType<typeof readTemplateFile>>;
  let values: Awaited<ReturnType<typeof readValues>>;
  let secrets: Record<string, string>;
  let outDir: string | undefined;
  let outShown: string | undefined;
  try {
    template = await readTemplateFile(templateArgument, io.cwd);
    values = await readValues({
      valuesFile: flags.values,
      set: flags.set ?? [],
      cwd: io.cwd,
      stdin: io.stdin,
    });
    secrets = readSecrets(flags.secret ?? [], io.env ?? process.env);
    outShown = flags.out ?? (flags['dry-run'] ? `./${template.name}-dry-run` : undefined);
    if (outShown !== undefined) {
      outDir = path.resolve(io.cwd, outShown);
      await checkOutDir(outDir, outShown, flags.force ?? false);
    }
    // The scaffolder is loaded only now: it brings the whole server's modules with it.
    server = await import('@paved/server/local-templates');
  } catch (error) {
    if (!(error instanceof CommandProblem)) throw error;
    return refuse(error.message, error.exitCode);
  }

  let stepIds: string[];
  try {
    stepIds = server.templateStepIds(template.template);
  } catch (error) {
    return refuse(`${templateArgument}: ${(error as Error).message}`, EXIT_PROBLEM);
  }
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  // The first entry is written once the values and actions passed: announce the run then.
  let started = false;
  const onLog = (entry: RunLogEntry) => {
    if (!started && !json) {
      io.stderr.write(
        `Running ${template.name} (${stepIds.length} steps${flags['dry-run'] ? ', dry run' : ''}) from ${templateArgument}\n`,
      );
    }
    started = true;
    if (flags.verbose) {
      io.stderr.write(`  ${entry.body.stepId ? `[${entry.body.stepId}] ` : ''}${entry.body.message}\n`);
    }
  };
  let result: LocalTemplateRunResult;
  try {
    result = await server.runTemplateLocally({
      template: template.template,
      templateDir: template.dir,
      templateDescription: `file:${template.file}`,
      values: values.values,
      secrets,
      dryRun: flags['dry-run'] ?? false,
      signal: controller.signal,
      onLog,
      ...(outDir ? { outDir } : {}),
    });
  } catch (error) {
    if (error instanceof server.ParameterValidationError) {
      const lines = fieldErrorLines(error.errors, values.sourceOf);
      return refuse(
        lines.join('\n'),
        EXIT_PROBLEM,
        { errors: error.errors.map((e) => ({ source: values.sourceOf(e.path), ...e })) },
        error.name,
      );
    }
    return refuse(
      `${templateArgument}: ${(error as Error).message}`,
      EXIT_PROBLEM,
      {},
      (error as Error).name,
    );
  } finally {
    process.off('SIGINT', interrupt);
  }

  if (json) {
    out(JSON.stringify(jsonResult(result, outDir ? { outDir } : {}), null, 2));
  } else {
    out(`${result.status === 'completed' ? 'Completed' : 'Failed'}:`);
    for (const [index, line] of stepLines(result.steps).entries()) {
      out(line);
      const step = result.steps[index];
      if (step?.status === 'failed' && !flags.verbose) {
        for (const entry of result.log.filter((e) => e.body.stepId === step.id && e.body.status === 'failed'))
          out(`      ${entry.body.message}`);
      }
    }
    if (result.error && !result.steps.some((s) => s.status === 'failed')) out(`  ${result.error.message}`);
    const shownOutput = outputLines(result.output);
    if (shownOutput.length > 0) {
      out('Output:');
      for (const line of shownOutput) out(line);
    }
    if (outShown !== undefined) {
      out(
        `Wrote ${result.files.length} ${result.files.length === 1 ? 'file' : 'files'} to ${outShown}${result.files.length > 0 ? ':' : ''}`,
      );
      for (const file of result.files) out(`  ${file}`);
    }
  }
  return result.status === 'completed' ? EXIT_OK : EXIT_PROBLEM;
}
