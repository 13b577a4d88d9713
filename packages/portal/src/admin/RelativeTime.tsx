import { Text, Tooltip } from '@mantine/core';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** "3 minutes ago" for an ISO time. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relative.format(Math.round(seconds / size), unit);
    }
  }
  return iso;
}

/** A time said relatively, with the exact time on hover and for assistive technology. */
export function RelativeTime(props: { iso: string | null; never?: string }) {
  if (!props.iso) return <Text size="sm">{props.never ?? 'never'}</Text>;
  const full = exact.format(new Date(props.iso));
  return (
    <Tooltip label={full}>
      <Text size="sm" component="time" dateTime={props.iso} title={full} style={{ whiteSpace: 'nowrap' }}>
        {formatRelative(props.iso)}
      </Text>
    </Tooltip>
  );
}
