import type { MatchedField, SearchQuery } from './search.types.ts';
import { compact, find, fold, nameKeyOf, OTHER_CHARS, planWord, type WordPlan } from './textMatching.ts';

export { fold, MAX_SEARCH_WORDS, searchWords } from './textMatching.ts';

/** The searchable text of one document, best field first. */
export interface TextFields {
  name: string;
  title?: string | undefined;
  tags?: readonly string[] | undefined;
  description?: string | undefined;
  /** Matched, but ranked below everything else (kind, spec.type, owner…). */
  other?: readonly (string | undefined)[] | undefined;
  /** What `kind=` filters on (compared lower-cased). */
  kind: string;
}

export interface TextMatch<T> {
  payload: T;
  score: number;
  matched: MatchedField;
}

/**
 * Ranks of a word's best match; a document's score is 100 × its best word's rank plus the sum of
 * all its words' ranks, so the best field decides and more words in better fields break ties.
 */
const RANK = { exact: 7, prefix: 6, name: 5, title: 4, tags: 3, description: 2, other: 1 } as const;
const FIELD_OF_RANK: MatchedField[] = [
  'other',
  'other',
  'description',
  'tags',
  'title',
  'name',
  'name',
  'name',
];

/** Beyond this, descriptions are not searched (nor kept in memory). */
const MAX_DESCRIPTION_CHARS = 2000;

/** Documents per chunk of joined text: small enough that an update rebuilds little. */
const CHUNK = 256;

/**
 * A document. Its text ("hay") is every field folded and joined by newlines, in rank order: name,
 * title, tags, description, others. Words never contain whitespace, so a word cannot match across
 * two fields, and the first occurrence of a word is in its best field. The hay is kept once, in
 * the joined text of the document's chunk; `hay` holds it only until that chunk is joined again.
 */
interface Doc<T> {
  id: string;
  hay: string | undefined;
  /** The folded name, for ties and to tell an exact match. */
  name: string;
  /** Where the name, title, tags and description end in the hay. */
  nameEnd: number;
  titleEnd: number;
  tagsEnd: number;
  descriptionEnd: number;
  kind: number;
  payload: T;
}

/**
 * The documents of a chunk as a search reads them: their joined text, and per document what
 * ranking needs, in typed arrays side by side, so that scanning touches no document object.
 */
interface Chunk {
  /** The hays of the chunk's documents, each followed by a newline. */
  text: string;
  /** Where each document's hay starts in `text`, plus the end of the text. */
  starts: Int32Array;
  /** Per document, four field ends (as in Doc). */
  ends: Int32Array;
  kinds: Int32Array;
  nameKeys: Float64Array;
  /** A document of the chunk changed, moved in or out: join again before the next search. */
  stale: boolean;
}

interface Ranked<T> {
  score: number;
  best: number;
  nameKey: number;
  doc: Doc<T>;
}

/** The rank of a match at `at` in the document whose field ends start at `ends[e]`. */
function rankAt(ends: Int32Array, e: number, at: number): number {
  if (at < ends[e]!) return at === 0 ? RANK.prefix : RANK.name;
  if (at < ends[e + 1]!) return RANK.title;
  if (at < ends[e + 2]!) return RANK.tags;
  if (at < ends[e + 3]!) return RANK.description;
  return RANK.other;
}

/** Whether `docs[at]`, of a score and name key, ranks before a ranked one: score, then name, then id. */
function before<T>(score: number, nameKey: number, docs: Doc<T>[], at: number, other: Ranked<T>): boolean {
  if (score !== other.score) return score > other.score;
  if (nameKey !== other.nameKey) return nameKey < other.nameKey;
  // Only now is the document itself read: most ties differ in their name keys.
  const doc = docs[at]!;
  if (doc.name !== other.doc.name) return doc.name < other.doc.name;
  return doc.id < other.doc.id;
}

/**
 * An in-memory full-text index for the global search: a compact list of documents, each one
 * folded string, scanned on every query. The strings are joined in chunks of 256 documents, so
 * that a query looks for its rarest word, from its rarest character, with one `indexOf` per hit
 * over each chunk, and looks closer only at the documents that contain it. Updates only mark a
 * chunk to be joined again; there are no postings to keep consistent.
 *
 * Ranking: exact name > name prefix > name substring > title > tags > description > other fields;
 * ties by name. A document matches when every word of the term occurs in some field.
 */
export class TextIndex<T> {
  private readonly docs: Doc<T>[] = [];
  private readonly positions = new Map<string, number>();
  /** Joined text per chunk of `docs`, as last joined; undefined before the first join. */
  private readonly chunks: (Chunk | undefined)[] = [];
  /** How often each character occurs in all documents' text: what makes a character rare. */
  private readonly frequency = new Float64Array(OTHER_CHARS + 1);
  /** Lower-cased kinds, numbered. */
  private readonly kindIds = new Map<string, number>();

  get size(): number {
    return this.docs.length;
  }

  upsert(id: string, fields: TextFields, payload: T): void {
    const doc = this.build(id, fields, payload);
    this.count(doc.hay!, 1);
    const at = this.positions.get(id);
    if (at === undefined) {
      this.positions.set(id, this.docs.length);
      this.docs.push(doc);
      this.touch(this.docs.length - 1);
    } else {
      this.count(this.hayAt(at), -1);
      this.docs[at] = doc;
      this.touch(at);
    }
  }

  remove(id: string): void {
    const at = this.positions.get(id);
    if (at === undefined) return;
    this.positions.delete(id);
    this.count(this.hayAt(at), -1);
    // The last document takes the removed one's place, taking its text along.
    const lastAt = this.docs.length - 1;
    const last = this.docs[lastAt]!;
    if (at !== lastAt) {
      last.hay = this.hayAt(lastAt);
      this.docs[at] = last;
      this.positions.set(last.id, at);
      this.touch(at);
    }
    this.docs.pop();
    this.touch(lastAt);
    this.chunks.length = Math.min(this.chunks.length, Math.ceil(this.docs.length / CHUNK));
  }

  search(query: SearchQuery): { matches: TextMatch<T>[]; total: number } {
    const { words, limit } = query;
    if (words.length === 0 || limit <= 0) return { matches: [], total: 0 };
    let kinds: Set<number> | undefined;
    if (query.kinds.length > 0) {
      kinds = new Set(query.kinds.flatMap((k) => this.kindIds.get(k.toLowerCase()) ?? []));
      if (kinds.size === 0) return { matches: [], total: 0 };
    }
    const phrase = compact(words.join(''));
    const plans = words.map((word) => planWord(word, this.frequency));
    // Scanned for first: the word in the fewest documents of a sample; the others are then
    // looked for only in the documents that have it.
    const lead = plans.length === 1 ? plans[0]! : this.rarest(plans);
    const others = plans.filter((p) => p !== lead);
    const top: Ranked<T>[] = [];
    let total = 0;
    const chunkCount = Math.ceil(this.docs.length / CHUNK);
    for (let c = 0; c < chunkCount; c++) {
      const { text, starts, ends, kinds: kindOf, nameKeys } = this.chunk(c);
      const base = c * CHUNK;
      let d = 0;
      let hit = find(text, lead, 0);
      while (hit !== -1) {
        while (starts[d + 1]! <= hit) d++;
        const slot = d++;
        const start = starts[slot]!;
        // The scan restarts at each document's start: this is the lead word's first occurrence in it.
        const first = hit - start;
        hit = find(text, lead, starts[d]!);
        if (kinds && !kinds.has(kindOf[slot]!)) continue;
        const e = slot * 4;
        let best = rankAt(ends, e, first);
        let sum = best;
        if (others.length > 0) {
          // The document alone (a slice shares the chunk's characters): a miss must not scan on.
          const hay = text.slice(start, starts[d]! - 1);
          for (const plan of others) {
            const at = find(hay, plan, 0);
            if (at === -1) {
              best = 0;
              break;
            }
            const rank = rankAt(ends, e, at);
            if (rank > best) best = rank;
            sum += rank;
          }
          if (best === 0) continue;
        }
        // The name is the whole term: only possible when it starts with a word.
        if (best === RANK.prefix) {
          const doc = this.docs[base + slot]!;
          if (doc.name.startsWith(words[0]!) && compact(doc.name) === phrase) best = RANK.exact;
        }
        total++;
        const score = best * 100 + sum;
        const nameKey = nameKeys[slot]!;
        const at = base + slot;
        const worst = top[top.length - 1];
        if (top.length === limit && worst && !before(score, nameKey, this.docs, at, worst)) continue;
        let i = top.length;
        while (i > 0 && before(score, nameKey, this.docs, at, top[i - 1]!)) i--;
        top.splice(i, 0, { score, best, nameKey, doc: this.docs[at]! });
        if (top.length > limit) top.pop();
      }
    }
    return {
      matches: top.map((m) => ({ payload: m.doc.payload, score: m.score, matched: FIELD_OF_RANK[m.best]! })),
      total,
    };
  }

  private build(id: string, fields: TextFields, payload: T): Doc<T> {
    const name = fold(fields.name);
    const title = fields.title ? fold(fields.title) : '';
    const tags = fields.tags?.length ? fold(fields.tags.join(' ')) : '';
    const description = fields.description ? fold(fields.description.slice(0, MAX_DESCRIPTION_CHARS)) : '';
    const other = fields.other ? fold(fields.other.filter((o) => o).join(' ')) : '';
    const nameEnd = name.length;
    const titleEnd = nameEnd + 1 + title.length;
    const tagsEnd = titleEnd + 1 + tags.length;
    const kind = fields.kind.toLowerCase();
    let kindId = this.kindIds.get(kind);
    if (kindId === undefined) {
      kindId = this.kindIds.size;
      this.kindIds.set(kind, kindId);
    }
    return {
      id,
      hay: `${name}\n${title}\n${tags}\n${description}\n${other}`,
      name,
      nameEnd,
      titleEnd,
      tagsEnd,
      descriptionEnd: tagsEnd + 1 + description.length,
      kind: kindId,
      payload,
    };
  }

  /** The plan of the word found in the fewest documents of a few chunks spread over the index. */
  private rarest(plans: WordPlan[]): WordPlan {
    const chunkCount = Math.ceil(this.docs.length / CHUNK);
    const samples = [...new Set([0, 1, 2, 3].map((i) => Math.floor((chunkCount * i) / 4)))].filter(
      (c) => c < chunkCount,
    );
    let best = plans[0]!;
    let fewest = Number.POSITIVE_INFINITY;
    for (const plan of plans) {
      let count = 0;
      for (const c of samples) {
        const { text, starts } = this.chunk(c);
        let d = 0;
        for (let hit = find(text, plan, 0); hit !== -1; count++) {
          while (starts[d + 1]! <= hit) d++;
          hit = find(text, plan, starts[++d]!);
        }
      }
      if (count < fewest || (count === fewest && plan.rarity < best.rarity)) {
        fewest = count;
        best = plan;
      }
    }
    return best;
  }

  /** Counts the characters of a text in or out of `frequency`. */
  private count(hay: string, delta: 1 | -1): void {
    for (let i = 0; i < hay.length; i++) this.frequency[Math.min(hay.charCodeAt(i), OTHER_CHARS)]! += delta;
  }

  /** The text of the document at a position: its own until joined, else its part of the chunk's. */
  private hayAt(at: number): string {
    const doc = this.docs[at]!;
    if (doc.hay !== undefined) return doc.hay;
    const { text, starts } = this.chunks[Math.floor(at / CHUNK)]!;
    const i = at % CHUNK;
    return text.slice(starts[i]!, starts[i + 1]! - 1);
  }

  private touch(at: number): void {
    const chunk = this.chunks[Math.floor(at / CHUNK)];
    if (chunk) chunk.stale = true;
  }

  /** The chunk's joined text and ranking data, joined again first when stale. */
  private chunk(c: number): Chunk {
    const known = this.chunks[c];
    if (known && !known.stale) return known;
    const first = c * CHUNK;
    const count = Math.min(CHUNK, this.docs.length - first);
    const hays: string[] = [];
    const starts = new Int32Array(count + 1);
    const ends = new Int32Array(count * 4);
    const kinds = new Int32Array(count);
    const nameKeys = new Float64Array(count);
    let offset = 0;
    for (let i = 0; i < count; i++) {
      const doc = this.docs[first + i]!;
      const hay = this.hayAt(first + i);
      hays.push(hay);
      starts[i] = offset;
      offset += hay.length + 1;
      ends[i * 4] = doc.nameEnd;
      ends[i * 4 + 1] = doc.titleEnd;
      ends[i * 4 + 2] = doc.tagsEnd;
      ends[i * 4 + 3] = doc.descriptionEnd;
      kinds[i] = doc.kind;
      nameKeys[i] = nameKeyOf(doc.name);
    }
    starts[count] = offset;
    hays.push('');
    const chunk: Chunk = { text: hays.join('\n'), starts, ends, kinds, nameKeys, stale: false };
    this.chunks[c] = chunk;
    // The texts now live in the chunk only.
    for (let i = 0; i < count; i++) this.docs[first + i]!.hay = undefined;
    return chunk;
  }
}
