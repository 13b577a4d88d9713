/** Text helpers of TextIndex: folding, words of a term, and finding a word fast. */

export const MAX_SEARCH_WORDS = 10;

// biome-ignore lint/suspicious/noControlCharactersInRegex: any character outside ASCII
const NON_ASCII = /[^\u0000-\u007f]/;

/** Lower-cased, without accents (`Lucía` → `lucia`), so that a search need not type them. */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(/\p{M}+/gu, '') : lower;
}

/** The words of a search term, folded and de-duplicated; at most MAX_SEARCH_WORDS. */
export function searchWords(term: string): string[] {
  const words = fold(term)
    .split(/\s+/)
    .filter((w) => w.length > 0);
  return [...new Set(words)].slice(0, MAX_SEARCH_WORDS);
}

/** `checkout-service`, `checkout service` and `checkout_service` compare equal. */
export function compact(text: string): string {
  return text.replace(/[\s\-_.:/]+/g, '');
}

/**
 * The first seven characters of a name as one number that sorts as they do (7 bits each), so
 * that most ties between equal scores are settled without comparing strings.
 */
export function nameKeyOf(name: string): number {
  let key = 0;
  for (let i = 0; i < 7; i++) key = key * 128 + (i < name.length ? Math.min(name.charCodeAt(i), 127) : 0);
  return key;
}

/** Character codes counted one by one in character frequencies; everything above shares the last slot. */
export const OTHER_CHARS = 128;

/**
 * A word to find, searched for from its rarest character on: `indexOf` looks for the first
 * character of what it is given and checks the rest, so a common first character (`s` of
 * `service`) costs a check every few bytes, a rare one (`v`) every few hundred.
 */
export interface WordPlan {
  word: string;
  /** Position of the rarest character in the word. */
  anchor: number;
  /** The word from the anchor on, and before it. */
  needle: string;
  prefix: string;
  /** How often the anchor character occurs in the indexed text. */
  rarity: number;
}

/** How to look for a word, given how often each character occurs in the text searched. */
export function planWord(word: string, frequency: Float64Array): WordPlan {
  let anchor = 0;
  let rarity = Number.POSITIVE_INFINITY;
  for (let i = 0; i < word.length; i++) {
    const count = frequency[Math.min(word.charCodeAt(i), OTHER_CHARS)]!;
    if (count < rarity) {
      rarity = count;
      anchor = i;
    }
  }
  return { word, anchor, needle: word.slice(anchor), prefix: word.slice(0, anchor), rarity };
}

/** The first occurrence of a planned word in `text` that starts at `from` or later; -1 if none. */
export function find(text: string, plan: WordPlan, from: number): number {
  let at = text.indexOf(plan.needle, from + plan.anchor);
  while (at !== -1) {
    const start = at - plan.anchor;
    if (plan.prefix.length === 0 || text.startsWith(plan.prefix, start)) return start;
    at = text.indexOf(plan.needle, at + 1);
  }
  return -1;
}
