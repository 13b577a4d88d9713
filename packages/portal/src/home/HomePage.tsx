import { Title } from '@mantine/core';

// Placeholder while the page is being written.
export function HomePage() {
  return <Title order={1}>HomePage</Title>;
}
