import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderPortal } from '../../test/render.tsx';
import { storagePage } from './branchingTemplate.testing.ts';
import { SecretsContext } from './fields/secrets.ts';
import { inputLabelled, selectOption } from './selectOption.testing.ts';
import { TemplateForm } from './TemplateForm.tsx';

type Values = Record<string, unknown>;

const { title, ...schema } = storagePage;
const branchingStep = { title, schema };

function Harness(props: { onValues: (values: Values) => void }) {
  const [values, setValues] = useState<Values>({ database: 'none' });
  return (
    <SecretsContext.Provider value={{ get: () => undefined, set: () => undefined }}>
      <TemplateForm
        step={branchingStep}
        values={values}
        errors={[]}
        onChange={(next) => {
          setValues(next);
          props.onValues(next);
        }}
        onSubmit={() => undefined}
      />
    </SecretsContext.Provider>
  );
}

describe('TemplateForm with branches', () => {
  it('shows the fields of the branch the chosen value selects, and hides them again', async () => {
    let values: Values = {};
    renderPortal(<Harness onValues={(v) => (values = v)} />);
    await screen.findByRole('heading', { name: 'Storage' });
    expect(screen.queryByLabelText(/Database size/)).toBeNull();
    await selectOption(/^Database \*?$/, 'postgres');
    expect(await screen.findByLabelText(/Database size/)).toBeTruthy();
    expect(screen.getByLabelText(/Nightly backups/)).toBeTruthy();
    await userEvent.type(inputLabelled(/Database size/), '20');
    await waitFor(() => expect(values).toMatchObject({ database: 'postgres', databaseSize: 20 }));
    await selectOption(/^Database \*?$/, 'none');
    await waitFor(() => expect(screen.queryByLabelText(/Database size/)).toBeNull());
  });

  it("writes the repository location in Backstage's host?owner=o&repo=r", async () => {
    let values: Values = {};
    renderPortal(<Harness onValues={(v) => (values = v)} />);
    const group = await screen.findByRole('group', { name: 'Repository location' });
    expect(group.textContent).toContain('Host');
    expect(inputLabelled('Host').value).toBe('Paved (hosted here)');
    await selectOption(/^Owner/, 'acme');
    await userEvent.type(screen.getByLabelText(/^Repository name/), 'ledger');
    await waitFor(() => expect(values.repoUrl).toBe('paved?owner=acme&repo=ledger'));
  });
});
