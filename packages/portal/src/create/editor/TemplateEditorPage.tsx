import { Title } from '@mantine/core';

/** Placeholder: replaced by the page itself. */
export function TemplateEditorPage() {
  return <Title order={1}>TemplateEditorPage</Title>;
}
