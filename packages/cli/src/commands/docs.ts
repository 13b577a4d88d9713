import { EXIT_USAGE } from '../exit-codes.ts';

/** Placeholder for `paved docs build|serve`: replaced by the real command. */
export async function runDocs(
  _argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean; cwd: string },
): Promise<number> {
  io.stderr.write('paved docs: not available yet\n');
  return EXIT_USAGE;
}
