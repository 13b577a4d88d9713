import { Anchor, Checkbox, Group, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import type { FacetCount } from '@paved/client';
import { IconSearch } from '@tabler/icons-react';
import { useId, useMemo, useState } from 'react';

/** Values shown before "Show more", and at most after it; the filter box reaches the rest. */
const TOP = 8;
const EXPANDED = 40;

interface FacetValue {
  value: string;
  count: number;
  selected: boolean;
}

/**
 * The values to list: the selected ones first (even when nothing matches them any more), then the
 * rest by count. With thousands of values (owners at 100k entities) only the top few are drawn;
 * typing in the filter box narrows the whole list.
 */
export function visibleFacetValues(
  counts: FacetCount[],
  selected: string[],
  options: { text: string; limit: number; label: (value: string) => string },
): { shown: FacetValue[]; hidden: number } {
  const selectedKeys = new Set(selected.map((v) => v.toLowerCase()));
  const byKey = new Map(counts.map((c) => [c.value.toLowerCase(), c]));
  const picked: FacetValue[] = selected.map((value) => ({
    value: byKey.get(value.toLowerCase())?.value ?? value,
    count: byKey.get(value.toLowerCase())?.count ?? 0,
    selected: true,
  }));
  const needle = options.text.trim().toLowerCase();
  const rest = counts
    .filter((c) => !selectedKeys.has(c.value.toLowerCase()))
    .filter(
      (c) =>
        !needle ||
        c.value.toLowerCase().includes(needle) ||
        options.label(c.value).toLowerCase().includes(needle),
    )
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .map((c) => ({ ...c, selected: false }));
  const room = Math.max(0, options.limit - picked.length);
  return { shown: [...picked, ...rest.slice(0, room)], hidden: Math.max(0, rest.length - room) };
}

/** One facet of the sidebar: a group of checkboxes with counts (several values are ORed). */
export function FacetFilter(props: {
  label: string;
  counts: FacetCount[] | undefined;
  selected: string[];
  onChange: (selected: string[]) => void;
  /** How a value reads (owners show the name of their ref). */
  formatValue?: (value: string) => string;
}) {
  const { label, counts, selected, onChange } = props;
  const format = props.formatValue ?? ((value: string) => value);
  const titleId = useId();
  const [text, setText] = useState('');
  const [expanded, setExpanded] = useState(false);
  const { shown, hidden } = useMemo(
    () =>
      visibleFacetValues(counts ?? [], selected, {
        text,
        limit: expanded || text ? EXPANDED : TOP,
        label: format,
      }),
    [counts, selected, text, expanded, format],
  );

  if (counts === undefined) {
    return (
      <Stack gap={6} aria-busy="true">
        <Title order={3} size="sm">
          {label}
        </Title>
        <Skeleton height={16} width="80%" />
        <Skeleton height={16} width="60%" />
      </Stack>
    );
  }
  if (counts.length === 0 && selected.length === 0) return null;

  const toggle = (value: string, checked: boolean) =>
    onChange(
      checked ? [...selected, value] : selected.filter((v) => v.toLowerCase() !== value.toLowerCase()),
    );

  return (
    <Stack gap={6} role="group" aria-labelledby={titleId} data-testid={`facet-${label.toLowerCase()}`}>
      <Group justify="space-between" wrap="nowrap">
        <Title order={3} size="sm" id={titleId}>
          {label}
        </Title>
        {selected.length > 0 ? (
          <Anchor component="button" type="button" size="xs" onClick={() => onChange([])}>
            Clear
          </Anchor>
        ) : null}
      </Group>
      {counts.length > TOP ? (
        <TextInput
          size="xs"
          placeholder={`Find ${label.toLowerCase()}…`}
          aria-label={`Find a value of ${label}`}
          leftSection={<IconSearch size={14} aria-hidden />}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
        />
      ) : null}
      {shown.map((item) => (
        <Checkbox
          key={item.value}
          size="xs"
          checked={item.selected}
          onChange={(event) => toggle(item.value, event.currentTarget.checked)}
          label={
            <Group gap={6} wrap="nowrap" justify="space-between" w="100%">
              <Text size="sm" truncate="end" title={item.value}>
                {format(item.value)}
              </Text>
              <Text size="xs" c="dimmed">
                {item.count}
              </Text>
            </Group>
          }
          styles={{ body: { alignItems: 'center' }, labelWrapper: { flex: 1, minWidth: 0 } }}
        />
      ))}
      {text && shown.length === 0 ? (
        <Text size="xs" c="dimmed">
          No {label.toLowerCase()} matches "{text}"
        </Text>
      ) : null}
      {hidden > 0 && !expanded && !text ? (
        <Anchor component="button" type="button" size="xs" ta="left" onClick={() => setExpanded(true)}>
          Show more
        </Anchor>
      ) : null}
      {hidden > 0 && (expanded || text) ? (
        <Text size="xs" c="dimmed">
          {hidden} more: type to narrow the list
        </Text>
      ) : null}
      {expanded && !text && counts.length > TOP ? (
        <Anchor component="button" type="button" size="xs" ta="left" onClick={() => setExpanded(false)}>
          Show fewer
        </Anchor>
      ) : null}
    </Stack>
  );
}
