import { Skeleton, Stack } from '@mantine/core';

/** What a page shows while its code or first data loads. */
export function PageSkeleton() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading">
      <Skeleton height={36} width="40%" />
      <Skeleton height={18} width="70%" />
      <Skeleton height={240} />
    </Stack>
  );
}
