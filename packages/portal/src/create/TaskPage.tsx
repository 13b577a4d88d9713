import { Alert, Badge, Button, Code, Group, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { PavedHttpError, type ScaffolderTask } from '@paved/client';
import {
  IconAlertTriangle,
  IconExternalLink,
  IconPlayerStop,
  IconRefresh,
  IconTable,
} from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { errorMessage, useApi } from '../app/api.ts';
import { entityPath } from '../app/routes-paths.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { PageSkeleton } from '../components/PageSkeleton.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { TASK_HISTORY_PATH, templateFormPath } from './createPaths.ts';
import { STATUS_COLOR, StepTable } from './StepTable.tsx';
import { useTaskLog } from './useTaskLog.ts';

const ENDED = new Set(['completed', 'failed', 'cancelled']);

/** What the task made: "Open in catalog" for its entity, then the template's output links. */
function TaskOutput({ task }: { task: ScaffolderTask }) {
  const output = task.output ?? {};
  const links = (output.links ?? []).filter((l) => l.url || l.entityRef);
  if (!output.entityRef && links.length === 0) return null;
  return (
    <Group gap="sm">
      {output.entityRef ? (
        <Button
          component={Link}
          to={entityPath(output.entityRef)}
          leftSection={<IconTable size={16} aria-hidden />}
        >
          Open in catalog
        </Button>
      ) : null}
      {links.map((link) =>
        link.entityRef ? (
          <Button key={link.entityRef} variant="default" component={Link} to={entityPath(link.entityRef)}>
            {link.title ?? link.entityRef}
          </Button>
        ) : (
          <Button
            key={link.url}
            variant="default"
            component="a"
            href={link.url}
            target="_blank"
            rel="noreferrer"
            rightSection={<IconExternalLink size={14} aria-hidden />}
          >
            {link.title ?? link.url}
          </Button>
        ),
      )}
    </Group>
  );
}

/** `/create/tasks/:taskId`: a task's steps, live log, outcome and what it made. */
export function TaskPage() {
  const api = useApi();
  const taskId = useParams().taskId ?? '';
  const task = useQuery({
    queryKey: ['create', 'task', taskId],
    queryFn: ({ signal }) => api.getTask(taskId, signal),
    // The event stream triggers reads as steps move; polling is the safety net when it cannot.
    refetchInterval: (query) => (query.state.data && ENDED.has(query.state.data.status) ? false : 2_000),
  });
  const log = useTaskLog(taskId, task.data?.run, () => void task.refetch());
  const cancel = useMutation({ mutationFn: () => api.cancelTask(taskId), onSettled: () => task.refetch() });
  const retry = useMutation({ mutationFn: () => api.retryTask(taskId), onSuccess: () => task.refetch() });

  if (task.isPending) return <PageSkeleton />;
  if (task.isError) {
    if (task.error instanceof PavedHttpError && task.error.status === 404) {
      return (
        <EmptyState title="No such task">There is no task {taskId}. It may have been removed.</EmptyState>
      );
    }
    return <QueryError error={task.error} what="the task" retry={() => void task.refetch()} />;
  }
  const t = task.data;
  const title =
    typeof t.spec.templateInfo.entity.metadata.title === 'string'
      ? t.spec.templateInfo.entity.metadata.title
      : t.templateRef;
  const ended = ENDED.has(t.status);
  const actionError = cancel.error ?? retry.error;

  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <Text size="sm">
          <Link to="/create">Templates</Link> / <Link to={TASK_HISTORY_PATH}>Task history</Link> /{' '}
          <Link to={templateFormPath(t.templateRef)}>{title}</Link>
        </Text>
        <Group justify="space-between" align="center">
          <Title order={1}>Run of {title}</Title>
          <Group gap="sm">
            <Badge size="lg" variant="dot" color={STATUS_COLOR[t.status]} data-testid="task-status">
              {t.status}
            </Badge>
            {!ended ? (
              <Button
                variant="default"
                color="red"
                leftSection={<IconPlayerStop size={16} aria-hidden />}
                loading={cancel.isPending}
                onClick={() => cancel.mutate()}
              >
                Cancel
              </Button>
            ) : null}
            {t.status === 'failed' || t.status === 'cancelled' ? (
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} aria-hidden />}
                loading={retry.isPending}
                onClick={() => retry.mutate()}
              >
                Retry
              </Button>
            ) : null}
          </Group>
        </Group>
        <Text size="sm">
          Started by {t.createdBy} · run {t.run} · task <Code>{t.id}</Code>
        </Text>
      </Stack>
      {t.status === 'failed' ? (
        <Alert color="red" role="alert" icon={<IconAlertTriangle aria-hidden />} title="The task failed">
          {t.error?.message ?? 'A step failed; its log below says why.'}
        </Alert>
      ) : null}
      {actionError ? (
        <Alert color="red" role="alert" title="Could not do that">
          {errorMessage(actionError)}
        </Alert>
      ) : null}
      {t.status === 'completed' ? <TaskOutput task={t} /> : null}
      <StepTable steps={t.steps} />
      <Paper withBorder radius="md" p="md">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={2} size="h4">
              Log
            </Title>
            {log.live ? (
              <Badge variant="dot" color="blue">
                live
              </Badge>
            ) : null}
          </Group>
          {log.supported ? (
            <ScrollArea.Autosize mah={420} type="auto">
              <Code block role="log" aria-label="Task log" tabIndex={0}>
                {log.events.length === 0
                  ? 'Waiting for the first events…'
                  : log.events
                      .map(
                        (e) =>
                          `${e.createdAt.slice(11, 19)} ${e.body.stepId ? `[${e.body.stepId}] ` : ''}${e.body.message}`,
                      )
                      .join('\n')}
              </Code>
            </ScrollArea.Autosize>
          ) : (
            <Text size="sm">This browser cannot stream the log (no EventSource).</Text>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
