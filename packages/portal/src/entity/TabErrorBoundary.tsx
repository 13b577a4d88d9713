import { Alert, Button, Code, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { errorMessage } from '../app/api.ts';

interface Props {
  /** What failed, for the message: "the relations graph". */
  what: string;
  children: ReactNode;
}

/**
 * Catches a failing tab so the rest of the entity page (header, other tabs) keeps working.
 * Give it a `key` per tab and entity: a new key starts it afresh.
 */
export class TabErrorBoundary extends Component<Props, { error: unknown }> {
  override state: { error: unknown } = { error: undefined };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Keep the component stack where a developer will look for it.
    console.error(`Paved: ${this.props.what} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    const message = errorMessage(error);
    // A chunk that fails to load usually means the server was upgraded under an open tab.
    const stale = /dynamically imported module|Importing a module script failed/.test(message);
    return (
      <Alert
        color="red"
        icon={<IconAlertTriangle aria-hidden />}
        title={`Could not show ${this.props.what}`}
        role="alert"
      >
        <Text size="sm">
          {stale
            ? 'A newer version of the portal is being served. Reload the page to continue.'
            : 'This part of the page failed; the rest of it still works.'}
        </Text>
        {stale ? null : (
          <Code block mt="xs">
            {message}
          </Code>
        )}
        <Button
          size="xs"
          variant="light"
          color="red"
          mt="sm"
          onClick={() => (stale ? window.location.reload() : this.setState({ error: undefined }))}
        >
          {stale ? 'Reload' : 'Try again'}
        </Button>
      </Alert>
    );
  }
}
