import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const script = fileURLToPath(new URL('../../packages/portal/scripts/build.mjs', import.meta.url));

/** Builds the portal unless dist/ already holds a build of the current sources. */
export async function ensurePortalBuilt(): Promise<void> {
  await promisify(execFile)(process.execPath, [script, '--if-stale'], { timeout: 300_000 });
}
