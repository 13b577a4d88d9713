import { type Entity, InputError, NotFoundError, stringifyEntityRef } from '@paved/model';
import type { DocsBuilder, DocsBuildOutcome } from './docs.builder.ts';
import { ServedCache } from './docs.cache.ts';
import type { DocsStatus, DocsStore } from './docs.store.ts';

/** One documented entity, as the docs index lists it. */
export interface DocsListItem {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title: string;
  description?: string;
  owner?: string;
  siteName?: string;
  status: DocsStatus;
  builtAt?: string;
  warnings: number;
  error?: string;
}

/** A JSON answer as sent, and its size for the cache. */
interface Served {
  json: string;
  bytes: number;
}

interface ServedAsset {
  content: Uint8Array;
  contentType: string;
  bytes: number;
}

const CACHE_BYTES = 64 * 1024 * 1024;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
const UNUSABLE = /[\u0000-\u001f\u007f\\]/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The entity ref of `/api/docs/:namespace/:kind/:name`. */
export function refOfParams(params: { namespace: string; kind: string; name: string }): string {
  return stringifyEntityRef({
    kind: params.kind,
    namespace: params.namespace,
    name: params.name,
  }).toLowerCase();
}

/** A path under a site, as a request names it: no `..`, no absolute path, no control characters. */
function checkedPath(raw: string, what: string): string {
  const path = raw.replace(/^\/+/, '');
  if (UNUSABLE.test(path) || path.split('/').some((s) => s === '..' || s === '.')) {
    throw new InputError(`${JSON.stringify(raw)} is not a ${what} path: it must stay inside the site`);
  }
  return path;
}

/** The pretty URL of a page: '' for the index, `guides/setup/` for the others. */
export function pageUrlOf(raw: string): string {
  let url = checkedPath(raw, 'page');
  url = url.replace(/(?:^|\/)index\.html$/, (m) => (m.startsWith('/') ? '/' : ''));
  url = url.replace(/\.html$/, '/');
  if (url !== '' && !url.endsWith('/')) url += '/';
  return url;
}

/**
 * Serving documented entities' sites: every answer is a lookup in the store, the hot ones in
 * memory (built sites only change through the builder, which drops a site's entries).
 */
export function createDocsService(options: {
  store: DocsStore;
  builder: DocsBuilder;
  /** The served entity by ref. */
  entityOf(entityRef: string): Entity | undefined;
  /** Whether the entity has a techdocs-ref now. */
  isDocumented(entityRef: string): boolean;
  /** Entries expire after this long (replicas sharing a PostgreSQL); undefined: never. */
  cacheTtlMs?: number | undefined;
}) {
  const { store, builder } = options;
  const answers = new ServedCache<Served>(CACHE_BYTES, options.cacheTtlMs);
  const assets = new ServedCache<ServedAsset>(CACHE_BYTES, options.cacheTtlMs);

  function documented(entityRef: string): void {
    if (!options.isDocumented(entityRef)) {
      throw new NotFoundError(
        options.entityOf(entityRef)
          ? `${entityRef} has no docs: it has no backstage.io/techdocs-ref annotation`
          : `No entity named '${entityRef}' found`,
      );
    }
  }

  return {
    /** Drops what is cached of a site (after a build). */
    forget(entityRef: string): void {
      answers.dropSite(entityRef);
      assets.dropSite(entityRef);
    },

    async list(): Promise<DocsListItem[]> {
      const items: DocsListItem[] = [];
      for (const site of await store.listSites()) {
        const entity = options.entityOf(site.entityRef);
        if (!entity || !options.isDocumented(site.entityRef)) continue;
        const owner =
          entity.relations?.find((r) => r.type === 'ownedBy')?.targetRef ?? text(entity.spec?.owner);
        const description = text(entity.metadata.description);
        items.push({
          entityRef: site.entityRef,
          kind: entity.kind,
          namespace: entity.metadata.namespace ?? 'default',
          name: entity.metadata.name,
          title: text(entity.metadata.title) ?? entity.metadata.name,
          ...(description ? { description } : {}),
          ...(owner ? { owner } : {}),
          ...(site.siteName ? { siteName: site.siteName } : {}),
          status: site.status,
          ...(site.builtAt ? { builtAt: site.builtAt } : {}),
          warnings: site.warningCount,
          ...(site.error ? { error: site.error.message } : {}),
        });
      }
      return items;
    },

    /** The site of an entity as JSON text: name, nav, warnings, last build. */
    async siteJson(entityRef: string): Promise<string> {
      documented(entityRef);
      const cached = answers.get(entityRef, 'site');
      if (cached) return cached.json;
      const site = await store.getSite(entityRef);
      const entity = options.entityOf(entityRef);
      const json = JSON.stringify({
        entityRef,
        title: text(entity?.metadata.title) ?? entity?.metadata.name ?? entityRef,
        status: site?.status ?? 'pending',
        siteName: site?.siteName ?? text(entity?.metadata.title) ?? entity?.metadata.name ?? entityRef,
        ...(site?.siteDescription ? { siteDescription: site.siteDescription } : {}),
        ...(site?.repoUrl ? { repoUrl: site.repoUrl } : {}),
        nav: site?.nav ?? [],
        warnings: site?.warnings ?? [],
        ...(site?.builtAt ? { builtAt: site.builtAt } : {}),
        ...(site?.attemptedAt ? { attemptedAt: site.attemptedAt } : {}),
        ...(site?.error ? { error: site.error } : {}),
      });
      answers.set(entityRef, 'site', { json, bytes: json.length * 2 });
      return json;
    },

    /** One page by its pretty URL, as JSON text. */
    async pageJson(entityRef: string, rawUrl: string): Promise<string> {
      const url = pageUrlOf(rawUrl);
      const key = `page:${url}`;
      const cached = answers.get(entityRef, key);
      if (cached) return cached.json;
      documented(entityRef);
      const page = await store.getPage(entityRef, url);
      if (!page) {
        const site = await store.getSite(entityRef);
        throw new NotFoundError(
          site?.builtAt
            ? `The docs of ${entityRef} have no page '${url || '/'}'`
            : `The docs of ${entityRef} are not built yet${site?.error ? `: ${site.error.message}` : ''}; no page '${url || '/'}'`,
        );
      }
      const json = JSON.stringify({
        entityRef,
        url: page.url,
        path: page.path,
        title: page.title,
        html: page.html,
        toc: page.toc,
        ...(page.editUrl ? { editUrl: page.editUrl } : {}),
        ...(page.lastModified ? { lastModified: page.lastModified } : {}),
      });
      answers.set(entityRef, key, { json, bytes: json.length * 2 });
      return json;
    },

    async asset(entityRef: string, rawPath: string): Promise<ServedAsset> {
      const path = checkedPath(rawPath, 'asset');
      const cached = assets.get(entityRef, path);
      if (cached) return cached;
      documented(entityRef);
      const asset = await store.getAsset(entityRef, path);
      if (!asset) throw new NotFoundError(`The docs of ${entityRef} have no asset '${path}'`);
      const served = {
        content: asset.content,
        contentType: asset.contentType,
        bytes: asset.content.byteLength,
      };
      assets.set(entityRef, path, served);
      return served;
    },

    /** Builds the site now, whether or not its sources changed. */
    async rebuild(entityRef: string): Promise<DocsBuildOutcome> {
      documented(entityRef);
      return builder.schedule(entityRef, true);
    },
  };
}

export type DocsService = ReturnType<typeof createDocsService>;
