import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { type LocationSpec, type ProcessedFile, processDescriptorFile } from '@paved/model';
import { isInside } from './source-tree.ts';

/** Largest descriptor file Paved reads; larger files are refused with an error naming the limit. */
export const MAX_DESCRIPTOR_BYTES = 16 * 1024 * 1024;

export interface ReadDescriptorJob {
  path: string;
  location: LocationSpec;
  originLocation: LocationSpec;
  /** Placeholders and targets may not leave this folder. */
  sourceRoot: string;
  /** Content hash stored for this file; when it matches, the file is not parsed again. */
  knownHash: string | null;
  /** Files its placeholders read last time: their content is part of the hash. */
  knownDependencies: string[];
}

export type ReadDescriptorResult =
  | { status: 'unchanged'; hash: string }
  | { status: 'missing'; message: string }
  | { status: 'unreadable'; message: string }
  | { status: 'parsed'; hash: string; file: ProcessedFile; dependencies: string[] };

/** Hash of a descriptor together with the files its placeholders read (a missing one counts as missing). */
async function combinedHash(bytes: Buffer, dependencies: string[]): Promise<string> {
  const hash = createHash('sha1').update(bytes);
  for (const dep of [...dependencies].sort()) {
    hash.update(`\0${dep}\0`);
    try {
      hash.update(await readFile(dep));
    } catch {
      hash.update('\0missing');
    }
  }
  return hash.digest('hex');
}

/** Reads a placeholder target only when its real path (symlinks resolved) stays inside the root. */
export async function readInsideRoot(root: string, target: string): Promise<string> {
  const realRoot = await realpath(root);
  const path = resolve(target);
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw new Error(`${target} does not exist`);
  }
  if (!isInside(realRoot, real)) {
    throw new Error(
      `${target} resolves outside the source root ${root}; placeholders may only read files inside it`,
    );
  }
  const info = await stat(real);
  if (info.size > MAX_DESCRIPTOR_BYTES) {
    throw new Error(
      `${target} is ${info.size} bytes; placeholders read at most ${MAX_DESCRIPTOR_BYTES} bytes`,
    );
  }
  return readFile(real, 'utf8');
}

/**
 * The bytes of a descriptor, or why there are none. Read synchronously: on a parse worker nothing
 * else waits, and five asynchronous calls per file (stat, open, fstat, read, close through the
 * thread pool) were a fifth of the worker's time in a 100k read. Opened non-blocking, so that a
 * FIFO named like a descriptor is refused rather than waited on.
 */
function readBytes(
  path: string,
): Buffer | Extract<ReadDescriptorResult, { status: 'missing' | 'unreadable' }> {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) return { status: 'unreadable', message: `${path} is not a file` };
    if (info.size > MAX_DESCRIPTOR_BYTES) {
      return {
        status: 'unreadable',
        message: `${path} is ${info.size} bytes; descriptor files may be at most ${MAX_DESCRIPTOR_BYTES} bytes`,
      };
    }
    return readFileSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { status: 'missing', message: `${path} does not exist` };
    return { status: 'unreadable', message: `${path} could not be read: ${(error as Error).message}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * What ingestion keeps of a parsed file, and so what a parse worker copies to the main thread:
 * not each document as parsed (`raw`), and of its relations only those the entity is the source
 * of, the ones the store keeps (storedRelations). Half the bytes of the whole result.
 */
function forIngestion(file: ProcessedFile): ProcessedFile {
  return {
    errors: file.errors,
    documents: file.documents.map((d) => ({
      ...d,
      raw: undefined,
      relations: d.relations.filter((r) => r.sourceRef === d.ref),
    })),
  };
}

/** Reads, hashes and (when changed) parses and validates one descriptor file. */
export async function readDescriptor(job: ReadDescriptorJob): Promise<ReadDescriptorResult> {
  const bytes = readBytes(job.path);
  if (!Buffer.isBuffer(bytes)) return bytes;
  // Nothing to compare with on a first read: the hash is taken once, after parsing.
  if (job.knownHash !== null) {
    const previousHash = await combinedHash(bytes, job.knownDependencies);
    if (previousHash === job.knownHash) return { status: 'unchanged', hash: previousHash };
  }
  const dependencies = new Set<string>();
  const file = await processDescriptorFile({
    text: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    location: job.location,
    originLocation: job.originLocation,
    sourceRoot: job.sourceRoot,
    readPlaceholder: (target) => {
      const path = isAbsolute(target) ? target : resolve(dirname(job.path), target);
      dependencies.add(path);
      return readInsideRoot(job.sourceRoot, path);
    },
  });
  const deps = [...dependencies].sort();
  return {
    status: 'parsed',
    hash: await combinedHash(bytes, deps),
    file: forIngestion(file),
    dependencies: deps,
  };
}
