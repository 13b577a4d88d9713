import { runDocs } from './docs.ts';

/**
 * `paved docs …` without the dispatcher of ../main.ts: the entry of the bundle that bin/paved.js
 * runs for `paved docs build` (packages/cli/bin/docs-build.js). Same I/O, exit codes and error
 * output as main.ts.
 */
export function runDocsCommand(argv: string[]): Promise<void> {
  return runDocs(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`paved: ${(error as Error).message}\n`);
      process.exitCode = (error as { exitCode?: number }).exitCode ?? 1;
    },
  );
}
