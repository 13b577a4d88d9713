import { Title } from '@mantine/core';

// Placeholder while the page is being written.
export function CatalogPage() {
  return <Title order={1}>CatalogPage</Title>;
}
