import { useComputedColorScheme } from '@mantine/core';
import { type MouseEvent, useEffect, useId, useRef } from 'react';
import { useNavigate } from 'react-router';

/**
 * Turns each `pre.mermaid` (its text is the diagram's source) into an SVG. Mermaid is a large
 * module: it is loaded only when a page has a diagram. Rendering again (another colour scheme)
 * starts from the source kept in `data-source`.
 */
async function renderDiagrams(root: HTMLElement, dark: boolean, prefix: string, live: () => boolean) {
  const blocks = [...root.querySelectorAll<HTMLElement>('pre.mermaid')];
  if (blocks.length === 0) return;
  for (const block of blocks) block.dataset.source ??= block.textContent ?? '';
  const { default: mermaid } = await import('mermaid');
  if (!live()) return;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default' });
  for (const [i, block] of blocks.entries()) {
    const source = block.dataset.source ?? block.textContent ?? '';
    block.dataset.source = source;
    try {
      const { svg } = await mermaid.render(`${prefix}-${i}`, source);
      if (!live()) return;
      block.innerHTML = svg;
      block.dataset.rendered = 'true';
      block.setAttribute('role', 'img');
      block.setAttribute('aria-label', `Diagram: ${source.split('\n')[0]?.trim() ?? 'Mermaid'}`);
    } catch (error) {
      block.textContent = source;
      block.dataset.rendered = 'error';
      block.title = `This diagram could not be drawn: ${(error as Error).message}`;
    }
  }
}

/** Task list checkboxes are read-only marks: they get the item's text as their name. */
function nameCheckboxes(root: HTMLElement): void {
  for (const box of root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
    if (box.getAttribute('aria-label')) continue;
    const item = box.closest('li');
    const text = (item?.textContent ?? '').trim().replace(/\s+/g, ' ');
    box.setAttribute('aria-label', `${box.checked ? 'Done' : 'Not done'}: ${text.slice(0, 120)}`);
    box.disabled = true;
  }
}

/** A copy button on every code block (not diagrams). */
function addCopyButtons(root: HTMLElement): void {
  for (const pre of root.querySelectorAll<HTMLElement>('pre:not(.mermaid)')) {
    if (pre.parentElement?.classList.contains('docs-code')) continue;
    const wrapper = document.createElement('div');
    wrapper.className = 'docs-code';
    pre.replaceWith(wrapper);
    wrapper.append(pre);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'docs-copy';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy code to the clipboard');
    button.addEventListener('click', () => {
      const text = (pre.querySelector('code') ?? pre).textContent ?? '';
      void navigator.clipboard?.writeText(text).then(
        () => {
          button.textContent = 'Copied';
          setTimeout(() => {
            button.textContent = 'Copy';
          }, 1500);
        },
        () => {
          button.textContent = 'Copy failed';
        },
      );
    });
    wrapper.append(button);
  }
}

/**
 * The sanitised HTML of a page (rendered by the server), with what needs a browser added: copy
 * buttons, Mermaid diagrams, and links to other pages that stay inside the single-page app.
 */
export function DocsArticle(props: { html: string; pageKey: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const dark = useComputedColorScheme('light') === 'dark';
  const prefix = `mermaid-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect works on the DOM the html makes.
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    addCopyButtons(root);
    nameCheckboxes(root);
    const hash = decodeURIComponent(window.location.hash.slice(1));
    if (hash) document.getElementById(hash)?.scrollIntoView();
  }, [props.html]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect works on the DOM the html makes.
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    let live = true;
    renderDiagrams(root, dark, prefix, () => live).catch((error: unknown) => {
      // The diagrams stay as their source text.
      console.warn('Mermaid could not be loaded', error);
    });
    return () => {
      live = false;
    };
  }, [props.html, dark, prefix]);

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    const anchor = (event.target as HTMLElement).closest('a');
    if (!anchor?.href || (anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download'))
      return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
    // A link to a heading of this page: the browser scrolls to it.
    if (url.pathname === window.location.pathname && url.hash) return;
    event.preventDefault();
    void navigate(`${url.pathname}${url.search}${url.hash}`);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: clicks are those of the links inside, which stay keyboard-usable.
    // biome-ignore lint/a11y/useKeyWithClickEvents: Enter on a link inside fires this click too.
    <div
      ref={ref}
      key={props.pageKey}
      className="docs-article"
      data-testid="docs-article"
      onClick={onClick}
      // Sanitised by the server (@paved/docs), which allows no script or event attribute.
      // biome-ignore lint/security/noDangerouslySetInnerHtml: see above.
      dangerouslySetInnerHTML={{ __html: props.html }}
    />
  );
}
