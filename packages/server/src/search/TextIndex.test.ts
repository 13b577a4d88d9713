import { describe, expect, it } from 'vitest';
import { fold, searchWords, type TextFields, TextIndex } from './TextIndex.ts';

function index(docs: (Partial<TextFields> & { name: string })[]): TextIndex<string> {
  const result = new TextIndex<string>();
  for (const doc of docs) result.upsert(doc.name, { kind: 'Component', ...doc }, doc.name);
  return result;
}

function find(idx: TextIndex<string>, term: string, options: { kinds?: string[]; limit?: number } = {}) {
  const { matches, total } = idx.search({
    words: searchWords(term),
    kinds: options.kinds ?? [],
    limit: options.limit ?? 10,
  });
  return { names: matches.map((m) => m.payload), matched: matches.map((m) => m.matched), total };
}

describe('TextIndex ranking', () => {
  it('ranks exact name, name prefix, name substring, title, tags, description, then other fields', () => {
    const idx = index([
      { name: 'zeta', description: 'talks to the payment provider' },
      { name: 'eta', tags: ['payment'] },
      { name: 'theta', title: 'Payment Gateway' },
      { name: 'old-payment-adapter' },
      { name: 'payment-service' },
      { name: 'payment' },
      { name: 'iota', other: ['payment'] },
      { name: 'unrelated', description: 'nothing to see' },
    ]);
    const found = find(idx, 'payment');
    expect(found.names).toEqual([
      'payment',
      'payment-service',
      'old-payment-adapter',
      'theta',
      'eta',
      'zeta',
      'iota',
    ]);
    expect(found.matched).toEqual(['name', 'name', 'name', 'title', 'tags', 'description', 'other']);
    expect(found.total).toBe(7);
  });

  it('breaks ties by name', () => {
    const idx = index([{ name: 'payment-c' }, { name: 'payment-a' }, { name: 'payment-b' }]);
    expect(find(idx, 'payment').names).toEqual(['payment-a', 'payment-b', 'payment-c']);
  });

  it('needs every word somewhere, in any fields, and ranks by the best field', () => {
    const idx = index([
      { name: 'checkout', description: 'runs the basket' },
      { name: 'basket', title: 'Checkout basket' },
      { name: 'checkout-ui', description: 'the web front end' },
    ]);
    const found = find(idx, 'basket checkout');
    expect(found.names).toEqual(['basket', 'checkout']);
    expect(found.total).toBe(2);
  });

  it('takes a term naming the whole name as an exact match, whatever separates its words', () => {
    const idx = index([{ name: 'checkout-service-v2' }, { name: 'checkout-service' }, { name: 'checkout' }]);
    expect(find(idx, 'Checkout Service').names).toEqual(['checkout-service', 'checkout-service-v2']);
    expect(find(idx, 'checkout').names[0]).toBe('checkout');
  });

  it('ignores case and accents in terms and documents', () => {
    const idx = index([{ name: 'lucia.fernandez', title: 'Lucía Fernández' }, { name: 'ÉCOLE' }]);
    expect(find(idx, 'FERNÁNDEZ').names).toEqual(['lucia.fernandez']);
    expect(find(idx, 'ecole').names).toEqual(['ÉCOLE']);
    expect(fold('Ärger ÅSA')).toBe('arger asa');
  });

  it('never matches a word across two fields', () => {
    const idx = index([{ name: 'alpha', title: 'beta' }]);
    expect(find(idx, 'alphabeta').total).toBe(0);
    expect(find(idx, 'alpha beta').total).toBe(1);
  });

  it('keeps only the asked kinds, and the best `limit` while counting every match', () => {
    const idx = new TextIndex<string>();
    idx.upsert('a', { name: 'shop-api', kind: 'API' }, 'a');
    idx.upsert('b', { name: 'shop', kind: 'Component' }, 'b');
    idx.upsert('c', { name: 'shop-db', kind: 'Resource' }, 'c');
    expect(find(idx, 'shop', { kinds: ['api', 'resource'] }).names).toEqual(['a', 'c']);
    const limited = find(idx, 'shop', { limit: 1 });
    expect(limited).toEqual({ names: ['b'], matched: ['name'], total: 3 });
  });

  it('finds nothing for an empty term', () => {
    const idx = index([{ name: 'anything' }]);
    expect(find(idx, '   ')).toEqual({ names: [], matched: [], total: 0 });
  });
});

describe('TextIndex updates', () => {
  it('answers like a plain scan through rounds of upserts, replacements, removals and searches', () => {
    const words = ['payment', 'checkout', 'search', 'ledger', 'fraud', 'media', 'tax'];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    const fieldsOf = (i: number): TextFields => ({
      name: `${words[random(words.length)]}-${i}`,
      title: random(3) === 0 ? `${words[random(words.length)]} things` : undefined,
      description: `works with ${words[random(words.length)]}`,
      other: random(2) ? ['api'] : undefined,
      kind: random(2) ? 'API' : 'Component',
    });
    const idx = new TextIndex<string>();
    const reference = new Map<string, TextFields>();
    for (let round = 0; round < 12; round++) {
      for (let op = 0; op < 400; op++) {
        const id = `id-${random(1200)}`;
        if (random(3) === 0) {
          idx.remove(id);
          reference.delete(id);
        } else {
          const fields = fieldsOf(random(100000));
          idx.upsert(id, fields, id);
          reference.set(id, fields);
        }
      }
      expect(idx.size).toBe(reference.size);
      for (const term of ['payment', 'media works', 'things tax', 'api', 'zzz']) {
        const termWords = searchWords(term);
        const expected = [...reference.entries()]
          .filter(([, f]) => {
            const text = fold(
              [f.name, f.title, f.description, ...(f.other ?? [])].filter(Boolean).join('\n'),
            );
            return termWords.every((w) => text.includes(w));
          })
          .map(([id]) => id)
          .sort();
        const { matches, total } = idx.search({ words: termWords, kinds: [], limit: 5000 });
        expect(total, `${term} in round ${round}`).toBe(expected.length);
        expect(matches.map((m) => m.payload).sort(), `${term} in round ${round}`).toEqual(expected);
      }
    }
  });
});
