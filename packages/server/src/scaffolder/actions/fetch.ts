import * as fs from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { InputError } from '@paved/model';
import fg from 'fast-glob';
import { isBinaryFile } from 'isbinaryfile';
import picomatch from 'picomatch';
import { SecureTemplater, TemplateLimitError } from '../templating/index.ts';
import { isInside, type Workspace } from '../workspace/index.ts';
import { type ActionContext, createTemplateAction } from './types.ts';

const URL_INPUT = {
  type: 'string',
  title: 'Fetch URL',
  description:
    "Relative path or absolute URL pointing to the directory tree to fetch (relative: to the template's folder)",
};
const TOKEN_INPUT = {
  type: 'string',
  title: 'Token',
  description: 'An optional token to use for authentication when reading the resources (not used yet)',
};

/** The workspace-relative path of `path` inside `targetPath`, with `/` separators. */
function inTarget(targetPath: string, path: string): string {
  return join(targetPath, path).split(sep).join('/');
}

/** Every entry of a template folder: folders end with `/`; symlinks are listed, not followed. */
async function listTree(dir: string): Promise<string[]> {
  const entries = await fg('**/*', {
    cwd: dir,
    dot: true,
    onlyFiles: false,
    markDirectories: true,
    followSymbolicLinks: false,
  });
  return entries.sort();
}

/**
 * Copies a symlink of the template: refused unless what it points at stays inside the template
 * folder (and, once copied, inside the workspace).
 */
async function copySymlink(
  source: string,
  sourceRoot: string,
  workspace: Workspace,
  targetRel: string,
): Promise<void> {
  const linkText = await fs.readlink(source);
  const pointsAt = resolve(source, '..', linkText);
  if (!isInside(sourceRoot, pointsAt)) {
    throw new InputError(
      `The template's symbolic link ${JSON.stringify(relative(sourceRoot, source))} points outside the template's folder`,
    );
  }
  if (await workspace.exists(targetRel)) await workspace.remove(targetRel);
  await workspace.symlink(targetRel, linkText);
}

/** Copies a folder of the template into the workspace as it is (modes kept, symlinks checked). */
async function copyTree(sourceRoot: string, workspace: Workspace, targetPath: string): Promise<number> {
  let count = 0;
  for (const entry of await listTree(sourceRoot)) {
    const source = join(sourceRoot, entry);
    const targetRel = inTarget(targetPath, entry);
    if (entry.endsWith('/')) {
      await workspace.mkdir(targetRel);
      continue;
    }
    const stat = await fs.lstat(source);
    if (stat.isSymbolicLink()) await copySymlink(source, sourceRoot, workspace, targetRel);
    else await workspace.writeFile(targetRel, await fs.readFile(source), stat.mode);
    count++;
  }
  return count;
}

export const fetchPlainAction = createTemplateAction<{ url: string; targetPath?: string }>({
  id: 'fetch:plain',
  description:
    "Downloads content and places it in the workspace, or optionally in a subdirectory specified by the 'targetPath' input option.",
  examples: [
    { description: 'Downloads content and places it in the workspace.', example: 'url: ./skeleton' },
  ],
  supportsDryRun: true,
  schema: {
    input: {
      type: 'object',
      required: ['url'],
      properties: {
        url: URL_INPUT,
        targetPath: {
          type: 'string',
          title: 'Target Path',
          description: 'Target path within the working directory to download the contents to.',
        },
        token: TOKEN_INPUT,
      },
    },
  },
  async handler(ctx) {
    const targetPath = ctx.input.targetPath ?? './';
    const source = await ctx.templateBase.resolveDirectory(ctx.input.url);
    await ctx.workspace.mkdir(targetPath);
    ctx.logger.info(`Fetching plain content from ${ctx.input.url} into ${targetPath}`);
    const count = await copyTree(source, ctx.workspace, targetPath);
    ctx.logger.info(`Fetched ${count} files`);
  },
});

/** The inputs of the single-file fetches (fetch:plain:file, fetch:template:file), as Backstage names them. */
const SINGLE_FILE_INPUTS = {
  url: {
    ...URL_INPUT,
    description: 'Relative path or absolute URL pointing to the single file to fetch.',
  },
  targetPath: {
    type: 'string',
    title: 'Target Path',
    description: 'Target path within the working directory to download the file as.',
  },
};

export const fetchPlainFileAction = createTemplateAction<{ url: string; targetPath: string }>({
  id: 'fetch:plain:file',
  description: 'Downloads single file and places it in the workspace.',
  supportsDryRun: true,
  schema: {
    input: {
      type: 'object',
      required: ['url', 'targetPath'],
      properties: {
        ...SINGLE_FILE_INPUTS,
        token: TOKEN_INPUT,
      },
    },
  },
  async handler(ctx) {
    const source = await ctx.templateBase.resolveFile(ctx.input.url);
    const stat = await fs.stat(source);
    await ctx.workspace.writeFile(ctx.input.targetPath, await fs.readFile(source), stat.mode);
    ctx.logger.info(`Fetched ${ctx.input.url} to ${ctx.input.targetPath}`);
  },
});

interface FetchTemplateInput {
  url: string;
  targetPath?: string;
  values?: Record<string, unknown>;
  copyWithoutRender?: string[];
  copyWithoutTemplating?: string[];
  cookiecutterCompat?: boolean;
  templateFileExtension?: string | boolean;
  replace?: boolean;
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  token?: string;
}

const TEMPLATING_INPUTS = {
  values: {
    title: 'Template Values',
    description: 'Values to pass on to the templating engine',
    type: 'object',
  },
  cookiecutterCompat: {
    title: 'Cookiecutter compatibility mode',
    description: 'Enable features to maximise compatibility with templates built for fetch:cookiecutter',
    type: 'boolean',
  },
  replace: {
    title: 'Replace files',
    description: 'If set, replace files in targetPath instead of skipping existing ones.',
    type: 'boolean',
  },
  trimBlocks: {
    title: 'Trim Blocks',
    description: 'If set, the first newline after a block is removed (block, not variable tag!).',
    type: 'boolean',
  },
  lstripBlocks: {
    title: 'Lstrip Blocks',
    description: 'If set, leading spaces and tabs are stripped from the start of a line to a block.',
    type: 'boolean',
  },
  token: TOKEN_INPUT,
};

/**
 * Whether a skeleton entry (`dir/` or `dir/file`) is matched by copy-only patterns the way
 * Backstage's globby matches them: a glob matches entries; a pattern naming a folder of the
 * skeleton (`.github/workflows/`, `docs`) covers everything under it (globby's expandDirectories).
 */
function copyOnlyMatcher(patterns: string[] | undefined, entries: string[]): (entry: string) => boolean {
  const tests = (patterns ?? []).map((raw) => {
    const pattern = raw.replace(/^(\.\/)+/, '');
    const glob = picomatch(pattern, { dot: true });
    const folder = pattern.replace(/\/+$/, '');
    const expands = !picomatch.scan(pattern).isGlob && entries.includes(`${folder}/`);
    return (entry: string, plain: string) =>
      glob(plain) || glob(entry) || (expands && entry.startsWith(`${folder}/`) && entry !== `${folder}/`);
  });
  return (entry) => {
    const plain = entry.endsWith('/') ? entry.slice(0, -1) : entry;
    return tests.some((test) => test(entry, plain));
  };
}

/**
 * Renders a skeleton file (or name), saying which one when it cannot be rendered: Nunjucks only
 * gives a line and column ("unknown block tag: elif"), which is no help in a skeleton of many files.
 */
function renderNamed(
  templater: SecureTemplater,
  text: string,
  context: Record<string, unknown>,
  what: string,
): string {
  try {
    return templater.renderString(text, context);
  } catch (error) {
    if (error instanceof TemplateLimitError || !(error instanceof InputError)) throw error;
    throw new InputError(`Could not render ${what} of the template: ${error.message}`);
  }
}

/** A path that rendered empty, absolute or with an empty segment is dropped (Backstage's skip trick). */
function isSkipped(path: string): boolean {
  return path === '' || path.startsWith('/') || path.includes('//');
}

/**
 * The templater and the context (`values`, or `cookiecutter` in compatibility mode) with which
 * fetch:template and fetch:template:file render skeleton files.
 */
function skeletonTemplater(
  input: {
    cookiecutterCompat?: boolean | undefined;
    trimBlocks?: boolean | undefined;
    lstripBlocks?: boolean | undefined;
    values?: Record<string, unknown> | undefined;
  },
  templating: ActionContext['templating'],
) {
  const templater = SecureTemplater.create({
    cookiecutterCompat: input.cookiecutterCompat,
    trimBlocks: input.trimBlocks,
    lstripBlocks: input.lstripBlocks,
    ...templating,
  });
  const values = input.values ?? {};
  return { templater, context: input.cookiecutterCompat ? { cookiecutter: values } : { values } };
}

export const fetchTemplateAction = createTemplateAction<FetchTemplateInput>({
  id: 'fetch:template',
  description:
    "Downloads a skeleton, templates variables into file and directory names and content, and places the result in the workspace, or optionally in a subdirectory specified by the 'targetPath' input option.",
  examples: [
    {
      description: 'Downloads a skeleton and renders it with the given values.',
      example: 'url: ./skeleton\ntargetPath: ./target\nvalues:\n  name: test-project',
    },
  ],
  supportsDryRun: true,
  schema: {
    input: {
      type: 'object',
      required: ['url'],
      properties: {
        url: URL_INPUT,
        targetPath: {
          title: 'Target Path',
          description:
            'Target path within the working directory to download the contents to. Defaults to the working directory root.',
          type: 'string',
        },
        copyWithoutRender: {
          title: '[Deprecated] Copy Without Render',
          description:
            'An array of glob patterns. Any files or directories which match are copied without being processed as templates.',
          type: 'array',
          items: { type: 'string' },
        },
        copyWithoutTemplating: {
          title: 'Copy Without Templating',
          description:
            'An array of glob patterns. Contents of matched files or directories are copied without being processed, but paths are subject to rendering.',
          type: 'array',
          items: { type: 'string' },
        },
        templateFileExtension: {
          title: 'Template File Extension',
          description:
            'If set, only files with the given extension will be templated. If set to `true`, the default extension `.njk` is used.',
          type: ['string', 'boolean'],
        },
        ...TEMPLATING_INPUTS,
      },
    },
  },
  async handler(ctx) {
    const input = ctx.input;
    const targetPath = input.targetPath ?? './';
    if (input.copyWithoutRender && input.copyWithoutTemplating) {
      throw new InputError(
        'Fetch action input copyWithoutRender and copyWithoutTemplating can not be used at the same time',
      );
    }
    const extension =
      input.templateFileExtension === true ? '.njk' : input.templateFileExtension || undefined;
    if (extension && (input.copyWithoutRender || input.copyWithoutTemplating || input.cookiecutterCompat)) {
      throw new InputError(
        'Fetch action input extension incompatible with copyWithoutRender/copyWithoutTemplating and cookiecutterCompat',
      );
    }
    const source = await ctx.templateBase.resolveDirectory(input.url);
    await ctx.workspace.mkdir(targetPath);
    ctx.logger.info(`Fetching template content from ${input.url}`);

    const entries = await listTree(source);
    const withoutRender = copyOnlyMatcher(input.copyWithoutRender, entries);
    const withoutTemplating = copyOnlyMatcher(input.copyWithoutTemplating, entries);
    const { templater, context } = skeletonTemplater(input, ctx.templating);

    for (const entry of entries) {
      const isDirectory = entry.endsWith('/');
      let renderName: boolean;
      let renderContents: boolean;
      let outputPath = entry;
      if (extension) {
        renderName = true;
        renderContents = !isDirectory && entry.endsWith(extension);
        if (renderContents) outputPath = entry.slice(0, -extension.length);
      } else {
        const noRender = withoutRender(entry);
        renderName = !noRender;
        renderContents = !noRender && !withoutTemplating(entry);
      }
      if (renderName) outputPath = renderNamed(templater, outputPath, context, `the name ${entry}`);
      if (isSkipped(outputPath)) continue;
      const targetRel = inTarget(targetPath, outputPath);
      if (isDirectory) {
        ctx.logger.info(`Writing directory ${outputPath} to template output path.`);
        await ctx.workspace.mkdir(targetRel);
        continue;
      }
      if ((await ctx.workspace.exists(targetRel)) && !input.replace) continue;
      const file = join(source, entry);
      const stat = await fs.lstat(file);
      if (stat.isSymbolicLink()) {
        await copySymlink(file, source, ctx.workspace, targetRel);
        ctx.logger.info(`Copying symbolic link ${outputPath} to template output path.`);
      } else if (await isBinaryFile(file)) {
        ctx.logger.info(`Copying binary file ${outputPath} to template output path.`);
        await ctx.workspace.writeFile(targetRel, await fs.readFile(file), stat.mode);
      } else {
        const text = await fs.readFile(file, 'utf8');
        ctx.logger.info(`Writing file ${outputPath} to template output path with mode ${stat.mode}.`);
        await ctx.workspace.writeFile(
          targetRel,
          renderContents ? renderNamed(templater, text, context, entry) : text,
          stat.mode,
        );
      }
    }
    ctx.logger.info(`Template result written to ${targetPath}`);
  },
});

interface FetchTemplateFileInput {
  url: string;
  targetPath: string;
  values?: Record<string, unknown>;
  cookiecutterCompat?: boolean;
  replace?: boolean;
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  token?: string;
}

export const fetchTemplateFileAction = createTemplateAction<FetchTemplateFileInput>({
  id: 'fetch:template:file',
  description: 'Downloads a single file and templates variables into the file, placing it in the workspace.',
  supportsDryRun: true,
  schema: {
    input: {
      type: 'object',
      required: ['url', 'targetPath'],
      properties: {
        ...SINGLE_FILE_INPUTS,
        ...TEMPLATING_INPUTS,
      },
    },
  },
  async handler(ctx) {
    const input = ctx.input;
    if ((await ctx.workspace.exists(input.targetPath)) && !input.replace) {
      ctx.logger.info(`File ${input.targetPath} already exists in workspace, not replacing.`);
      return;
    }
    const file = await ctx.templateBase.resolveFile(input.url);
    const stat = await fs.stat(file);
    if (await isBinaryFile(file)) {
      await ctx.workspace.writeFile(input.targetPath, await fs.readFile(file), stat.mode);
      return;
    }
    const { templater, context } = skeletonTemplater(input, ctx.templating);
    ctx.logger.info(`Writing file ${input.targetPath} to template output path with mode ${stat.mode}.`);
    await ctx.workspace.writeFile(
      input.targetPath,
      renderNamed(templater, await fs.readFile(file, 'utf8'), context, input.url),
      stat.mode,
    );
  },
});
