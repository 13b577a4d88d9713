/** Every string inside a value (secrets may be nested objects). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * A function that replaces every occurrence of every secret value in a text with `***`, longest
 * value first (so a secret containing another is hidden whole). Used on every log line a run
 * writes, and on rendered inputs before they are logged.
 */
export function createRedactor(...secretSets: unknown[]): (text: string) => string {
  const values = [...new Set(secretSets.flatMap(stringsIn))].filter((v) => v.length > 0);
  values.sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const value of values) out = out.split(value).join('***');
    return out;
  };
}
