import { cp, mkdir } from 'node:fs/promises';
import { PavedError } from '@paved/model';
import {
  ActionRegistry,
  type ActionServices,
  builtinActions,
  parsePublishTarget,
  type TemplateAction,
} from './actions/index.ts';
import { type RunLogEntry, type RunResult, readTemplate, runTemplate } from './runner/index.ts';
import { LocalTemplateBase, Workspace } from './workspace/index.ts';

/**
 * Running a template on the author's machine, with no server: `paved template run`. The template's
 * files are read from its folder, the workspace is a temporary folder, and the actions that need
 * a server (the catalog, Paved's git hosting) fail with a message saying to use `paved create`.
 */

export interface LocalTemplateRunOptions {
  /** The Template entity as read from its file. */
  template: unknown;
  /** The folder the template's file is in: relative `url` inputs of fetch actions resolve here. */
  templateDir: string;
  /** How messages name the template's location (`file:/…/template.yaml`). */
  templateDescription?: string;
  values: Record<string, unknown>;
  secrets?: Record<string, string>;
  /** Skip actions that do not support dry-run, as the server's dry-run does. */
  dryRun: boolean;
  /**
   * Where the workspace is copied once the steps have run (also when one failed, to show how far
   * it got); made if missing. Nothing is copied when the run is refused before any step.
   */
  outDir?: string;
  /** Each log entry as it is written. */
  onLog?: (entry: RunLogEntry) => void;
  signal?: AbortSignal;
  /** Where the temporary workspace is made; default: the OS temp folder. */
  workingDirectory?: string;
}

export interface LocalTemplateRunResult extends RunResult {
  /** Workspace-relative paths of the files copied to `outDir` (empty without one). */
  files: string[];
}

/** What to tell the author when an action needs what only a running Paved has. */
function needsServer(what: string): PavedError {
  return new PavedError(
    `${what} needs a Paved server, which a local run does not have: run the template with \`paved create TEMPLATE_REF --values FILE\` against a server, or use --dry-run to skip such steps`,
  );
}

/** Catalog services that refuse clearly: catalog:register and catalog:fetch read or write a server's catalog. */
const LOCAL_SERVICES: ActionServices = {
  async registerLocation() {
    throw needsServer('catalog:register (registering in the catalog)');
  },
  async getEntityByRef(ref) {
    throw needsServer(`catalog:fetch (reading ${ref} from the catalog)`);
  },
};

/**
 * publish:git for a local run: `file://` remotes are allowed (the author's own disk), and a
 * `paved://` repository is refused up front with a message naming `paved create`.
 */
function localPublishGit(action: TemplateAction): TemplateAction {
  return {
    ...action,
    async handler(ctx) {
      const repoUrl = (ctx.input as { repoUrl?: unknown }).repoUrl;
      if (typeof repoUrl === 'string') {
        const target = parsePublishTarget(repoUrl, { allowFileRemotes: true });
        if (target.kind === 'hosted') {
          throw needsServer(`publish:git to ${repoUrl} (a repository Paved hosts)`);
        }
      }
      await action.handler(ctx);
    },
  };
}

/** The built-in actions as a local run uses them. */
export function createLocalActionRegistry(): ActionRegistry {
  return new ActionRegistry(
    builtinActions({ publishGit: { allowFileRemotes: true } }).map((action) =>
      action.id === 'publish:git' ? localPublishGit(action) : action,
    ),
  );
}

/** The ids of the template's steps, in order (refusing a template that cannot run, as the runner would). */
export function templateStepIds(template: unknown): string[] {
  return readTemplate(template).steps.map((step) => step.id);
}

/**
 * Runs a template locally. Throws, before any step runs, `ParameterValidationError` (per-field
 * errors) when the values do not fit the parameters and `InputError` for a template that cannot
 * run (format, unknown actions); otherwise answers the run's result, failed or completed.
 */
export async function runTemplateLocally(options: LocalTemplateRunOptions): Promise<LocalTemplateRunResult> {
  const workspace = await Workspace.create({
    ...(options.workingDirectory ? { parent: options.workingDirectory } : {}),
    prefix: 'paved-local-run-',
  });
  try {
    const result = await runTemplate({
      template: options.template,
      values: options.values,
      secrets: options.secrets ?? {},
      templateBase: new LocalTemplateBase(options.templateDir, options.templateDescription),
      workspace,
      actions: createLocalActionRegistry(),
      isDryRun: options.dryRun,
      services: LOCAL_SERVICES,
      ...(options.onLog ? { onLog: options.onLog } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let files: string[] = [];
    if (options.outDir !== undefined) {
      await mkdir(options.outDir, { recursive: true });
      // verbatimSymlinks: a link the template made stays a relative link inside the copy.
      await cp(workspace.root, options.outDir, { recursive: true, force: true, verbatimSymlinks: true });
      files = (await workspace.files()).map((file) => file.path);
    }
    return { ...result, files };
  } finally {
    await workspace.dispose();
  }
}
