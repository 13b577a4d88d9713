import { InputError } from '@paved/model';
import type { ActionRegistry } from './actions/index.ts';
import { type FindEntity, findCatalogTemplate, type RunResult, runTemplate } from './runner/index.ts';
import type { TemplaterOptions } from './templating/index.ts';
import {
  LocalTemplateBase,
  type LocateEntityFile,
  type TemplateBase,
  templateBaseOfEntity,
  Workspace,
  type WorkspaceLimits,
} from './workspace/index.ts';

export interface DryRunRequest {
  /** The template to run; when absent, the catalog template `templateRef` names. */
  template?: Record<string, unknown>;
  /**
   * A catalog template whose own files (skeletons) relative fetch URLs resolve against, as a task
   * of that template would: the template editor's way to try an edited copy of a catalog template.
   */
  templateRef?: string;
  values: Record<string, unknown>;
  secrets?: Record<string, string>;
  /** The template's own files; relative fetch URLs resolve against them. */
  directoryContents?: { path: string; base64Content: string; executable?: boolean }[];
  user?: { ref?: string; entity?: unknown };
}

export interface DryRunResult extends RunResult {
  directoryContents: { path: string; base64Content: string; executable: boolean }[];
}

/** The scaffolder's use cases. Tasks (durable runs) will join dry-run here. */
export function createScaffolderService(deps: {
  actions: ActionRegistry;
  /** Where workspaces are made; default: the OS temp folder. */
  workingDirectory?: string;
  limits?: WorkspaceLimits;
  templating?: Pick<TemplaterOptions, 'timeoutMs' | 'maxOutputChars'>;
  /** Catalog templates, for dry-runs naming a `templateRef`. */
  findEntity?: FindEntity;
  /** Where the catalog read a template's file: templates from git sources are read there. */
  locateEntityFile?: LocateEntityFile;
}) {
  function catalogTemplate(templateRef: string) {
    if (!deps.findEntity) throw new InputError('This server reads no templates from a catalog');
    return findCatalogTemplate(deps.findEntity, templateRef);
  }

  return {
    listActions() {
      return deps.actions.list().map((a) => ({
        id: a.id,
        description: a.description,
        ...(a.examples ? { examples: a.examples } : {}),
        schema: { input: a.schema.input, ...(a.schema.output ? { output: a.schema.output } : {}) },
        supportsDryRun: a.supportsDryRun,
      }));
    },

    /**
     * Runs a template with no side effects outside two temporary folders (its uploaded files, and
     * the workspace), answering the rendered files, log, steps and output; both are removed after.
     * The template's files are those uploaded, or those of the catalog template `templateRef`
     * names: a client-sent template's location annotation is never trusted to read the server's
     * disk.
     */
    async dryRun(request: DryRunRequest): Promise<DryRunResult> {
      const catalogEntry =
        request.templateRef !== undefined ? catalogTemplate(request.templateRef) : undefined;
      const fromCatalog = catalogEntry?.entity;
      const template = request.template ?? (fromCatalog as Record<string, unknown> | undefined);
      if (!template)
        throw new InputError('A dry-run needs a template, or the templateRef of a catalog template');
      if (fromCatalog && request.directoryContents?.length) {
        throw new InputError('Send either directoryContents or a templateRef whose files are used, not both');
      }
      const contents = await Workspace.create({
        ...deps.limits,
        parent: deps.workingDirectory,
        prefix: 'paved-dry-run-content-',
        label: "template's uploaded files",
      });
      let workspace: Workspace | undefined;
      try {
        for (const file of request.directoryContents ?? []) {
          await contents.writeFile(
            file.path,
            Buffer.from(file.base64Content, 'base64'),
            file.executable ? 0o755 : 0o644,
          );
        }
        workspace = await Workspace.create({
          ...deps.limits,
          parent: deps.workingDirectory,
          prefix: 'paved-dry-run-',
        });
        const templateBase: TemplateBase = fromCatalog
          ? await templateBaseOfEntity(
              fromCatalog,
              catalogEntry?.ref as string,
              deps.locateEntityFile,
              // An edited copy's steps are the client's: they read the template's folder only.
              request.template ? 'folder' : 'repository',
            )
          : new LocalTemplateBase(contents.root, 'the uploaded template files');
        const result = await runTemplate({
          template,
          values: request.values,
          secrets: request.secrets,
          user: request.user,
          templateBase,
          workspace,
          actions: deps.actions,
          isDryRun: true,
          ...(catalogEntry ? { templateInfo: { entityRef: catalogEntry.ref } } : {}),
          templating: deps.templating,
        });
        const files = await workspace.files();
        return {
          ...result,
          directoryContents: files.map((f) => ({
            path: f.path,
            base64Content: f.content.toString('base64'),
            executable: f.executable,
          })),
        };
      } finally {
        await workspace?.dispose();
        await contents.dispose();
      }
    },
  };
}

export type ScaffolderService = ReturnType<typeof createScaffolderService>;
