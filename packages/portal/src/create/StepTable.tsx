import { Badge, Code, Table } from '@mantine/core';
import type { TaskStatus, TaskStepStatus } from '@paved/client';

export const STATUS_COLOR: Record<TaskStepStatus | TaskStatus, string> = {
  open: 'gray',
  processing: 'blue',
  completed: 'green',
  skipped: 'gray',
  failed: 'red',
  cancelled: 'orange',
};

/** A task's or a dry-run's status; a dot, since light badges' coloured text fails contrast on its tint. */
export function StatusBadge(props: { status: TaskStepStatus | TaskStatus; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge variant="dot" color={STATUS_COLOR[props.status]} size={props.size ?? 'md'}>
      {props.status}
    </Badge>
  );
}

interface StepRow {
  id: string;
  name: string;
  action: string;
  status: TaskStepStatus;
  durationMs?: number;
}

function duration(step: StepRow): string {
  if (step.durationMs !== undefined) return `${(step.durationMs / 1000).toFixed(1)} s`;
  return step.status === 'processing' ? 'running…' : '—';
}

/** The steps of a task or a dry-run, with status and time. */
export function StepTable({ steps }: { steps: StepRow[] }) {
  return (
    <Table withTableBorder aria-label="Steps">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Step</Table.Th>
          <Table.Th>Action</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Time</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {steps.map((step) => (
          <Table.Tr key={step.id} data-testid={`step-${step.id}`}>
            <Table.Td>{step.name}</Table.Td>
            <Table.Td>
              <Code>{step.action}</Code>
            </Table.Td>
            <Table.Td>
              <StatusBadge status={step.status} />
            </Table.Td>
            <Table.Td>{duration(step)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
