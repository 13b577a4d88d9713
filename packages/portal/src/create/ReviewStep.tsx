import { Stack, Table, Text, Title } from '@mantine/core';
import type { TemplateParameterStep } from '@paved/client';
import { pageFields } from './formSchema.ts';

function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every value of every page before "Create"; secrets are masked. */
export function ReviewStep(props: { steps: TemplateParameterStep[]; values: Record<string, unknown> }) {
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        Review
      </Title>
      <Text>Check the values; "Create" starts the task.</Text>
      {props.steps.map((step) => (
        <Stack key={step.title} gap={4}>
          <Title order={3} size="h5">
            {step.title}
          </Title>
          <Table withTableBorder layout="fixed" aria-label={`Values of ${step.title}`}>
            <Table.Tbody>
              {pageFields(step.schema).map((field) => (
                <Table.Tr key={field.name}>
                  <Table.Th w="30%" scope="row">
                    {field.title}
                  </Table.Th>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    {field.secret && props.values[field.name] !== undefined
                      ? '••••••••'
                      : show(props.values[field.name])}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ))}
    </Stack>
  );
}
