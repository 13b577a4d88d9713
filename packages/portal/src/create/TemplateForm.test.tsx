import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { SecretsContext } from './fields/secrets.ts';
import { TemplateForm } from './TemplateForm.tsx';

const step = {
  title: 'Everything',
  schema: {
    properties: {
      repoUrl: {
        type: 'string',
        title: 'Repository',
        'ui:field': 'RepoUrlPicker',
        'ui:options': { allowedHosts: ['paved', 'github.com'] },
      },
      other: { type: 'string', title: 'Other', 'ui:field': 'NotAField' },
      tags: { type: 'array', title: 'Tags', items: { type: 'string' }, 'ui:field': 'EntityTagsPicker' },
      consumers: {
        type: 'array',
        title: 'Consumers',
        items: { type: 'string' },
        'ui:field': 'MultiEntityPicker',
        'ui:options': { catalogFilter: { kind: 'Component' } },
      },
      token: { type: 'string', title: 'Token', 'ui:field': 'Secret' },
    },
  },
};

describe('TemplateForm', () => {
  it("renders Backstage's fields, and a text input for one Paved does not implement", async () => {
    const secrets = new Map<string, string>();
    const { queryClient } = renderPortal(
      <SecretsContext.Provider value={{ get: (n) => secrets.get(n), set: (n, v) => secrets.set(n, v) }}>
        <TemplateForm
          step={step}
          values={{}}
          errors={[]}
          onChange={() => undefined}
          onSubmit={() => undefined}
        />
      </SecretsContext.Provider>,
    );
    expect(await screen.findByRole('group', { name: 'Repository' })).toBeTruthy();
    expect((screen.getByLabelText('Other') as HTMLInputElement).type).toBe('text');
    expect(screen.getAllByLabelText('Tags').length).toBeGreaterThan(0);
    expect(screen.getAllByLabelText('Consumers').length).toBeGreaterThan(0);
    expect((screen.getByLabelText('Token') as HTMLInputElement).type).toBe('password');
    expect(screen.getByRole('heading', { name: 'Everything' })).toBeTruthy();
    // The suggestions' requests end before the test does.
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
  });
});
