import { Title } from '@mantine/core';

/** Placeholder: replaced by the page itself. */
export function DocsPage() {
  return <Title order={1}>DocsPage</Title>;
}
