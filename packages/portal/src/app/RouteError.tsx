import { Alert, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { errorMessage } from './api.ts';

/** The error boundary of every route: what went wrong, and a way on. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorMessage(error);
  // A chunk that fails to load usually means the server was upgraded under an open tab.
  const stale = /Failed to fetch dynamically imported module|Importing a module script failed/.test(message);
  return (
    <Stack p="xl" maw={720} role="alert">
      <Title order={1} size="h2">
        {stale ? 'Paved was updated' : 'This page failed'}
      </Title>
      <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={stale ? 'Reload needed' : 'Error'}>
        <Text size="sm">
          {stale ? 'A newer version of the portal is being served. Reload the page to continue.' : message}
        </Text>
        {!stale && error instanceof Error && error.stack ? (
          <Code block mt="sm" style={{ maxHeight: 200, overflow: 'auto' }}>
            {error.stack}
          </Code>
        ) : null}
      </Alert>
      <Group>
        <Button onClick={() => window.location.reload()}>Reload</Button>
        <Button component={Link} to="/" variant="default">
          Go home
        </Button>
      </Group>
    </Stack>
  );
}

export function NotFoundPage() {
  return (
    <Stack p="xl" maw={720}>
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text>There is no page at this address. The catalog explorer lists everything Paved knows.</Text>
      <Group>
        <Button component={Link} to="/catalog">
          Open the catalog
        </Button>
        <Button component={Link} to="/" variant="default">
          Go home
        </Button>
      </Group>
    </Stack>
  );
}
