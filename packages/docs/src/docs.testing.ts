import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Test helpers of the docs package: folders written for a test and removed after it.

const folders: string[] = [];

/** A new empty folder, removed by `removeTemporaryFolders` (call it in afterEach or afterAll). */
export async function temporaryFolder(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `paved-docs-${label}-`));
  folders.push(dir);
  return dir;
}

export async function removeTemporaryFolders(): Promise<void> {
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
}

/** A temporary project holding these files (paths relative to it; their folders are created). */
export async function writeProject(files: Record<string, string>, label = 'project'): Promise<string> {
  const dir = await temporaryFolder(label);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}
