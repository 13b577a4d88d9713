import { Select } from '@mantine/core';
import type { FacetCount } from '@paved/client';
import { KindIcon } from '../components/KindIcon.tsx';
import { ALL_KINDS } from './catalogState.ts';

/** Built-in kinds first, in the order people look for them; other kinds after, by name. */
const KIND_ORDER = [
  'component',
  'api',
  'resource',
  'system',
  'domain',
  'group',
  'user',
  'template',
  'location',
];

function rank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind.toLowerCase());
  return i === -1 ? KIND_ORDER.length : i;
}

/** The kind of entity listed, with how many of each kind match the other filters. */
export function KindSelector(props: {
  kind: string;
  counts: FacetCount[] | undefined;
  onChange: (kind: string) => void;
}) {
  const counts = [...(props.counts ?? [])].sort(
    (a, b) => rank(a.value) - rank(b.value) || a.value.localeCompare(b.value),
  );
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const options = counts.map((c) => ({ value: c.value.toLowerCase(), label: `${c.value} (${c.count})` }));
  if (props.kind !== ALL_KINDS && !options.some((o) => o.value === props.kind)) {
    // The kind in the URL matches nothing under these filters: keep it selectable and say so.
    options.push({ value: props.kind, label: `${props.kind} (0)` });
  }
  return (
    <Select
      label="Kind"
      data={[{ value: ALL_KINDS, label: props.counts ? `All kinds (${total})` : 'All kinds' }, ...options]}
      value={props.kind}
      onChange={(value) => value && props.onChange(value)}
      allowDeselect={false}
      leftSection={props.kind === ALL_KINDS ? null : <KindIcon kind={props.kind} size={16} />}
      comboboxProps={{ withinPortal: true }}
      data-testid="kind-select"
      w={220}
    />
  );
}
