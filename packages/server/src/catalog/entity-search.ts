import type { Entity } from '@paved/model';
import { type SearchProvider, type SearchResult, TextIndex } from '../search/index.ts';

/** Longest description a search result carries; a result list shows a line or two. */
const RESULT_DESCRIPTION_CHARS = 300;

type EntityHit = Omit<SearchResult, 'matched' | 'score'>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function shorten(description: string | undefined): string | undefined {
  if (description === undefined || description.length <= RESULT_DESCRIPTION_CHARS) return description;
  const cut = description.slice(0, RESULT_DESCRIPTION_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > RESULT_DESCRIPTION_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** What a search result shows of an entity. */
function hitOf(ref: string, entity: Entity): EntityHit {
  const { metadata } = entity;
  const spec = entity.spec ?? {};
  return {
    type: 'entity',
    ref,
    kind: entity.kind,
    namespace: text(metadata.namespace)?.toLowerCase() ?? 'default',
    name: metadata.name,
    title: titleOf(entity),
    description: shorten(text(metadata.description)),
    tags: tagsOf(entity),
    specType: text(spec.type),
    owner: ownerOf(entity),
    lifecycle: text(spec.lifecycle),
  };
}

/** Users and groups are known by their display names more than by their names. */
function titleOf(entity: Entity): string | undefined {
  const profile = entity.spec?.profile as { displayName?: unknown } | undefined;
  return text(entity.metadata.title) ?? text(profile?.displayName);
}

function tagsOf(entity: Entity): string[] {
  const { tags } = entity.metadata;
  return Array.isArray(tags) ? tags.filter((t) => typeof t === 'string') : [];
}

/** The owner's ref (the ownedBy relation), or spec.owner as written when there is none. */
function ownerOf(entity: Entity): string | undefined {
  return (
    entity.relations?.find((r) => r.type === 'ownedBy')?.targetRef ?? text(entity.spec?.owner)?.toLowerCase()
  );
}

/**
 * The catalog's part of the global search: one search document per served entity, kept in step
 * with the catalog view (it is fed the same upserts and removals as the query index). Documents
 * hold only the folded text; the few results a search answers are read from the served entities.
 */
export function createEntitySearch(options: {
  /** The served JSON of an entity by ref (the catalog view). */
  served(ref: string): string | undefined;
}) {
  const index = new TextIndex<string>();

  const provider: SearchProvider = {
    search(query) {
      const { matches, total } = index.search(query);
      return {
        results: matches.flatMap((m) => {
          const json = options.served(m.payload);
          if (json === undefined) return [];
          return [{ ...hitOf(m.payload, JSON.parse(json) as Entity), matched: m.matched, score: m.score }];
        }),
        totalMatched: total,
      };
    },
  };

  return {
    provider,
    get size() {
      return index.size;
    },

    upsert({ uid, ref, entity }: { uid: string; ref: string; entity: Entity }): void {
      const specType = text(entity.spec?.type);
      const owner = ownerOf(entity);
      index.upsert(
        uid,
        {
          name: entity.metadata.name,
          title: titleOf(entity),
          tags: tagsOf(entity),
          description: text(entity.metadata.description),
          // The owner's name, not its ref: `group` would otherwise match everything a group owns.
          other: [entity.kind, specType, owner?.slice(owner.indexOf('/') + 1)],
          kind: entity.kind,
        },
        ref,
      );
    },

    remove(uid: string): void {
      index.remove(uid);
    },
  };
}

export type EntitySearch = ReturnType<typeof createEntitySearch>;
