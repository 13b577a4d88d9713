import * as fs from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InputError } from '@paved/model';
import fg from 'fast-glob';
import { createTemplateAction } from './types.ts';

/** The workspace paths a `files` entry names: a literal path, or every match of a glob. */
async function expand(workspaceRoot: string, pattern: string): Promise<string[]> {
  if (!fg.isDynamicPattern(pattern)) return [pattern];
  return fg(pattern, { cwd: workspaceRoot, dot: true, onlyFiles: false, followSymbolicLinks: false });
}

export const fsDeleteAction = createTemplateAction<{ files: string[] }>({
  id: 'fs:delete',
  description: 'Deletes files and directories from the workspace',
  examples: [{ description: 'Delete specified files', example: 'files:\n  - ./file1.txt\n  - ./dir/*.log' }],
  supportsDryRun: true,
  schema: {
    input: {
      type: 'object',
      required: ['files'],
      properties: {
        files: {
          title: 'Files',
          description: 'A list of files and directories (or glob patterns) that will be deleted',
          type: 'array',
          items: { type: 'string' },
        },
      },
    },
  },
  async handler(ctx) {
    for (const pattern of ctx.input.files) {
      // Checked before expanding, so that a pattern that leaves the workspace is refused, not ignored.
      await ctx.workspace.resolve(pattern.replace(/[*?[{].*$/, '') || '.');
      for (const path of await expand(ctx.workspace.root, pattern)) {
        await ctx.workspace.remove(path);
        ctx.logger.info(`File ${path} deleted successfully`);
      }
    }
  },
});

export const fsRenameAction = createTemplateAction<{
  files: { from: string; to: string; overwrite?: boolean }[];
}>({
  id: 'fs:rename',
  description: 'Renames files and directories within the workspace',
  examples: [
    {
      description: 'Rename specified files',
      example: 'files:\n  - from: ./file1.txt\n    to: ./file1Renamed.txt',
    },
  ],
  supportsDryRun: true,
  schema: {
    input: {
      type: 'object',
      required: ['files'],
      properties: {
        files: {
          title: 'Files',
          description: 'A list of file and directory names that will be renamed',
          type: 'array',
          items: {
            type: 'object',
            required: ['from', 'to'],
            properties: {
              from: { type: 'string', title: 'The source location of the file to be renamed' },
              to: { type: 'string', title: 'The destination of the new file' },
              overwrite: {
                type: 'boolean',
                title: 'Overwrite existing file or directory, default is false',
              },
            },
          },
        },
      },
    },
  },
  async handler(ctx) {
    for (const file of ctx.input.files) {
      await ctx.workspace.rename(file.from, file.to, file.overwrite ?? false);
      ctx.logger.info(`File ${file.from} renamed to ${file.to} successfully`);
    }
  },
});

interface DirEntry {
  name: string;
  path: string;
  fullPath: string;
}

const DIR_ENTRY_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'path', 'fullPath'],
    properties: { name: { type: 'string' }, path: { type: 'string' }, fullPath: { type: 'string' } },
  },
};

export const fsReaddirAction = createTemplateAction<{ paths: string[]; recursive?: boolean }>({
  id: 'fs:readdir',
  description: 'Reads files and directories from the workspace',
  supportsDryRun: true,
  schema: {
    input: {
      type: 'object',
      required: ['paths'],
      properties: {
        paths: {
          title: 'Paths',
          description: 'A list of paths to read',
          type: 'array',
          items: { type: 'string' },
        },
        recursive: { title: 'Recursive', description: 'Read the paths recursively', type: 'boolean' },
      },
    },
    output: {
      type: 'object',
      required: ['files', 'folders'],
      properties: { files: DIR_ENTRY_SCHEMA, folders: DIR_ENTRY_SCHEMA },
    },
  },
  async handler(ctx) {
    const files: DirEntry[] = [];
    const folders: DirEntry[] = [];
    const read = async (absolute: string): Promise<void> => {
      // In name order: the order a folder lists in differs between file systems.
      const entries = (await fs.readdir(absolute, { withFileTypes: true })).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
      for (const entry of entries) {
        const fullPath = join(absolute, entry.name);
        const item = { name: basename(fullPath), path: ctx.workspace.relative(fullPath), fullPath };
        if (entry.isDirectory()) {
          folders.push(item);
          if (ctx.input.recursive) await read(fullPath);
        } else files.push(item);
      }
    };
    for (const path of ctx.input.paths) {
      const absolute = await ctx.workspace.resolve(path);
      const stat = await fs.stat(absolute).catch(() => undefined);
      if (!stat?.isDirectory())
        throw new InputError(`fs:readdir: ${JSON.stringify(path)} is not a folder of the workspace`);
      await read(absolute);
    }
    ctx.output('files', files);
    ctx.output('folders', folders);
  },
});
