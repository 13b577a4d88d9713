import type { TemplaterOptions } from '../templating/index.ts';
import type { TemplateBase, Workspace } from '../workspace/index.ts';

/** A JSON Schema, as actions declare their input and output. */
export type JsonSchema = Record<string, unknown>;

/** Lines an action writes to the step log; the runner redacts secrets from every one. */
export interface ActionLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What an action's handler is given (Backstage's ActionContext, minus what Paved has no use for yet). */
export interface ActionContext<Input = Record<string, unknown>> {
  input: Input;
  workspace: Workspace;
  /** The template's own files: relative `url` inputs resolve here. */
  templateBase: TemplateBase;
  logger: ActionLogger;
  /** Sets an output of the step (`steps.<id>.output.<name>`). */
  output(name: string, value: unknown): void;
  secrets: Record<string, unknown>;
  user: { ref?: string; entity?: unknown };
  isDryRun: boolean;
  signal: AbortSignal;
  step: { id: string; name: string };
  /** Limits every templating action uses (time, size). */
  templating: Pick<TemplaterOptions, 'timeoutMs' | 'maxOutputChars'>;
}

/** A step action, with Backstage's id, input and output. */
export interface TemplateAction<Input = Record<string, unknown>> {
  id: string;
  description: string;
  examples?: { description: string; example: string }[];
  schema: { input: JsonSchema; output?: JsonSchema };
  /**
   * Whether the action only touches the workspace, so that a dry-run may run it. Actions with
   * side effects elsewhere (publishing, registering) are skipped in a dry-run.
   */
  supportsDryRun: boolean;
  handler(ctx: ActionContext<Input>): Promise<void>;
}

/** Declares an action; the type parameter types `ctx.input` as the runner hands it over (validated). */
export function createTemplateAction<Input>(action: TemplateAction<Input>): TemplateAction {
  return action as unknown as TemplateAction;
}
