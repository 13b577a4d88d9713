import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { CodeEditor } from './CodeEditor.tsx';

function Harness(props: { initial: string }) {
  const [value, setValue] = useState(props.initial);
  return (
    <>
      <CodeEditor id="code" label="Code" value={value} onChange={setValue} errorLine={2} />
      <button type="button">after</button>
    </>
  );
}

const area = () => screen.getByLabelText('Code') as HTMLTextAreaElement;

describe('CodeEditor', () => {
  it('numbers the lines and marks the broken one', () => {
    const { container } = render(<Harness initial={'a: 1\nb: [\nc: 3'} />);
    expect(container.querySelector('pre')?.textContent).toBe('123');
    expect(area().getAttribute('aria-invalid')).toBe('true');
  });

  it('indents with Tab, keeps the indentation on Enter, and lets Escape then Tab leave', async () => {
    render(<Harness initial="spec:" />);
    const el = area();
    el.focus();
    el.setSelectionRange(5, 5);
    await userEvent.keyboard('{Enter}steps:{Enter}');
    expect(el.value).toBe('spec:\n  steps:\n    ');
    await userEvent.keyboard('x{Enter}{Tab}y');
    expect(el.value).toBe('spec:\n  steps:\n    x\n      y');
    el.setSelectionRange(0, el.value.length);
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    expect(el.value).toBe('spec:\nsteps:\n  x\n    y');
    await userEvent.keyboard('{Escape}{Tab}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'after' }));
  });
});
