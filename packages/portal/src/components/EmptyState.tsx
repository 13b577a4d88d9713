import { Stack, Text, ThemeIcon } from '@mantine/core';
import { IconMoodEmpty } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** A friendly explanation where a list has nothing to show, and what to do about it. */
export function EmptyState(props: { title: string; children?: ReactNode; icon?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py="xl" data-testid="empty-state">
      <ThemeIcon size={48} radius="xl" variant="light" color="gray" aria-hidden>
        {props.icon ?? <IconMoodEmpty size={28} />}
      </ThemeIcon>
      <Text fw={600}>{props.title}</Text>
      {props.children ? (
        <Text size="sm" c="dimmed" ta="center" maw={480}>
          {props.children}
        </Text>
      ) : null}
    </Stack>
  );
}
