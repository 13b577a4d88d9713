import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPortal } from '../../../test/render.tsx';
import { signedInClient } from '../../../test/signIn.ts';
import { inputLabelled } from '../selectOption.testing.ts';
import { TemplateForm } from '../TemplateForm.tsx';

const step = {
  title: 'Which service',
  schema: {
    properties: {
      service: {
        type: 'string',
        title: 'Service',
        'ui:field': 'OwnedEntityPicker',
        'ui:options': { catalogFilter: { kind: 'Component' } },
      },
    },
  },
};

describe('OwnedEntityPicker', () => {
  it('suggests only what the signed-in user owns, directly or through their teams', async () => {
    // Amara is in storefront-team, which owns the storefront's components (demo organisation).
    const client = await signedInClient('user:default/amara.okafor');
    renderPortal(
      <TemplateForm
        step={step}
        values={{}}
        errors={[]}
        onChange={() => undefined}
        onSubmit={() => undefined}
      />,
      { client },
    );
    await screen.findAllByLabelText('Service');
    await userEvent.click(inputLabelled('Service'));
    await waitFor(() =>
      expect(screen.getAllByRole('option', { hidden: true }).map((o) => o.textContent)).toContain(
        'component:default/web-storefront',
      ),
    );
    const offered = screen.getAllByRole('option', { hidden: true }).map((o) => o.textContent);
    expect(offered).not.toContain('component:default/checkout-service');
    expect(offered.every((ref) => ref?.startsWith('component:'))).toBe(true);
  });
});
