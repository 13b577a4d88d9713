import { Title } from '@mantine/core';

/** Placeholder: replaced by the page itself. */
export function DocsIndexPage() {
  return <Title order={1}>DocsIndexPage</Title>;
}
