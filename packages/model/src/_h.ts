import { parseYamlDocuments } from './yamlDocuments.ts';
for (const n of [1_000_000, 4_000_000]) {
  for (const [name, text] of [['tab+[', '\t' + '['.repeat(n)], ['[', '['.repeat(n)], ['- ', '\t\n' + '- '.repeat(n / 2)], ['{a:', '\t\n' + '{a: '.repeat(n / 4)]] as const) {
    const t = performance.now();
    const r = parseYamlDocuments(text, { maxDocuments: 50000, maxAliasCount: 100, maxDepth: 256 });
    console.log(n, name, (performance.now() - t).toFixed(0) + 'ms', r.errors.length, r.errors[0]?.message.slice(0, 80));
  }
}
