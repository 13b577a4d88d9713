import { Loader, Text, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { createSpotlight, Spotlight, useSpotlight } from '@mantine/spotlight';
import type { DocsSearchResult, SearchResult } from '@paved/client';
import { IconArrowRight, IconHistory, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../app/api.ts';
import { catalogPath, entityPath } from '../app/routes-paths.ts';
import { KindIcon } from '../components/KindIcon.tsx';
import { type RecentVisit, readRecentlyViewed } from '../components/recentlyViewed.ts';
import { docsPath } from '../docs/docsPaths.ts';
import classes from './SearchPalette.module.css';
import { DocsResultAction, PaletteAction, SearchResultAction } from './SearchResultAction.tsx';

/** Typing may pause this long before a request goes out. */
const DEBOUNCE_MS = 120;
const LIMIT = 10;
const RECENT = 8;

/** The palette's own store: the header button and Ctrl-K open the same one. */
const [searchStore, searchControls] = createSpotlight();

/** Opens the search palette (the header's search button). */
export function openSearch(): void {
  searchControls.open();
}

/** Pages the palette offers to go to, by name. */
const PAGES = [
  { label: 'Home', to: '/', keywords: 'home start my teams dashboard' },
  { label: 'Catalog', to: '/catalog', keywords: 'catalog explorer entities components apis browse' },
  { label: 'Docs', to: '/docs', keywords: 'docs documentation techdocs guides runbooks' },
  { label: 'Admin: sources', to: '/admin/sources', keywords: 'admin sources locations refresh' },
  { label: 'Admin: processing errors', to: '/admin/errors', keywords: 'admin errors warnings problems' },
  {
    label: 'Admin: register a catalog file',
    to: '/admin/register',
    keywords: 'admin register import add location',
  },
];

type Item =
  | { type: 'entity'; key: string; result: SearchResult }
  | { type: 'docs'; key: string; result: DocsSearchResult }
  | { type: 'recent'; key: string; visit: RecentVisit }
  | { type: 'page'; key: string; label: string; to: string }
  | { type: 'catalog'; key: string; term: string };

interface Group {
  label: string;
  items: Item[];
}

/** The words of the term, for highlighting (the server matches every word, in any field). */
function wordsOf(term: string): string[] {
  return term.split(/\s+/).filter((w) => w.length > 0);
}

function matchingPages(term: string): Item[] {
  const needle = term.toLowerCase();
  return PAGES.filter((p) => !needle || `${p.label} ${p.keywords}`.toLowerCase().includes(needle)).map(
    (p) => ({
      type: 'page',
      key: `page:${p.to}`,
      label: p.label,
      to: p.to,
    }),
  );
}

function useSearchResults(term: string) {
  const api = useApi();
  // A new term leaves the previous query without observers, and TanStack Query aborts its signal.
  return useQuery({
    queryKey: ['search', term],
    queryFn: ({ signal }) => api.search(term, { limit: LIMIT }, signal),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

function groupsFor(
  term: string,
  results: SearchResult[] | undefined,
  docs: DocsSearchResult[] | undefined,
  recent: RecentVisit[],
): Group[] {
  if (!term) {
    const groups: Group[] = [
      {
        label: 'Recently viewed',
        items: recent
          .slice(0, RECENT)
          .map((visit) => ({ type: 'recent', key: `recent:${visit.ref}`, visit })),
      },
      { label: 'Go to', items: matchingPages('') },
    ];
    return groups.filter((g) => g.items.length > 0);
  }
  const groups: Group[] = [
    {
      label: 'Entities',
      items: (results ?? []).map((result) => ({ type: 'entity', key: `entity:${result.ref}`, result })),
    },
    {
      label: 'Docs',
      items: (docs ?? []).map((result) => ({
        type: 'docs',
        key: `docs:${result.entityRef}/${result.url}`,
        result,
      })),
    },
    {
      label: 'More',
      items: [...matchingPages(term), { type: 'catalog', key: `catalog:${term}`, term }],
    },
  ];
  return groups.filter((g) => g.items.length > 0);
}

/**
 * The search palette (Ctrl-K / ⌘K anywhere, even from a text field): entities as you type,
 * recently viewed ones before you type, and a way to the catalog explorer with the same term.
 */
export function SearchPalette() {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [term] = useDebouncedValue(query.trim(), DEBOUNCE_MS);
  const [recent, setRecent] = useState<RecentVisit[]>([]);
  const { selected, opened } = useSpotlight(searchStore);
  const search = useSearchResults(term);
  const listId = `search-results-${useId().replace(/:/g, '')}`;
  const results = term ? search.data?.results : undefined;
  const docs = term ? search.data?.docs : undefined;
  const groups = groupsFor(term, results, docs, recent);
  const flat = groups.flatMap((g) => g.items);
  const optionId = (index: number) => `${listId}-option-${index}`;
  const stale = query.trim() !== term || (search.isFetching && search.isPlaceholderData);

  // A new list selects its first item again, so that Enter always means "the best match".
  const listKey = flat.map((item) => item.key).join('|');
  useEffect(() => {
    if (opened && listKey) searchStore.updateState((state) => ({ ...state, selected: 0 }));
  }, [opened, listKey]);

  const go = (to: string) => {
    searchControls.close();
    void navigate(to);
  };
  const trigger = (item: Item): (() => void) => {
    switch (item.type) {
      case 'entity':
        return () => go(entityPath(item.result.ref));
      case 'docs':
        return () => go(docsPath(item.result.entityRef, item.result.url));
      case 'recent':
        return () => go(entityPath(item.visit.ref));
      case 'page':
        return () => go(item.to);
      case 'catalog':
        return () => go(catalogPath({ kind: 'all', q: item.term }));
    }
  };

  let index = 0;
  const render = (item: Item): ReactNode => {
    const i = index++;
    const option = { id: optionId(i), selected: selected === i, onTrigger: trigger(item) };
    switch (item.type) {
      case 'entity':
        return <SearchResultAction key={item.key} {...option} result={item.result} words={wordsOf(term)} />;
      case 'docs':
        return <DocsResultAction key={item.key} {...option} result={item.result} words={wordsOf(term)} />;
      case 'recent':
        return (
          <PaletteAction key={item.key} {...option} testId="search-recent">
            <IconHistory size={18} aria-hidden className={classes.secondary} />
            <Text component="span" size="sm" ml="sm" style={{ flex: 1 }}>
              {item.visit.title}
            </Text>
            <Text component="span" size="xs" className={classes.secondary}>
              <KindIcon kind={item.visit.kind} size={14} /> {item.visit.kind}
            </Text>
          </PaletteAction>
        );
      case 'page':
        return (
          <PaletteAction key={item.key} {...option} testId="search-page">
            <IconArrowRight size={18} aria-hidden className={classes.secondary} />
            <Text component="span" size="sm" ml="sm">
              {item.label}
            </Text>
          </PaletteAction>
        );
      case 'catalog':
        return (
          <PaletteAction key={item.key} {...option} testId="search-catalog">
            <IconSearch size={18} aria-hidden className={classes.secondary} />
            <Text component="span" size="sm" ml="sm">
              Search the catalog for '{item.term}'
            </Text>
          </PaletteAction>
        );
    }
  };

  const noMatches =
    term !== '' &&
    !stale &&
    search.data !== undefined &&
    search.data.results.length === 0 &&
    (search.data.docs ?? []).length === 0;
  const status = search.error
    ? 'Search failed'
    : noMatches
      ? `Nothing matches "${term}"`
      : results
        ? `${search.data?.totalMatched ?? results.length} entities and ${search.data?.docsTotalMatched ?? 0} pages of docs match`
        : '';

  return (
    <Spotlight.Root
      store={searchStore}
      query={query}
      onQueryChange={setQuery}
      // Ctrl-K must work from a text field too: the palette is where you go from anywhere.
      shortcut={['mod + K']}
      tagsToIgnore={[]}
      triggerOnContentEditable
      onSpotlightOpen={() => setRecent(readRecentlyViewed())}
      scrollable
      maxHeight={520}
      attributes={{ content: { 'aria-label': 'Search Paved' } }}
      data-testid="search-palette"
    >
      <Spotlight.Search
        placeholder="Search entities and docs, or go to a page…"
        aria-label="Search the catalog"
        leftSection={search.isFetching ? <Loader size={16} /> : <IconSearch size={18} aria-hidden />}
        role="combobox"
        aria-expanded
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={selected >= 0 && selected < flat.length ? optionId(selected) : undefined}
        data-testid="search-input"
      />
      <VisuallyHidden aria-live="polite">{status}</VisuallyHidden>
      <Spotlight.ActionsList id={listId} role="listbox" aria-label="Search results">
        {search.error ? (
          <Spotlight.Empty>Search failed: {(search.error as Error).message}</Spotlight.Empty>
        ) : null}
        {noMatches ? (
          <Spotlight.Empty data-testid="search-empty">Nothing matches "{term}".</Spotlight.Empty>
        ) : null}
        {groups.map((group) => (
          <Spotlight.ActionsGroup
            key={group.label}
            label={group.label}
            className={classes.group}
            role="group"
            aria-label={group.label}
          >
            <Text component="div" className={`${classes.groupLabel} ${classes.secondary}`} aria-hidden>
              {group.label}
            </Text>
            {group.items.map(render)}
          </Spotlight.ActionsGroup>
        ))}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
