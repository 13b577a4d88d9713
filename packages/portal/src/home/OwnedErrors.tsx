import { Alert, Anchor, Badge, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { isWarning, positionOf } from '../admin/errorFormat.ts';
import { EntityRefLink } from '../components/EntityRefLink.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { useOwnedErrors } from './useOwnership.ts';

const SHOWN = 8;

/** Processing errors of what the user's groups own: the files they should fix. */
export function OwnedErrors(props: { ownershipRefs: string[] }) {
  const owned = useOwnedErrors(props.ownershipRefs);
  const errors = owned.data?.errors ?? [];
  return (
    <section aria-labelledby="home-errors-title">
      <Title order={2} size="h4" id="home-errors-title" mb="xs">
        Processing errors in your files
      </Title>
      <Paper withBorder p="sm" radius="md">
        {owned.error ? (
          <QueryError error={owned.error} what="processing errors" retry={() => void owned.refetch()} />
        ) : owned.isPending ? (
          <Skeleton height={60} />
        ) : errors.length === 0 ? (
          <Group gap="xs" data-testid="owned-errors-none">
            <IconCircleCheck size={20} aria-hidden color="var(--mantine-color-green-8)" />
            <Text size="sm">Every file your teams own was read without errors.</Text>
          </Group>
        ) : (
          <Stack gap="sm">
            {errors.slice(0, SHOWN).map((error) => (
              <Stack
                key={`${error.location}#${error.document}#${error.entityRef}`}
                gap={2}
                data-testid="owned-error"
              >
                <Group gap="xs" wrap="nowrap">
                  <Badge size="sm" color={isWarning(error) ? 'yellow' : 'red'} variant="dot">
                    {isWarning(error) ? 'warning' : 'error'}
                  </Badge>
                  {error.entityRef ? <EntityRefLink entityRef={error.entityRef} /> : null}
                </Group>
                {error.errors.slice(0, 2).map((e) => (
                  <Text key={`${e.path}:${e.message}`} size="sm">
                    <Text span className="paved-mono" size="xs">
                      {positionOf(error.location, e)}
                    </Text>{' '}
                    {e.message}
                  </Text>
                ))}
              </Stack>
            ))}
            {owned.data?.truncated ? (
              <Alert color="gray">Only the errors of your teams' first 10,000 entities are shown here.</Alert>
            ) : null}
            <Anchor component={Link} to="/admin/errors" size="sm">
              {errors.length > SHOWN ? `All ${errors.length} errors` : 'All processing errors'}
            </Anchor>
          </Stack>
        )}
      </Paper>
    </section>
  );
}
