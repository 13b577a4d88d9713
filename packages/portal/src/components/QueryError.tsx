import { Alert, Button } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { errorMessage } from '../app/api.ts';

/** A failed request, said plainly, with a retry. */
export function QueryError(props: { error: unknown; what: string; retry?: () => void }) {
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle aria-hidden />}
      title={`Could not load ${props.what}`}
      role="alert"
    >
      {errorMessage(props.error)}
      {props.retry ? (
        <Button size="xs" variant="light" color="red" ml="md" onClick={props.retry}>
          Try again
        </Button>
      ) : null}
    </Alert>
  );
}
