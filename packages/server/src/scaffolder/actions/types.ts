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
  /** The catalog template being run (Backstage's `templateInfo`), when it is one. */
  templateInfo?: { entityRef: string };
  /** Limits every templating action uses (time, size). */
  templating: Pick<TemplaterOptions, 'timeoutMs' | 'maxOutputChars'>;
  /**
   * What actions with side effects outside the workspace use (the catalog, Paved's git hosting).
   * An action whose service is absent fails with a message naming it.
   */
  services?: ActionServices;
}

/** A catalog entity as the catalog actions see it. */
export interface ActionEntity {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The services the server hands to actions; each is optional so that a runner without it still runs. */
export interface ActionServices {
  /**
   * Registers a catalog source (the catalog's `POST /locations`); `catalog:register` calls it.
   * `type` is `url` for a file URL or `git` for `<clone-url>#<ref>:<path>`; `presence: 'optional'`
   * lets the target be missing. Answers the refs of the entities the source holds (a Location
   * entity of its own may come first), as far as known.
   */
  registerLocation?(
    location: { type: 'url' | 'git'; target: string; presence: 'required' | 'optional' },
    options: { createdBy?: string },
  ): Promise<{ entityRefs: string[] }>;
  /** Reads one entity by its full ref (`kind:namespace/name`); `undefined` when there is none. `catalog:fetch` calls it. */
  getEntityByRef?(ref: string): Promise<ActionEntity | undefined>;
  /** Paved's own git hosting (`paved://owner/name` repositories of `publish:git`). */
  gitHosting?: {
    /** Folder holding the bare repositories: `<root>/<owner>/<name>.git`. */
    root: string;
    /** The server's public base URL (`https://paved.example.com`); clone URLs are `<baseUrl>/git/<owner>/<name>.git`. */
    baseUrl: string;
  };
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
