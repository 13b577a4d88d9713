import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LocalTemplateBase, Workspace } from '../workspace/index.ts';
import type { TemplateAction } from './types.ts';

/** A template folder on disk, a workspace, and a way to run one action in them (tests). */
export interface ActionFixture {
  templateDir: string;
  workspace: Workspace;
  log: string[];
  /** Writes files of the template folder: path → text, Buffer, or {content, mode}. */
  template(
    files: Record<string, string | Buffer | { content: string | Buffer; mode: number }>,
  ): Promise<void>;
  run(action: TemplateAction, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  dispose(): Promise<void>;
}

export async function createActionFixture(): Promise<ActionFixture> {
  const templateDir = await fs.realpath(await fs.mkdtemp(join(tmpdir(), 'paved-template-')));
  const workspace = await Workspace.create();
  const log: string[] = [];
  return {
    templateDir,
    workspace,
    log,
    async template(files) {
      for (const [path, spec] of Object.entries(files)) {
        const full = join(templateDir, path);
        await fs.mkdir(dirname(full), { recursive: true });
        if (typeof spec === 'string' || Buffer.isBuffer(spec)) await fs.writeFile(full, spec);
        else {
          await fs.writeFile(full, spec.content);
          await fs.chmod(full, spec.mode);
        }
      }
    },
    async run(action, input) {
      const output: Record<string, unknown> = {};
      await action.handler({
        input,
        workspace,
        templateBase: new LocalTemplateBase(templateDir),
        logger: { info: (m) => log.push(m), warn: (m) => log.push(m), error: (m) => log.push(m) },
        output: (name, value) => {
          output[name] = value;
        },
        secrets: {},
        user: {},
        isDryRun: false,
        signal: new AbortController().signal,
        step: { id: 'test', name: 'test' },
        templating: {},
      });
      return output;
    },
    async dispose() {
      await workspace.dispose();
      await fs.rm(templateDir, { recursive: true, force: true });
    },
  };
}
