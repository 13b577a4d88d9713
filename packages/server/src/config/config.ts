import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's demo organisation, loaded on first start unless disabled. */
export const DEMO_CATALOG = fileURLToPath(new URL('../../../../examples/catalog-info.yaml', import.meta.url));

/** The repository's own catalog-info.yaml: Paved as a Component of the demo, with its docs. */
export const PAVED_CATALOG = fileURLToPath(new URL('../../../../catalog-info.yaml', import.meta.url));

/** The golden-path templates that ship with Paved (templates/). */
export const GOLDEN_PATHS_CATALOG = fileURLToPath(
  new URL('../../../../templates/catalog-info.yaml', import.meta.url),
);

/**
 * Every demo source, each registered once per installation (a later version adding one registers
 * it on the next start; one an operator removed stays removed).
 */
export const DEMO_CATALOGS: { id: string; target: string }[] = [
  { id: 'examples', target: DEMO_CATALOG },
  { id: 'golden-paths', target: GOLDEN_PATHS_CATALOG },
  // Paved itself (its docs/ folder, built by the docs module): Paved documents itself with itself.
  { id: 'paved', target: PAVED_CATALOG },
];

/** Where `npm run build:portal` writes the portal (packages/portal/dist). */
export const DEFAULT_PORTAL_DIR = fileURLToPath(new URL('../../../portal/dist', import.meta.url));

export interface CatalogConfig {
  /** Sources registered from configuration (flags); removed again when no longer configured. */
  locations: { type: string; target: string }[];
  /** Load the demo organisation on the first start of an empty installation. */
  demo: boolean;
  /** What happens to an entity no source declares any more: removed, or kept and marked orphan. */
  orphanPolicy: 'delete' | 'keep';
  /** Folders under which file sources may be registered through the API. */
  fileRoots: string[];
  /** Watch local sources and apply edits within about a second. */
  watch: boolean;
  /** How often git sources are fetched again, in milliseconds. */
  gitRefreshMs: number;
  /** Parser worker threads; undefined = one less than the cores (at least one). */
  workers?: number | undefined;
  /**
   * Hosts Paved may fetch repositories from when a descriptor names them (Location targets in
   * other repositories, `url:` techdocs-refs), beside the hosts of registered git and url sources
   * (PAVED_ALLOWED_HOSTS, comma separated).
   */
  allowedHosts: string[];
}

export interface PavedConfig {
  port: number;
  host: string;
  /** Embedded store folder (also holds git checkouts). */
  dataDir: string;
  /** postgres://… switches the store to a PostgreSQL server. */
  databaseUrl?: string | undefined;
  /** Largest accepted API request body, in bytes (larger: 413). */
  bodyLimit: number;
  logLevel: string;
  /**
   * The built portal (index.html and assets/), served at `/`. When the folder does not exist the
   * API still works and `/` says how to build the portal. Default: packages/portal/dist.
   */
  portalDir: string;
  catalog: CatalogConfig;
}

export interface ConfigInput {
  port?: number | undefined;
  host?: string | undefined;
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  catalog?: string[] | undefined;
  demo?: boolean | undefined;
  watch?: boolean | undefined;
  orphanPolicy?: string | undefined;
  logLevel?: string | undefined;
  workers?: number | undefined;
  portalDir?: string | undefined;
  /** Seconds between scheduled fetches of git sources (also PAVED_GIT_REFRESH_SECONDS). */
  gitRefreshSeconds?: number | undefined;
  /** Hosts descriptors may name repositories on (also PAVED_ALLOWED_HOSTS). */
  allowedHosts?: string[] | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A catalog argument: a git URL (`…://…` or `git@…`), else a local path or glob. */
export function locationFromArgument(arg: string, cwd = process.cwd()): { type: string; target: string } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg) || /^[\w.-]+@[\w.-]+:/.test(arg))
    return { type: 'git', target: arg };
  return { type: 'file', target: isAbsolute(arg) ? arg : resolve(cwd, arg) };
}

function resolvePortalDir(dir: string | undefined, cwd: string): string {
  if (dir === undefined) return DEFAULT_PORTAL_DIR;
  if (dir.trim() === '')
    throw new ConfigError('The portal folder (--portal-dir, PAVED_PORTAL_DIR) must not be empty');
  return resolve(cwd, dir);
}

/** Builds the validated configuration from flags and environment; throws ConfigError naming the bad value. */
export function loadConfig(
  input: ConfigInput,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): PavedConfig {
  const port = input.port ?? (env.PAVED_PORT ? Number(env.PAVED_PORT) : 7007);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(
      `--port must be a whole number from 0 to 65535; got ${JSON.stringify(input.port ?? env.PAVED_PORT)}`,
    );
  }
  const orphanPolicy = input.orphanPolicy ?? env.PAVED_ORPHAN_POLICY ?? 'delete';
  if (orphanPolicy !== 'delete' && orphanPolicy !== 'keep') {
    throw new ConfigError(`orphan policy must be "delete" or "keep"; got ${JSON.stringify(orphanPolicy)}`);
  }
  const databaseUrl = input.databaseUrl ?? env.DATABASE_URL;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// connection string');
  }
  const gitRefreshSeconds =
    input.gitRefreshSeconds ?? (env.PAVED_GIT_REFRESH_SECONDS ? Number(env.PAVED_GIT_REFRESH_SECONDS) : 300);
  if (!Number.isInteger(gitRefreshSeconds) || gitRefreshSeconds < 1 || gitRefreshSeconds > 7 * 86_400) {
    throw new ConfigError(
      `--git-refresh must be a whole number of seconds from 1 to 604800 (a week); got ${JSON.stringify(input.gitRefreshSeconds ?? env.PAVED_GIT_REFRESH_SECONDS)}`,
    );
  }
  const dataDir = resolve(cwd, input.dataDir ?? env.PAVED_DATA_DIR ?? join('.paved', 'data'));
  return {
    port,
    host: input.host ?? env.PAVED_HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl: databaseUrl || undefined,
    bodyLimit: 1024 * 1024,
    logLevel: input.logLevel ?? env.PAVED_LOG_LEVEL ?? 'info',
    portalDir: resolvePortalDir(input.portalDir ?? env.PAVED_PORTAL_DIR, cwd),
    catalog: {
      locations: (input.catalog ?? []).map((c) => locationFromArgument(c, cwd)),
      demo: input.demo ?? true,
      orphanPolicy,
      fileRoots: [cwd],
      watch: input.watch ?? true,
      gitRefreshMs: gitRefreshSeconds * 1000,
      workers: input.workers,
      allowedHosts: (input.allowedHosts ?? (env.PAVED_ALLOWED_HOSTS ?? '').split(','))
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== ''),
    },
  };
}
