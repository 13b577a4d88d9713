import { Title } from '@mantine/core';

// Placeholder while the page is being written.
export function EntityPage() {
  return <Title order={1}>EntityPage</Title>;
}
