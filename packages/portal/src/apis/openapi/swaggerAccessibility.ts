/**
 * Fills gaps in Swagger UI's markup that axe-core reports as WCAG failures, by adding attributes to
 * the nodes it renders (React leaves attributes it does not manage alone):
 * - form controls without an accessible name (WCAG 4.1.2): the server <select>, the request body,
 *   the example picker, and the "Try it out" inputs of parameters (enum selects, array items), named
 *   after the parameter;
 * - example <pre> blocks that scroll but cannot be reached by keyboard (WCAG 2.1.1);
 * - its title is an <h1> inside a page that has one (announced one level down instead).
 * Swagger UI renders lazily (an operation's body appears when it is opened), hence the observer.
 * Returns the function that stops observing.
 */
export function patchSwaggerAccessibility(root: HTMLElement): () => void {
  const patch = () => {
    for (const control of root.querySelectorAll<HTMLElement>('input, select, textarea')) {
      if (hasName(control)) continue;
      const name = nameFor(control);
      if (name) control.setAttribute('aria-label', name);
    }
    for (const example of root.querySelectorAll<HTMLElement>('pre.microlight:not([tabindex])')) {
      example.tabIndex = 0;
    }
    for (const title of root.querySelectorAll<HTMLElement>('h1:not([aria-level])')) {
      title.setAttribute('aria-level', '2');
    }
  };
  patch();
  // Child lists only: our own attribute changes must not wake the observer again.
  const observer = new MutationObserver(patch);
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}

function hasName(control: HTMLElement): boolean {
  if (control instanceof HTMLInputElement && ['hidden', 'submit', 'button'].includes(control.type))
    return true;
  if (control.getAttribute('aria-label')?.trim() || control.getAttribute('aria-labelledby')) return true;
  if (control.getAttribute('placeholder')?.trim() || control.getAttribute('title')?.trim()) return true;
  // A <label> wrapping a <select> contains its options' text, which does not name it.
  const own = control.textContent ?? '';
  const labels = (control as HTMLInputElement).labels;
  return [...(labels ?? [])].some((label) => (label.textContent ?? '').replace(own, '').trim());
}

function nameFor(control: HTMLElement): string | undefined {
  if (control.id === 'servers') return 'Server';
  if (control.classList.contains('body-param__text')) return 'Request body';
  if (control.classList.contains('examples-select-element')) return 'Example';
  const parameter = control.closest<HTMLElement>('tr[data-param-name]')?.dataset.paramName;
  return parameter ? `Parameter ${parameter}` : undefined;
}
