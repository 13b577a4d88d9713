import { InputError } from '@paved/model';
import type { ActionRegistry, ActionServices, JsonSchema } from '../actions/index.ts';
import { fillParameterDefaults, type ParameterError, validateParameters } from '../parameters/index.ts';
import { createRedactor, SecureTemplater, type TemplaterOptions } from '../templating/index.ts';
import type { TemplateBase, Workspace } from '../workspace/index.ts';
import { isTruthy, runStep } from './runStep.ts';
import { readTemplate } from './templateEntity.ts';

export type StepStatus = 'open' | 'processing' | 'completed' | 'skipped' | 'failed';

/** One line of a run's log, in the shape of Backstage's task events' `body`. */
export interface RunLogEntry {
  body: { message: string; stepId?: string; status?: StepStatus };
  createdAt: string;
}

export interface StepResult {
  id: string;
  name: string;
  action: string;
  status: StepStatus;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  output?: Record<string, unknown>;
}

export interface RunResult {
  status: 'completed' | 'failed';
  log: RunLogEntry[];
  steps: StepResult[];
  output: Record<string, unknown>;
  error?: { name: string; message: string };
}

/** The submitted values do not satisfy the template's parameters; `errors` says where and why. */
export class ParameterValidationError extends InputError {
  constructor(readonly errors: ParameterError[]) {
    super(
      `The values do not match the template's parameters: ${errors
        .map((e) => `${e.path || '(form)'} ${e.message}`)
        .join('; ')}`,
      errors,
    );
  }
}

export interface RunTemplateOptions {
  /** The Template entity (kind Template, apiVersion scaffolder.backstage.io/v1beta3). */
  template: unknown;
  values: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  user?: { ref?: string; entity?: unknown };
  templateBase: TemplateBase;
  workspace: Workspace;
  actions: ActionRegistry;
  /** The catalog template being run, when it is one (`catalog:write` records it on the entity). */
  templateInfo?: { entityRef: string };
  /** Skip actions that do not support dry-run, answering example outputs for them. */
  isDryRun: boolean;
  taskId?: string;
  signal?: AbortSignal;
  /** What actions reaching outside the workspace use (catalog, git hosting); tasks hand them over. */
  services?: ActionServices;
  /** Called with every log entry as it is written (secrets already redacted): tasks stream them. */
  onLog?: (entry: RunLogEntry) => void;
  templating?: Pick<TemplaterOptions, 'timeoutMs' | 'maxOutputChars'>;
}

/** What Backstage's dry-run answers for a skipped action's outputs (generateExampleOutput). */
export function exampleOutput(schema: JsonSchema | undefined): unknown {
  if (!schema) return {};
  const examples = schema.examples;
  if (Array.isArray(examples) && examples.length > 0) return examples[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {}).map(([k, v]) => [
          k,
          exampleOutput(v),
        ]),
      );
    case 'string':
      return '<example>';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return '<unknown>';
  }
}

/**
 * Keeps the output's links and text items whose own `if` holds. `raw` is the output as written:
 * an `if` that rendered empty has disappeared from `rendered`, and counts as false.
 */
function filterOutputItems(
  raw: Record<string, unknown>,
  rendered: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...rendered };
  for (const key of ['links', 'text']) {
    const items = out[key];
    const written = raw[key];
    if (!Array.isArray(items) || !Array.isArray(written)) continue;
    out[key] = items
      .filter((item, index) => {
        const original = written[index];
        const conditional = original !== null && typeof original === 'object' && 'if' in original;
        return !conditional || isTruthy((item as Record<string, unknown> | null)?.if);
      })
      .map((item) => {
        if (!item || typeof item !== 'object') return item;
        const { if: _if, ...rest } = item as Record<string, unknown>;
        return rest;
      });
  }
  return out;
}

/**
 * Says which actions a template uses that this runner does not have, and which it has: the same
 * words hold for a server and for a local run (`paved template run`).
 */
function unknownActionsMessage(unknown: string[], actions: ActionRegistry): string {
  return `The template uses actions that are not registered: ${unknown.join(', ')}. No step was run. The actions available here are: ${actions
    .list()
    .map((a) => a.id)
    .join(', ')}`;
}

/**
 * Runs a template's steps in a workspace, the way Backstage's NunjucksWorkflowRunner does:
 * parameters validated first (refused with per-field errors), unknown actions refused before
 * any step runs; then per step `if`, `each`, rendered `input` validated against the action's
 * schema, the action run, its status, timing and log recorded; `output` rendered at the end.
 * A failing step ends the run as `failed` (the result says which step and why).
 */
export async function runTemplate(options: RunTemplateOptions): Promise<RunResult> {
  const spec = readTemplate(options.template);
  // The template cannot run at all: said first, whatever the values.
  const unknown = [...new Set(spec.steps.map((s) => s.action).filter((id) => !options.actions.has(id)))];
  if (unknown.length > 0) throw new InputError(unknownActionsMessage(unknown, options.actions));
  const parameterErrors = validateParameters(spec.parameters, options.values);
  if (parameterErrors.length > 0) throw new ParameterValidationError(parameterErrors);
  // What Backstage's form would have sent: the schema defaults of fields the values do not give.
  const values = fillParameterDefaults(spec.parameters, options.values);

  const secrets = options.secrets ?? {};
  // Secret values, plus every input string a secret went into (transformed secrets included).
  const redactions: unknown[] = [secrets];
  let redact = createRedactor(...redactions);
  const addRedactions = (values: string[]) => {
    if (values.length === 0) return;
    redactions.push(values);
    redact = createRedactor(...redactions);
  };
  const templater = SecureTemplater.create(options.templating);
  const log: RunLogEntry[] = [];
  const write = (message: string, stepId?: string, status?: StepStatus) => {
    const entry: RunLogEntry = {
      body: { message: redact(message), ...(stepId ? { stepId } : {}), ...(status ? { status } : {}) },
      createdAt: new Date().toISOString(),
    };
    log.push(entry);
    options.onLog?.(entry);
  };
  const results: StepResult[] = spec.steps.map((s) => ({
    id: s.id,
    name: s.name,
    action: s.action,
    status: 'open',
  }));
  const stepOutputs: Record<string, { output: Record<string, unknown> }> = {};
  const baseContext = {
    parameters: values,
    steps: stepOutputs,
    user: options.user ?? {},
    context: { task: { id: options.taskId ?? 'dry-run' } },
  };
  const render = (value: unknown, context: Record<string, unknown>, stepId?: string): unknown => {
    const { value: rendered, problems } = templater.renderValue(value, context);
    for (const problem of problems) {
      write(
        `Could not render ${JSON.stringify(problem.template)}: ${problem.message}; kept as written`,
        stepId,
      );
    }
    return rendered;
  };

  write(`Starting up task with ${spec.steps.length} steps`);
  let failure: { name: string; message: string } | undefined;
  for (const [index, step] of spec.steps.entries()) {
    const result = results[index] as StepResult;
    if (options.signal?.aborted) {
      failure = { name: 'Error', message: 'The run was cancelled' };
      break;
    }
    const started = performance.now();
    result.startedAt = new Date().toISOString();
    const finish = (status: StepStatus) => {
      result.status = status;
      result.endedAt = new Date().toISOString();
      result.durationMs = Math.round(performance.now() - started);
    };
    try {
      // As Backstage: `if: false` skips the step; a string `if` is rendered and tested, once per
      // iteration for an `each` step (in runStep); other values do not skip.
      if (
        step.if === false ||
        (typeof step.if === 'string' &&
          step.each === undefined &&
          !isTruthy(render(step.if, baseContext, step.id)))
      ) {
        write(`Skipping step ${step.id} because its if condition was false`, step.id, 'skipped');
        finish('skipped');
        continue;
      }
      write(`Beginning step ${step.name}`, step.id, 'processing');
      const action = options.actions.get(step.action);
      if (options.isDryRun && !action.supportsDryRun) {
        const output = exampleOutput(action.schema.output) as Record<string, unknown>;
        stepOutputs[step.id] = { output };
        result.output = output;
        write(`Skipping because ${action.id} does not support dry-run`, step.id, 'skipped');
        finish('skipped');
        continue;
      }
      const output = await runStep(
        step,
        action,
        { ...baseContext, secrets },
        render,
        write,
        options,
        addRedactions,
      );
      stepOutputs[step.id] = { output };
      result.output = output;
      write(`Finished step ${step.name}`, step.id, 'completed');
      finish('completed');
    } catch (error) {
      const err = error as Error;
      failure = { name: err.name || 'Error', message: redact(err.message) };
      write(err.message, step.id, 'failed');
      finish('failed');
      break;
    }
  }

  let output: Record<string, unknown> = {};
  if (!failure) {
    try {
      // Output is rendered without secrets, as Backstage does.
      output = filterOutputItems(
        spec.output,
        (render(spec.output, baseContext) as Record<string, unknown>) ?? {},
      );
    } catch (error) {
      failure = { name: (error as Error).name, message: redact((error as Error).message) };
      write(`Could not render the output: ${(error as Error).message}`);
    }
  }
  write(`Run completed with status: ${failure ? 'failed' : 'completed'}`);
  return {
    status: failure ? 'failed' : 'completed',
    log,
    steps: results,
    output,
    ...(failure ? { error: failure } : {}),
  };
}
