import { Title } from '@mantine/core';

// Placeholder while the page is being written.
export function AdminPage() {
  return <Title order={1}>AdminPage</Title>;
}
