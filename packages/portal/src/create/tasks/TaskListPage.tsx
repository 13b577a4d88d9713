import { Title } from '@mantine/core';

/** Placeholder: replaced by the page itself. */
export function TaskListPage() {
  return <Title order={1}>TaskListPage</Title>;
}
