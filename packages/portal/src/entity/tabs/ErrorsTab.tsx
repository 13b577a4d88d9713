import { Skeleton, Stack, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { EmptyState } from '../../components/EmptyState.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { flattenErrors, useEntityErrors } from '../entityQueries.ts';
import { ProcessingErrorList } from '../ProcessingErrorList.tsx';

/** The processing errors of this entity, each with the place in its file and the field. */
export function ErrorsTab(props: { entityRef: string }) {
  const errors = useEntityErrors(props.entityRef);
  if (errors.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Loading processing errors">
        <Skeleton height={72} />
        <Skeleton height={72} />
      </Stack>
    );
  }
  if (errors.isError) {
    return <QueryError error={errors.error} what="processing errors" retry={() => void errors.refetch()} />;
  }
  const lines = flattenErrors(errors.data);
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Processing errors
      </Title>
      {lines.length === 0 ? (
        <EmptyState title="No processing errors" icon={<IconCircleCheck size={28} />}>
          The catalog read this entity's descriptor without problems.
        </EmptyState>
      ) : (
        <ProcessingErrorList lines={lines} />
      )}
    </Stack>
  );
}
