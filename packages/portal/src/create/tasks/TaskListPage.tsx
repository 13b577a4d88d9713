import {
  Anchor,
  Group,
  Pagination,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import type { ScaffolderTask, TaskStatus } from '@paved/client';
import { IconHistory } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MouseEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formatRelative } from '../../admin/RelativeTime.tsx';
import { useApi } from '../../app/api.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { EntityRefLink } from '../../components/EntityRefLink.tsx';
import { PageSkeleton } from '../../components/PageSkeleton.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useIdentity } from '../../identity/useIdentity.ts';
import { taskPath, templateFormPath } from '../createPaths.ts';
import { StatusBadge } from '../StepTable.tsx';

/** Tasks per page. */
const PAGE_SIZE = 20;

const STATUSES: TaskStatus[] = ['open', 'processing', 'completed', 'failed', 'cancelled'];

const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function templateTitle(task: ScaffolderTask): string {
  const title = task.spec.templateInfo.entity.metadata.title;
  return typeof title === 'string' ? title : task.templateRef.replace(/^template:(default\/)?/, '');
}

/** "1.2 s", "3 min 4 s"; "running…" for a task that has not ended. */
export function taskDuration(task: ScaffolderTask): string {
  if (!task.startedAt) return task.status === 'open' ? 'waiting' : '—';
  if (!task.endedAt) return 'running…';
  const ms = new Date(task.endedAt).getTime() - new Date(task.startedAt).getTime();
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function TaskRow({ task }: { task: ScaffolderTask }) {
  const navigate = useNavigate();
  const full = exact.format(new Date(task.createdAt));
  // The whole row opens the task; its links (the run, the template, the user) stay links.
  const open = (event: MouseEvent) => {
    if ((event.target as HTMLElement).closest('a, button')) return;
    void navigate(taskPath(task.id));
  };
  return (
    <Table.Tr data-testid="task-row" onClick={open} style={{ cursor: 'pointer' }}>
      <Table.Td>
        <Anchor component={Link} to={templateFormPath(task.templateRef)} size="sm">
          {templateTitle(task)}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={task.status} />
      </Table.Td>
      <Table.Td>
        <Tooltip label={full}>
          <Anchor component={Link} to={taskPath(task.id)} size="sm" style={{ whiteSpace: 'nowrap' }}>
            <VisuallyHidden>Run of {templateTitle(task)}, started </VisuallyHidden>
            <time dateTime={task.createdAt}>{formatRelative(task.createdAt)}</time>
          </Anchor>
        </Tooltip>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{taskDuration(task)}</Table.Td>
      <Table.Td>
        <EntityRefLink entityRef={task.createdBy} defaultKind="user" />
      </Table.Td>
    </Table.Tr>
  );
}

/** `/create/tasks`: the runs of templates, newest first; yours unless you ask for everyone's. */
export function TaskListPage() {
  const api = useApi();
  const identity = useIdentity();
  const [params, setParams] = useSearchParams();
  const everyone = params.get('who') === 'all';
  const status = STATUSES.find((s) => s === params.get('status'));
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const userRef = identity.data?.userRef;

  const tasks = useQuery({
    queryKey: ['create', 'tasks', everyone ? 'all' : userRef, status, page],
    queryFn: ({ signal }) =>
      api.listTasks(
        {
          ...(everyone ? {} : { createdBy: [userRef as string] }),
          ...(status ? { status: [status] } : {}),
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
          order: 'desc',
        },
        signal,
      ),
    enabled: everyone || userRef !== undefined,
    placeholderData: keepPreviousData,
    // Open and running tasks move on: their rows follow while the page is open.
    refetchInterval: (query) =>
      query.state.data?.tasks.some((t) => t.status === 'open' || t.status === 'processing') ? 3_000 : false,
  });

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };

  const pages = tasks.data ? Math.max(1, Math.ceil(tasks.data.totalTasks / PAGE_SIZE)) : 1;

  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <Text size="sm">
          <Link to="/create">Templates</Link> / Task history
        </Text>
        <Title order={1}>Task history</Title>
        <Text>Every run of a template, newest first. Open one to see its steps, log and output.</Text>
      </Stack>
      <Group gap="md" align="flex-end">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="task-owner-label">
            Started by
          </Text>
          <SegmentedControl
            aria-labelledby="task-owner-label"
            value={everyone ? 'all' : 'mine'}
            onChange={(value) => update({ who: value === 'all' ? 'all' : undefined, page: undefined })}
            data={[
              { value: 'mine', label: 'Me' },
              { value: 'all', label: 'Everyone' },
            ]}
          />
        </Stack>
        <Select
          label="Status"
          data={[{ value: '', label: 'Any status' }, ...STATUSES.map((s) => ({ value: s, label: s }))]}
          value={status ?? ''}
          allowDeselect={false}
          onChange={(value) => update({ status: value || undefined, page: undefined })}
          w={180}
        />
      </Group>
      {!everyone && identity.data?.kind === 'guest' ? (
        <Text size="sm">
          You are not signed in: these are the tasks started as a guest.{' '}
          <Anchor component={Link} to="/sign-in" size="sm" underline="always">
            Sign in
          </Anchor>{' '}
          to see yours.
        </Text>
      ) : null}
      {identity.isError ? (
        <QueryError error={identity.error} what="who you are" retry={() => void identity.refetch()} />
      ) : tasks.isPending ? (
        <PageSkeleton />
      ) : tasks.isError ? (
        <QueryError error={tasks.error} what="the tasks" retry={() => void tasks.refetch()} />
      ) : tasks.data.tasks.length === 0 ? (
        <EmptyState title="No tasks here" icon={<IconHistory size={28} />}>
          {status || !everyone
            ? 'Nothing matches these filters. Show everyone’s tasks, or any status.'
            : 'No template has run yet. Choose one on the Create page.'}
        </EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table highlightOnHover aria-label="Tasks" data-testid="task-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Template</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Duration</Table.Th>
                  <Table.Th>Created by</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tasks.data.tasks.map((task) => (
                  <TaskRow key={task.id} task={task} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between">
            <Text size="sm" aria-live="polite">
              {tasks.data.totalTasks} {tasks.data.totalTasks === 1 ? 'task' : 'tasks'}
              <VisuallyHidden>
                , page {page} of {pages}
              </VisuallyHidden>
            </Text>
            {pages > 1 ? (
              <Pagination
                total={pages}
                value={Math.min(page, pages)}
                onChange={(next) => update({ page: next === 1 ? undefined : String(next) })}
                getControlProps={(control) => ({ 'aria-label': `${control} page` })}
                getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
              />
            ) : null}
          </Group>
        </>
      )}
    </Stack>
  );
}
