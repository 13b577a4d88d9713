import { NavLink } from '@mantine/core';
import type { DocsNavItem, DocsTocEntry } from '@paved/client';
import { IconExternalLink } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { docsPath } from './docsPaths.ts';

function containsPage(item: DocsNavItem, pageUrl: string): boolean {
  return item.url === pageUrl || (item.children ?? []).some((c) => containsPage(c, pageUrl));
}

function NavEntry(props: { item: DocsNavItem; entityRef: string; pageUrl: string; depth: number }) {
  const { item, entityRef, pageUrl } = props;
  const children = item.children ?? [];
  if (children.length > 0) {
    return (
      <NavLink
        label={item.title}
        defaultOpened={containsPage(item, pageUrl)}
        childrenOffset="sm"
        data-testid="docs-nav-section"
      >
        {children.map((child) => (
          <NavEntry
            key={`${child.title}\n${child.url ?? ''}`}
            item={child}
            entityRef={entityRef}
            pageUrl={pageUrl}
            depth={props.depth + 1}
          />
        ))}
      </NavLink>
    );
  }
  if (item.external && item.url) {
    return (
      <NavLink
        component="a"
        href={item.url}
        target="_blank"
        rel="noopener noreferrer"
        label={item.title}
        rightSection={<IconExternalLink size={14} aria-label="(opens another site)" />}
      />
    );
  }
  if (item.url === undefined) return <NavLink label={item.title} disabled />;
  const active = item.url === pageUrl;
  return (
    <NavLink
      component={Link}
      to={docsPath(entityRef, item.url)}
      label={item.title}
      active={active}
      aria-current={active ? 'page' : undefined}
      data-testid="docs-nav-link"
    />
  );
}

/** The site's navigation (the mkdocs nav): sections open where the current page is. */
export function DocsNav(props: { nav: DocsNavItem[]; entityRef: string; pageUrl: string }) {
  return (
    <nav aria-label="Pages of these docs" className="docs-nav">
      {props.nav.map((item) => (
        <NavEntry
          key={`${item.title}\n${item.url ?? ''}`}
          item={item}
          entityRef={props.entityRef}
          pageUrl={props.pageUrl}
          depth={0}
        />
      ))}
    </nav>
  );
}

/** The headings of the page; the one being read is highlighted as the page scrolls. */
export function DocsToc(props: { toc: DocsTocEntry[] }) {
  const entries = props.toc.filter((e) => e.level >= 2 && e.level <= 4);
  const [current, setCurrent] = useState<string | undefined>(entries[0]?.id);
  const ids = entries.map((e) => e.id).join('\n');

  useEffect(() => {
    if (!ids || typeof IntersectionObserver === 'undefined') return;
    const visible = new Set<string>();
    const order = ids.split('\n');
    const observer = new IntersectionObserver(
      (records) => {
        for (const r of records) {
          if (r.isIntersecting) visible.add(r.target.id);
          else visible.delete(r.target.id);
        }
        const first = order.find((id) => visible.has(id));
        if (first) setCurrent(first);
      },
      { rootMargin: '0px 0px -70% 0px' },
    );
    for (const id of order) {
      const element = document.getElementById(id);
      if (element) observer.observe(element);
    }
    return () => observer.disconnect();
  }, [ids]);

  if (entries.length === 0) return null;
  return (
    <nav aria-label="On this page" className="docs-toc">
      <div className="docs-toc-title">On this page</div>
      <ul>
        {entries.map((entry) => (
          <li key={entry.id} style={{ paddingLeft: `${(entry.level - 2) * 12}px` }}>
            <a
              href={`#${entry.id}`}
              className={entry.id === current ? 'docs-toc-current' : undefined}
              aria-current={entry.id === current ? 'location' : undefined}
              onClick={(event) => {
                event.preventDefault();
                document.getElementById(entry.id)?.scrollIntoView({ behavior: 'smooth' });
                window.history.replaceState(window.history.state, '', `#${entry.id}`);
                setCurrent(entry.id);
              }}
            >
              {entry.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
