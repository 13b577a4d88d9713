import fc from 'fast-check';
import { dump } from 'js-yaml';
import { parseAllDocuments, stringify } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { parseYamlDocuments } from './yamlDocuments.ts';
const limits = { maxDocuments: 1000, maxAliasCount: 100, maxDepth: 64 };
function bs(text: string) { const docs = parseAllDocuments(text, { merge: false }); const values: any[] = []; const failed: number[] = []; (Array.isArray(docs) ? docs : []).forEach((doc, i) => { if (doc.errors.length) { failed.push(i); return; } let v; try { v = doc.toJSON(); } catch { failed.push(i); return; } if (v !== null) values.push([i, v]); }); return { values, failed }; }
function pv(text: string) { const p = parseYamlDocuments(text, limits); return { values: p.documents.map((d) => [d.index, d.value]), failed: p.errors.map((e) => e.document ?? -1) }; }
const same = (t: string) => { const a = pv(t), b = bs(t); if (!isDeepStrictEqual(a, b)) { console.log('DIFF', JSON.stringify(t), JSON.stringify(a), JSON.stringify(b)); return false; } return true; };
const unit = fc.constantFrom(...'0123456789.+-eExXoObB_~:#&*!|>\'"%@`,[]{}? aNnTtFfIi\n\r\\'.split(''), '\u2028', '\u0085', '\uFEFF', 'é', '- ', ': ', '  ', '\n  ', '---', '...');
const scalar = fc.array(unit, { maxLength: 10 }).map((x) => x.join(''));
const seed = Number(process.argv[2] ?? 1);
fc.assert(fc.property(scalar, scalar, (k, v) => [`${k}: ${v}\n`, `- ${v}\n`, `{${k}: ${v}}\n`, `a: [${v}]\n`, `${v}\n`, `a:\n  ${k}: ${v}\n  b: 1\n`, `${k}\n`, `- ${k}\n  ${v}\n`].every(same)), { numRuns: 40000, seed });
console.log('scalars ok');
const options = fc.record({ defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'), defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'), collectionStyle: fc.constantFrom('any', 'block', 'flow'), indent: fc.integer({ min: 1, max: 4 }), lineWidth: fc.constantFrom(0, 10, 80), minContentWidth: fc.constantFrom(0, 20) });
const strs = fc.string({ unit: fc.oneof(fc.constantFrom(...' \n\t:#-"\'\\é\u2028'.split('')), fc.string({minLength: 1, maxLength: 1})), maxLength: 12 });
const json = fc.letrec<any>((tie) => ({ v: fc.oneof({ depthSize: 'small' }, strs, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(strs, tie('v'), { maxKeys: 3 })) })).v;
fc.assert(fc.property(fc.array(json, { minLength: 1, maxLength: 3 }), options, (vals, o) => same(vals.map((v) => stringify(v, { ...(o as any), aliasDuplicateObjects: false })).join('---\n'))), { numRuns: 20000, seed });
console.log('yaml styles ok');
fc.assert(fc.property(fc.array(json, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.integer({ min: -1, max: 3 }), (vals, q, f) => same(vals.map((v) => dump(v, { forceQuotes: q, flowLevel: f, noRefs: true, skipInvalid: true })).join('---\n'))), { numRuns: 20000, seed });
console.log('js-yaml styles ok');
const frag = fc.constantFrom('a', 'b: ', '- ', '? ', ': ', '[', ']', '{', '}', ', ', '#c', ' ', '  ', '"q"', "'s'", '|', '>', '|-', '1', '~', 'x y', '\n', '\n  ', '\n    ', '---\n', '"multi\n line"', "'it''s'", '&', '*', '!', 'null', '0x1', '.5', '__proto__', '$text', ':');
fc.assert(fc.property(fc.array(frag, { maxLength: 25 }), (parts) => same(parts.join('') + '\n')), { numRuns: 60000, seed });
console.log('fragments ok');
