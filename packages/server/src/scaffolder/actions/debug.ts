import { InputError } from '@paved/model';
import { createTemplateAction } from './types.ts';

export const debugLogAction = createTemplateAction<{
  message?: string;
  listWorkspace?: boolean | 'with-filenames' | 'with-contents';
}>({
  id: 'debug:log',
  description: 'Writes a message into the log and/or lists all files in the workspace.',
  examples: [{ description: 'Write a debug message', example: 'message: Hello Backstage!' }],
  supportsDryRun: true,
  schema: {
    input: {
      type: 'object',
      properties: {
        message: { title: 'Message to output.', type: 'string' },
        listWorkspace: {
          title: 'List all files in the workspace, if true.',
          description:
            "'with-filenames' (or true) lists the files, 'with-contents' also prints their contents",
          enum: [true, false, 'with-filenames', 'with-contents'],
        },
      },
    },
  },
  async handler(ctx) {
    if (ctx.input.message) ctx.logger.info(ctx.input.message);
    const list = ctx.input.listWorkspace;
    if (list) {
      const files = await ctx.workspace.files();
      const lines = files.map((f) =>
        list === 'with-contents' ? `${f.path}:\n${f.content.toString('utf8')}` : f.path,
      );
      ctx.logger.info(`Workspace:\n${lines.join('\n')}`);
    }
  },
});

export const debugWaitAction = (options: { maxWaitMs?: number } = {}) => {
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  return createTemplateAction<{ minutes?: number; seconds?: number; milliseconds?: number }>({
    id: 'debug:wait',
    description: 'Waits for a certain period of time.',
    examples: [{ description: 'Waiting for 50 milliseconds', example: 'milliseconds: 50' }],
    supportsDryRun: true,
    schema: {
      input: {
        type: 'object',
        properties: {
          minutes: { title: 'Waiting period in minutes.', type: 'number', minimum: 0 },
          seconds: { title: 'Waiting period in seconds.', type: 'number', minimum: 0 },
          milliseconds: { title: 'Waiting period in milliseconds.', type: 'number', minimum: 0 },
        },
      },
    },
    async handler(ctx) {
      const { minutes = 0, seconds = 0, milliseconds = 0 } = ctx.input;
      const ms = minutes * 60_000 + seconds * 1000 + milliseconds;
      if (ms > maxWaitMs) {
        throw new InputError(
          `Waiting duration is longer than the maximum threshold of ${maxWaitMs / 1000} seconds`,
        );
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        ctx.signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(new Error('debug:wait was cancelled'));
          },
          { once: true },
        );
      });
    },
  });
};
