import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

// Test helper only: Mantine's Select labels both its input and its listbox.

/** The input of the field labelled `label` (not the listbox the label also names). */
export function inputLabelled(label: string | RegExp): HTMLInputElement {
  const input = screen.getAllByLabelText(label).find((e) => e.tagName === 'INPUT');
  if (!input) throw new Error(`no input labelled ${String(label)}`);
  return input as HTMLInputElement;
}

/** Picks `option` in the Mantine Select labelled `label`. */
export async function selectOption(label: string | RegExp, option: string): Promise<void> {
  await userEvent.click(inputLabelled(label));
  // happy-dom keeps the dropdown's transition at display: none; the option is there all the same.
  await userEvent.click(await screen.findByRole('option', { name: option, hidden: true }), {
    pointerEventsCheck: 0,
  });
}
