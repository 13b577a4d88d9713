import type { DocsNavItem, DocsPage, DocsTocEntry, DocsWarning } from '@paved/docs';
import type { Database, Queryable } from '../store/index.ts';

export type DocsStatus = 'built' | 'failed' | 'pending';

/** Why the last build attempt of a site failed, with the place in a file when known. */
export interface DocsBuildError {
  message: string;
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
}

export interface StoredSiteSummary {
  entityRef: string;
  status: DocsStatus;
  siteName: string | null;
  siteDescription: string | null;
  builtAt: string | null;
  warningCount: number;
  error: DocsBuildError | null;
}

export interface StoredSite extends StoredSiteSummary {
  inputHash: string | null;
  siteHash: string | null;
  repoUrl: string | null;
  editUri: string | null;
  nav: DocsNavItem[];
  warnings: DocsWarning[];
  attemptedAt: string | null;
}

export interface StoredPage {
  url: string;
  path: string;
  title: string;
  html: string;
  toc: DocsTocEntry[];
  editUrl: string | null;
  lastModified: string | null;
}

export interface StoredAsset {
  path: string;
  contentType: string;
  content: Uint8Array;
}

/** What a successful build changes in the store; pages and assets not listed in `keep` go. */
export interface BuildWrite {
  inputHash: string;
  site: {
    hash: string;
    siteName: string;
    siteDescription?: string | undefined;
    repoUrl?: string | undefined;
    editUri?: string | undefined;
    nav: DocsNavItem[];
    warnings: DocsWarning[];
    stats: unknown;
  };
  /** Pages new or changed since the stored build. */
  upsertPages: DocsPage[];
  /** Every page URL of the build. */
  pageUrls: string[];
  upsertAssets: { path: string; contentType: string; content: Uint8Array }[];
  assetPaths: string[];
  /**
   * What is the same as in the build the writer stored last (with this site hash): when that
   * build is still the stored one, the same nav is not written again and, with the same page URLs
   * and asset paths, nothing is looked for to delete. (Another replica may have stored a build
   * since: then everything is written.)
   */
  sameAs?: { siteHash: string; nav: boolean; pageUrls: boolean; assetPaths: boolean } | undefined;
}

/** What the builder needs of the stored site to decide whether to build. */
export interface StoredBuildState {
  status: DocsStatus;
  inputHash: string | null;
  siteHash: string | null;
  builtAt: string | null;
}

export interface PageHit {
  entityRef: string;
  url: string;
  title: string;
  siteName: string;
  snippet: string;
  rank: number;
}

const SUMMARY_COLUMNS = `entity_ref AS "entityRef", status, site_name AS "siteName",
  site_description AS "siteDescription", to_char(built_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "builtAt",
  jsonb_array_length(warnings) AS "warningCount", error`;

/** Characters that mark a match in ts_headline output; never found in page text (see searchPages). */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/** All SQL of the docs module: sites, pages (with their search vectors) and assets. */
export function createDocsStore(db: Database) {
  return {
    /**
     * The build state of a documented entity (read before every build), first recording it as
     * pending when it was not seen before. One statement: thousands of sites are opened after a
     * large import, and each statement costs the embedded store ~0.3 ms however small it is.
     */
    async openSite(entityRef: string): Promise<StoredBuildState | undefined> {
      // The statement's parts share one snapshot: the SELECT does not see the row the INSERT
      // adds, so one of the two answers. (Neither does when another replica adds the row at the
      // same moment: then the site is built as if nothing were stored.)
      const { rows } = await db.query<StoredBuildState>(
        `WITH added AS (
           INSERT INTO docs_sites (entity_ref, status) VALUES ($1, 'pending') ON CONFLICT (entity_ref) DO NOTHING
           RETURNING status, input_hash, site_hash, built_at)
         SELECT status, input_hash AS "inputHash", site_hash AS "siteHash", built_at::text AS "builtAt" FROM added
         UNION ALL
         SELECT status, input_hash, site_hash, built_at::text FROM docs_sites WHERE entity_ref = $1`,
        [entityRef],
      );
      return rows[0];
    },

    async listSites(): Promise<StoredSiteSummary[]> {
      const { rows } = await db.query<StoredSiteSummary>(
        `SELECT ${SUMMARY_COLUMNS} FROM docs_sites ORDER BY entity_ref`,
      );
      return rows;
    },

    async listRefs(): Promise<string[]> {
      const { rows } = await db.query<{ entityRef: string }>(
        `SELECT entity_ref AS "entityRef" FROM docs_sites`,
      );
      return rows.map((r) => r.entityRef);
    },

    async getSite(entityRef: string): Promise<StoredSite | undefined> {
      const { rows } = await db.query<StoredSite>(
        `SELECT ${SUMMARY_COLUMNS}, input_hash AS "inputHash", site_hash AS "siteHash",
                repo_url AS "repoUrl", edit_uri AS "editUri", nav, warnings,
                to_char(attempted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "attemptedAt"
         FROM docs_sites WHERE entity_ref = $1`,
        [entityRef],
      );
      return rows[0];
    },

    async getPage(entityRef: string, url: string): Promise<StoredPage | undefined> {
      const { rows } = await db.query<StoredPage>(
        `SELECT url, path, title, html, toc, edit_url AS "editUrl", last_modified AS "lastModified"
         FROM docs_pages WHERE entity_ref = $1 AND url = $2`,
        [entityRef, url],
      );
      return rows[0];
    },

    /** Every stored page in full: what a build after a restart reuses (`previous`). */
    async listPages(entityRef: string): Promise<DocsPage[]> {
      const { rows } = await db.query<{
        path: string;
        url: string;
        title: string;
        html: string;
        toc: DocsTocEntry[];
        headings: string;
        text: string;
        sourceHash: string;
        editUrl: string | null;
        lastModified: string | null;
      }>(
        `SELECT path, url, title, html, toc, headings, body AS text, source_hash AS "sourceHash",
                edit_url AS "editUrl", last_modified AS "lastModified"
         FROM docs_pages WHERE entity_ref = $1 ORDER BY url`,
        [entityRef],
      );
      return rows.map(({ editUrl, lastModified, ...page }) => ({
        ...page,
        warnings: [],
        ...(editUrl ? { editUrl } : {}),
        ...(lastModified ? { lastModified } : {}),
      }));
    },

    async getAsset(entityRef: string, path: string): Promise<StoredAsset | undefined> {
      const { rows } = await db.query<StoredAsset>(
        `SELECT path, content_type AS "contentType", content FROM docs_assets WHERE entity_ref = $1 AND path = $2`,
        [entityRef, path],
      );
      return rows[0];
    },

    /**
     * Stores a successful build in one transaction: readers see the old site or the new one. Only
     * what changed is written: an edit of one page is the site row (without its nav when the nav
     * is the same) and that page's row.
     */
    async saveBuild(entityRef: string, write: BuildWrite): Promise<void> {
      const { site } = write;
      await db.transaction(async (tx) => {
        let same: { nav: boolean; pageUrls: boolean; assetPaths: boolean } | undefined;
        if (write.sameAs) {
          const { rows } = await tx.query<{ siteHash: string | null }>(
            `SELECT site_hash AS "siteHash" FROM docs_sites WHERE entity_ref = $1 FOR UPDATE`,
            [entityRef],
          );
          if (rows[0] && rows[0].siteHash === write.sameAs.siteHash) same = write.sameAs;
        }
        // null: the stored nav stays (a 500-page nav is ~60 kB of JSON to parse and write again).
        const nav = same?.nav ? null : JSON.stringify(site.nav);
        await tx.query(
          `INSERT INTO docs_sites (entity_ref, status, input_hash, site_hash, site_name, site_description,
             repo_url, edit_uri, nav, warnings, error, stats, built_at, attempted_at)
           VALUES ($1, 'built', $2, $3, $4, $5, $6, $7, coalesce($8::jsonb, '[]'::jsonb), $9, NULL, $10, now(), now())
           ON CONFLICT (entity_ref) DO UPDATE SET status = 'built', input_hash = excluded.input_hash,
             site_hash = excluded.site_hash, site_name = excluded.site_name,
             site_description = excluded.site_description, repo_url = excluded.repo_url,
             edit_uri = excluded.edit_uri, nav = coalesce($8::jsonb, docs_sites.nav),
             warnings = excluded.warnings, error = NULL,
             stats = excluded.stats, built_at = now(), attempted_at = now()`,
          [
            entityRef,
            write.inputHash,
            site.hash,
            site.siteName,
            site.siteDescription ?? null,
            site.repoUrl ?? null,
            site.editUri ?? null,
            nav,
            JSON.stringify(site.warnings),
            JSON.stringify(site.stats ?? null),
          ],
        );
        if (!same?.pageUrls) {
          await tx.query(`DELETE FROM docs_pages WHERE entity_ref = $1 AND NOT (url = ANY($2::text[]))`, [
            entityRef,
            write.pageUrls,
          ]);
        }
        for (const page of write.upsertPages) await upsertPage(tx, entityRef, page);
        if (!same?.assetPaths) {
          await tx.query(`DELETE FROM docs_assets WHERE entity_ref = $1 AND NOT (path = ANY($2::text[]))`, [
            entityRef,
            write.assetPaths,
          ]);
        }
        for (const asset of write.upsertAssets) {
          await tx.query(
            `INSERT INTO docs_assets (entity_ref, path, content_type, size, content) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (entity_ref, path) DO UPDATE SET content_type = excluded.content_type,
               size = excluded.size, content = excluded.content`,
            [entityRef, asset.path, asset.contentType, asset.content.byteLength, asset.content],
          );
        }
      });
    },

    /** Records a failed attempt; the last good build (pages, nav) stays as it was. */
    async saveFailure(
      entityRef: string,
      failure: { inputHash: string | null; error: DocsBuildError; warnings: DocsWarning[] },
    ): Promise<void> {
      await db.query(
        `INSERT INTO docs_sites (entity_ref, status, input_hash, error, warnings, attempted_at)
         VALUES ($1, 'failed', $2, $3, $4, now())
         ON CONFLICT (entity_ref) DO UPDATE SET status = 'failed', input_hash = excluded.input_hash,
           error = excluded.error, warnings = excluded.warnings, attempted_at = now()`,
        [entityRef, failure.inputHash, JSON.stringify(failure.error), JSON.stringify(failure.warnings)],
      );
    },

    async removeSite(entityRef: string): Promise<void> {
      await db.query('DELETE FROM docs_sites WHERE entity_ref = $1', [entityRef]);
    },

    /**
     * Pages matching every word (the last one as a prefix, for typing), best first: title above
     * headings above body. The snippet marks matches with MARK_START/MARK_END; the caller escapes.
     */
    /** The best pages for these words, of entities of these kinds (lower-cased; empty: any). */
    async searchPages(
      words: string[],
      limit: number,
      kinds: string[] = [],
    ): Promise<{ hits: PageHit[]; total: number }> {
      if (words.length === 0) return { hits: [], total: 0 };
      // The last word may be half typed: a prefix, once it has three letters (a one- or
      // two-letter prefix matches most of the index and costs a keystroke dearly).
      const query = words.map((w, i) => (i === words.length - 1 && w.length >= 3 ? `${w}:*` : w)).join(' & ');
      const { rows } = await db.query<PageHit & { total: number }>(
        `WITH q AS (SELECT to_tsquery('english', $1) AS query),
         top AS (
           SELECT p.entity_ref, p.url, p.title, p.body, ts_rank_cd(p.search, q.query) AS rank,
                  count(*) OVER () AS total
           FROM docs_pages p, q
           WHERE p.search @@ q.query
             AND (cardinality($3::text[]) = 0 OR split_part(p.entity_ref, ':', 1) = ANY($3::text[]))
           ORDER BY rank DESC, p.entity_ref, p.url
           LIMIT $2
         )
         SELECT top.entity_ref AS "entityRef", top.url, top.title, coalesce(s.site_name, '') AS "siteName",
                top.rank::float8 AS rank, top.total::int AS total,
                ts_headline('english', top.body, q.query,
                  'StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=28, MinWords=10, MaxFragments=1, FragmentDelimiter=" … "') AS snippet
         FROM top JOIN docs_sites s ON s.entity_ref = top.entity_ref, q
         ORDER BY top.rank DESC, top.entity_ref, top.url`,
        [query, limit, kinds.map((k) => k.toLowerCase())],
      );
      return {
        hits: rows.map(({ total: _total, ...hit }) => hit),
        total: rows[0]?.total ?? 0,
      };
    },
  };
}

async function upsertPage(tx: Queryable, entityRef: string, page: DocsPage): Promise<void> {
  await tx.query(
    `INSERT INTO docs_pages (entity_ref, url, path, title, html, toc, headings, body, source_hash, edit_url, last_modified)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (entity_ref, url) DO UPDATE SET path = excluded.path, title = excluded.title,
       html = excluded.html, toc = excluded.toc, headings = excluded.headings, body = excluded.body,
       source_hash = excluded.source_hash, edit_url = excluded.edit_url, last_modified = excluded.last_modified`,
    [
      entityRef,
      page.url,
      page.path,
      page.title,
      page.html,
      JSON.stringify(page.toc),
      page.headings,
      page.text,
      page.sourceHash,
      page.editUrl ?? null,
      page.lastModified ?? null,
    ],
  );
}

export type DocsStore = ReturnType<typeof createDocsStore>;
