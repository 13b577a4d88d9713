import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TabErrorBoundary } from './TabErrorBoundary.tsx';

let fail = true;
function Flaky() {
  if (fail) throw new Error('definition is not valid YAML');
  return <p>the tab</p>;
}

describe('TabErrorBoundary', () => {
  afterEach(() => vi.restoreAllMocks());

  it('says which part failed and why, and tries again on request', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    render(
      <MantineProvider>
        <h1>The page</h1>
        <TabErrorBoundary what="the Definition tab">
          <Flaky />
        </TabErrorBoundary>
      </MantineProvider>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Could not show the Definition tab');
    expect(alert.textContent).toContain('definition is not valid YAML');
    expect(screen.getByRole('heading', { name: 'The page' })).toBeTruthy();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('the tab')).toBeTruthy();
  });
});
