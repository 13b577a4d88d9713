import { Box, Group, Text } from '@mantine/core';

const COLORS: Record<string, string> = {
  production: 'green',
  experimental: 'blue',
  deprecated: 'red',
};

/**
 * The lifecycle of a component, API or resource, with a dot coloured by how safe it is to depend
 * on. The word keeps the body colour (tinted badges fail AA contrast for green), and is never cut off.
 */
export function LifecycleBadge(props: { lifecycle: string | undefined }) {
  if (!props.lifecycle) return null;
  const color = COLORS[props.lifecycle.toLowerCase()] ?? 'gray';
  return (
    <Group gap={6} wrap="nowrap" component="span">
      <Box
        component="span"
        aria-hidden
        w={8}
        h={8}
        style={{ borderRadius: '50%', flex: 'none', background: `var(--mantine-color-${color}-filled)` }}
      />
      <Text component="span" size="sm">
        {props.lifecycle}
      </Text>
    </Group>
  );
}
