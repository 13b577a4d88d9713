import type { ActionRegistry } from './actions/index.ts';
import { type RunResult, runTemplate } from './runner/index.ts';
import type { TemplaterOptions } from './templating/index.ts';
import { LocalTemplateBase, Workspace, type WorkspaceLimits } from './workspace/index.ts';

export interface DryRunRequest {
  template: Record<string, unknown>;
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
}) {
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
     * The template's files are only those uploaded: a client-sent template's location annotation
     * is never trusted to read the server's disk.
     */
    async dryRun(request: DryRunRequest): Promise<DryRunResult> {
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
        const result = await runTemplate({
          template: request.template,
          values: request.values,
          secrets: request.secrets,
          user: request.user,
          templateBase: new LocalTemplateBase(contents.root, 'the uploaded template files'),
          workspace,
          actions: deps.actions,
          isDryRun: true,
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
