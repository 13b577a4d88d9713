/** How `paved template run` and `paved create` show steps and a template's output. */

export interface StepLine {
  id: string;
  name: string;
  status: string;
  durationMs?: number | undefined;
}

function duration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One aligned line per step: status, id, duration and name. */
export function stepLines(steps: StepLine[]): string[] {
  const idWidth = Math.max(0, ...steps.map((s) => s.id.length));
  return steps.map(
    (s) =>
      `  ${s.status.padEnd(9)}  ${s.id.padEnd(idWidth)}  ${duration(s.durationMs).padStart(8)}  ${s.name}`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The template's `output`: its links, its text items, then any other value, one per line. */
export function outputLines(output: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const links = Array.isArray(output.links) ? output.links.filter(isRecord) : [];
  for (const link of links) {
    const target = link.url ?? link.entityRef ?? '';
    const title = typeof link.title === 'string' && link.title !== '' ? link.title : 'Link';
    lines.push(`  ${title}: ${String(target)}`);
  }
  const texts = Array.isArray(output.text) ? output.text.filter(isRecord) : [];
  for (const text of texts) {
    if (typeof text.title === 'string' && text.title !== '') lines.push(`  ${text.title}:`);
    for (const line of String(text.content ?? '').split('\n')) lines.push(`    ${line}`);
  }
  for (const [key, value] of Object.entries(output)) {
    if (key === 'links' || key === 'text' || value === undefined || value === '') continue;
    lines.push(`  ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return lines;
}
