import { Box, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconFilterOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../components/EmptyState.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { CatalogSearchBox } from './CatalogSearchBox.tsx';
import { CatalogTable } from './CatalogTable.tsx';
import {
  ALL_KINDS,
  type CatalogState,
  FACETS,
  type FacetParam,
  firstPage,
  hasFilters,
  noFacets,
  PAGE_SIZE,
} from './catalogState.ts';
import { shortRef } from './entityFields.ts';
import { FacetFilter } from './FacetFilter.tsx';
import { KindSelector } from './KindSelector.tsx';
import { useCatalogPage, useCatalogState, useFacetCounts } from './useCatalogData.ts';

const FORMATTERS: Partial<Record<FacetParam, (value: string) => string>> = {
  owner: (value) => shortRef(value, 'group'),
};

function Facets(props: { state: CatalogState; update: (next: CatalogState) => void }) {
  const { state, update } = props;
  const { counts, error } = useFacetCounts(state);
  return (
    <Stack gap="lg" component="aside" aria-labelledby="catalog-filters-title">
      <Title order={2} size="h5" id="catalog-filters-title">
        Filters
      </Title>
      {state.q ? (
        <Text size="xs">
          The counts below leave the search text out: they count every match of the filters.
        </Text>
      ) : null}
      <KindSelector
        kind={state.kind}
        counts={counts.kind}
        // Types differ between kinds (a service is not an API type): a new kind starts without one.
        onChange={(kind) => update(firstPage({ ...state, kind, facets: { ...state.facets, type: [] } }))}
      />
      {error ? <QueryError error={error} what="the filter counts" /> : null}
      {FACETS.map((facet) => (
        <FacetFilter
          key={facet.param}
          label={facet.label}
          counts={counts[facet.param]}
          selected={state.facets[facet.param]}
          onChange={(values) =>
            update(firstPage({ ...state, facets: { ...state.facets, [facet.param]: values } }))
          }
          {...(FORMATTERS[facet.param] ? { formatValue: FORMATTERS[facet.param] } : {})}
        />
      ))}
    </Stack>
  );
}

function Pager(props: {
  state: CatalogState;
  total: number;
  prevCursor: string | undefined;
  nextCursor: string | undefined;
  update: (next: CatalogState) => void;
}) {
  const { state, total } = props;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1 && !props.prevCursor && !props.nextCursor) return null;
  const first = (state.page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, state.page * PAGE_SIZE);
  return (
    <Group justify="space-between" component="nav" aria-label="Pages">
      <Text size="sm" aria-live="polite">
        {first}–{last} of {total} · page {state.page} of {pages}
      </Text>
      <Group gap="xs">
        <Button
          variant="default"
          leftSection={<IconChevronLeft size={16} aria-hidden />}
          disabled={!props.prevCursor}
          onClick={() =>
            props.prevCursor &&
            props.update({ ...state, cursor: props.prevCursor, page: Math.max(1, state.page - 1) })
          }
        >
          Previous
        </Button>
        <Button
          variant="default"
          rightSection={<IconChevronRight size={16} aria-hidden />}
          disabled={!props.nextCursor}
          onClick={() =>
            props.nextCursor && props.update({ ...state, cursor: props.nextCursor, page: state.page + 1 })
          }
        >
          Next
        </Button>
      </Group>
    </Group>
  );
}

function kindLabel(kind: string): string {
  return kind === ALL_KINDS ? 'entities' : `${kind} entities`;
}

/** The catalog explorer: kind, facets and free text over the whole catalog, a page at a time. */
export function CatalogPage() {
  const { state, update } = useCatalogState();
  const page = useCatalogPage(state);
  const clearFilters = () => update(firstPage({ ...state, q: '', facets: noFacets() }));
  const data = page.data;
  const filtered = hasFilters(state);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Catalog</Title>
          <Text size="sm" c="dimmed" data-testid="catalog-total">
            {data ? `${data.totalItems} ${kindLabel(state.kind)}${filtered ? ' match' : ''}` : ' '}
          </Text>
        </div>
        {filtered ? (
          <Button
            variant="subtle"
            leftSection={<IconFilterOff size={16} aria-hidden />}
            onClick={clearFilters}
          >
            Clear filters
          </Button>
        ) : null}
      </Group>
      <Box style={{ display: 'grid', gridTemplateColumns: 'minmax(180px, 230px) minmax(0, 1fr)', gap: 24 }}>
        <Facets state={state} update={update} />
        <Stack gap="md" style={{ minWidth: 0 }}>
          <CatalogSearchBox
            value={state.q}
            onChange={(q) => update(firstPage({ ...state, q }), { replace: true })}
          />
          {page.error ? (
            <QueryError error={page.error} what="the catalog" retry={() => void page.refetch()} />
          ) : data && data.items.length === 0 ? (
            <EmptyState
              title={filtered ? 'Nothing matches these filters' : `No ${kindLabel(state.kind)} yet`}
            >
              {filtered ? (
                <Button
                  mt="sm"
                  variant="light"
                  onClick={clearFilters}
                  leftSection={<IconFilterOff size={16} aria-hidden />}
                >
                  Clear filters
                </Button>
              ) : (
                <>
                  Register a catalog-info.yaml to add some.{' '}
                  <Button component={Link} to="/admin/register" variant="light" size="xs" ml="xs">
                    Register
                  </Button>
                </>
              )}
            </EmptyState>
          ) : (
            <>
              <CatalogTable
                entities={data?.items}
                sort={state.sort}
                onSort={(sort) => update(firstPage({ ...state, sort }))}
                caption={`Catalog: ${kindLabel(state.kind)}`}
                busy={page.isFetching}
              />
              {data ? (
                <Pager
                  state={state}
                  total={data.totalItems}
                  prevCursor={data.pageInfo.prevCursor}
                  nextCursor={data.pageInfo.nextCursor}
                  update={update}
                />
              ) : null}
            </>
          )}
        </Stack>
      </Box>
    </Stack>
  );
}
