// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Backstage template expressions, not JavaScript template literals
import { createPavedClient } from '@paved/client';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, inject, it } from 'vitest';
import { renderPortal } from '../../../test/render.tsx';
import { inputLabelled } from '../selectOption.testing.ts';
import { TemplateEditorPage } from './TemplateEditorPage.tsx';

const route = '/create/edit/:namespace?/:name?';

/** A client of the test server that counts its dry-runs. */
function countingClient() {
  const calls: string[] = [];
  const client = createPavedClient({
    baseUrl: inject('pavedUrl'),
    fetch: (input, init) => {
      if (String(input).endsWith('/api/scaffolder/v2/dry-run')) calls.push(String(init?.body ?? ''));
      return fetch(input, init);
    },
  });
  return { client, calls };
}

const fileView = () => screen.getByTestId('file-view').textContent ?? '';

describe('TemplateEditorPage', () => {
  it('edits a catalog template: its YAML as written, field errors, then the rendered files as values change', async () => {
    const { client, calls } = countingClient();
    renderPortal(<TemplateEditorPage />, { path: '/create/edit/default/hello-service', route, client });
    const editor = (await screen.findByLabelText('Template YAML', {
      selector: 'textarea',
    })) as HTMLTextAreaElement;
    expect(editor.value).toContain('# A small software template for the demo');
    // Nothing filled in yet: the server's errors, by field.
    const refused = await screen.findByTestId('values-refused', {}, { timeout: 10_000 });
    expect(refused.textContent).toContain('Service › name: is required');
    await waitFor(() => expect(inputLabelled(/^Name/).getAttribute('aria-invalid')).toBe('true'));
    const before = calls.length;
    await userEvent.type(inputLabelled(/^Name/), 'from-editor');
    await userEvent.type(inputLabelled(/^Owner/), 'group:default/platform-team');
    await waitFor(() => expect(fileView()).toContain('name: from-editor'), { timeout: 15_000 });
    // One request per pause in typing, not one per key; it was sent with the catalog template's ref.
    expect(calls.length - before).toBeLessThanOrEqual(3);
    expect(JSON.parse(calls.at(-1) as string)).toMatchObject({
      templateRef: 'template:default/hello-service',
      values: { name: 'from-editor', lifecycle: 'experimental' },
    });
    const tree = screen.getByTestId('file-tree');
    expect(tree.textContent).toContain('README.md');
    expect(screen.getByTestId('viewer-path').textContent).toBe('catalog-info.yaml');
    await userEvent.click(screen.getByRole('button', { name: 'README.md' }));
    expect(screen.getByTestId('viewer-path').textContent).toBe('README.md');
    expect(fileView()).toContain('from-editor');
    // Steps that publish are skipped in a dry-run; the output shows their example values.
    await userEvent.click(screen.getByRole('tab', { name: /Steps/ }));
    expect(screen.getByTestId('step-fetch').textContent).toContain('completed');

    // The template changes too: its own text, then a broken line with where it is broken.
    fireEvent.change(editor, {
      target: {
        value: editor.value.replace('lifecycle: ${{ parameters.lifecycle }}', 'lifecycle: production'),
      },
    });
    await userEvent.click(screen.getByRole('tab', { name: /Files/ }));
    fireEvent.change(editor, { target: { value: 'apiVersion: x\nkind: [Template\nspec: {}\n' } });
    const error = await screen.findByTestId('yaml-error');
    expect(error.textContent).toMatch(/^Line \d+, column \d+: /);
    expect(editor.getAttribute('aria-invalid')).toBe('true');
  }, 60_000);

  it('starts a new template, runs it with values written as YAML, and says when the server refuses it', async () => {
    renderPortal(<TemplateEditorPage />, { path: '/create/edit', route });
    const editor = (await screen.findByLabelText('Template YAML', {
      selector: 'textarea',
    })) as HTMLTextAreaElement;
    expect(editor.value).toContain('kind: Template');
    await userEvent.click(screen.getByRole('radio', { name: 'YAML' }));
    const values = screen.getByLabelText('Values, YAML or JSON', { selector: 'textarea' });
    fireEvent.change(values, { target: { value: 'name: written-as-yaml\n' } });
    await waitFor(() => expect(fileView()).toContain('name: written-as-yaml'), { timeout: 15_000 });
    fireEvent.change(values, { target: { value: 'name: [oops\n' } });
    const position = await screen.findByRole('button', { name: /^Line \d+, column \d+$/ });
    expect(position.closest('[role="alert"]')?.textContent).toMatch(/^Line \d+, column \d+: ./);
    fireEvent.change(values, { target: { value: 'name: fine\n' } });
    fireEvent.change(editor, { target: { value: editor.value.replace('catalog:write', 'no:such-action') } });
    expect((await screen.findByTestId('dry-run-refused', {}, { timeout: 15_000 })).textContent).toContain(
      'no:such-action',
    );
  }, 60_000);

  it('loads a template folder: template.yaml into the editor, its other files sent with each run', async () => {
    const { client, calls } = countingClient();
    renderPortal(<TemplateEditorPage />, { path: '/create/edit', route, client });
    const input = (await screen.findByTestId('folder-input')) as HTMLInputElement;
    const file = (path: string, text: string) => {
      const f = new File([text], path.split('/').pop() as string);
      Object.defineProperty(f, 'webkitRelativePath', { value: path });
      return f;
    };
    const template = [
      'apiVersion: scaffolder.backstage.io/v1beta3',
      'kind: Template',
      'metadata: { name: from-disk }',
      'spec:',
      '  parameters: [{ properties: { greeting: { type: string, default: hello } } }]',
      '  steps:',
      '    - { id: fetch, action: fetch:template, input: { url: ./skeleton, values: { greeting: "${{ parameters.greeting }}" } } }',
      '',
    ].join('\n');
    Object.defineProperty(input, 'files', {
      value: [
        file('mine/template.yaml', template),
        file('mine/skeleton/hello.txt', '${{ values.greeting }}, world'),
      ],
    });
    fireEvent.change(input);
    await waitFor(() =>
      expect(
        (screen.getByLabelText('Template YAML', { selector: 'textarea' }) as HTMLTextAreaElement).value,
      ).toContain('from-disk'),
    );
    await waitFor(() => expect(fileView()).toBe('hello, world'), { timeout: 15_000 });
    const sent = JSON.parse(calls.at(-1) as string) as {
      directoryContents: { path: string }[];
      templateRef?: string;
    };
    expect(sent.directoryContents.map((f) => f.path)).toEqual(['skeleton/hello.txt']);
    expect(sent.templateRef).toBeUndefined();
  }, 60_000);

  it('says so when the catalog has no such template', async () => {
    renderPortal(<TemplateEditorPage />, { path: '/create/edit/default/nope', route });
    expect(await screen.findByText('No such template')).toBeTruthy();
  });
});
