import { Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import type { CatalogError, DescriptorError } from '@paved/client';
import type { ErrorLine } from './entityQueries.ts';

const KIND_LABELS: Record<CatalogError['kind'], string> = {
  file: 'File',
  entity: 'Entity',
  conflict: 'Conflict',
  dangling: 'Dangling reference',
};

/** Processing errors and warnings, each with the place in its file and the field. */
export function ProcessingErrorList(props: { lines: readonly ErrorLine[] }) {
  return (
    <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {props.lines.map(({ id, item, error, warning }) => (
        <Paper key={id} withBorder p="sm" component="li" data-testid="processing-error">
          <Group gap="xs" mb={4}>
            <Badge color={warning ? 'yellow' : 'red'} variant="light" radius="sm">
              {warning ? 'Warning' : 'Error'}
            </Badge>
            <Badge variant="default" radius="sm">
              {KIND_LABELS[item.kind] ?? item.kind}
            </Badge>
            {item.served && !warning ? (
              <Text size="xs" c="var(--paved-muted)">
                The last good version is still served
              </Text>
            ) : null}
          </Group>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {error.message}
          </Text>
          <Group gap="md" mt={4}>
            <Text size="xs" c="var(--paved-muted)" component="span">
              at <Code>{position(item, error)}</Code>
            </Text>
            {error.path ? (
              <Text size="xs" c="var(--paved-muted)" component="span">
                field <Code>{error.path}</Code>
              </Text>
            ) : null}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

/** `path/to/catalog-info.yaml:12:5`, as editors and terminals link it. */
function position(item: CatalogError, error: DescriptorError): string {
  const file = item.location.replace(/^file:/, '');
  if (error.line === undefined)
    return item.document !== null ? `${file} (document ${item.document + 1})` : file;
  return error.column === undefined ? `${file}:${error.line}` : `${file}:${error.line}:${error.column}`;
}
