import './docs.css';
import { Alert, Anchor, Box, Group, List, Skeleton, Text, Title } from '@mantine/core';
import { type DocsSite, PavedHttpError } from '@paved/client';
import { IconAlertTriangle, IconEdit } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatRelative } from '../admin/RelativeTime.tsx';
import { useApi } from '../app/api.ts';
import { entityPath } from '../app/routes-paths.ts';
import { QueryError } from '../components/QueryError.tsx';
import { useIdentity } from '../identity/useIdentity.ts';
import { DocsArticle } from './DocsArticle.tsx';
import { DocsNav, DocsToc } from './DocsNav.tsx';

export function useDocsSite(entityRef: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['docs-site', entityRef],
    queryFn: ({ signal }) => api.getDocsSite(entityRef, signal),
    staleTime: 10_000,
  });
}

function useDocsPage(entityRef: string, pageUrl: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['docs-page', entityRef, pageUrl],
    queryFn: ({ signal }) => api.getDocsPage(entityRef, pageUrl, signal),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

function formatExact(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Build problems, for the owners of the entity (others cannot fix them). */
function BuildProblems(props: { site: DocsSite; owner: string | undefined }) {
  const { site } = props;
  const identity = useIdentity();
  const owns = props.owner !== undefined && (identity.data?.ownershipRefs ?? []).includes(props.owner);
  if (site.error && (owns || !site.builtAt)) {
    const where = site.error.file
      ? ` (${site.error.file}${site.error.line ? `:${site.error.line}${site.error.column ? `:${site.error.column}` : ''}` : ''})`
      : '';
    return (
      <Alert
        color="red"
        icon={<IconAlertTriangle size={18} />}
        title="The last build failed"
        data-testid="docs-error"
      >
        {site.error.message}
        {where}
        {site.builtAt ? ' The previous build is shown.' : ''}
      </Alert>
    );
  }
  if (!owns || site.warnings.length === 0) return null;
  return (
    <Alert
      color="yellow"
      variant="light"
      title={`${site.warnings.length} build warnings`}
      data-testid="docs-warnings"
    >
      <List size="sm" spacing={2}>
        {site.warnings.slice(0, 8).map((w) => (
          <List.Item key={`${w.file}:${w.line}:${w.column}:${w.message}`}>
            {w.file}
            {w.line ? `:${w.line}` : ''}: {w.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/**
 * An entity's docs: the site's nav on the left, the page, and its table of contents on the
 * right. `pageUrl` is the page's URL inside the site ('' is the index).
 */
export function DocsView(props: {
  entityRef: string;
  pageUrl: string;
  owner?: string | undefined;
  headingLevel?: 1 | 2;
}) {
  const { entityRef, pageUrl } = props;
  const site = useDocsSite(entityRef);
  const page = useDocsPage(entityRef, pageUrl);

  if (site.isPending) return <Skeleton height={320} />;
  if (site.isError)
    return (
      <QueryError error={site.error} what={`the docs of ${entityRef}`} retry={() => void site.refetch()} />
    );
  const data = site.data;
  const notFound = page.error instanceof PavedHttpError && page.error.status === 404;

  return (
    <Box className="docs-layout" data-testid="docs-view">
      <aside className="docs-sidebar">
        <Title order={props.headingLevel === 2 ? 3 : 2} size="h5" mb="xs">
          <Anchor component={Link} to={entityPath(entityRef)} inherit>
            {data.siteName}
          </Anchor>
        </Title>
        <DocsNav nav={data.nav} entityRef={entityRef} pageUrl={pageUrl} />
      </aside>
      <div className="docs-main">
        <BuildProblems site={data} owner={props.owner} />
        {page.isPending ? (
          <Skeleton height={400} mt="md" />
        ) : notFound ? (
          <Alert color="gray" title="Page not found" mt="md" data-testid="docs-page-missing">
            {(page.error as Error).message}
          </Alert>
        ) : page.isError ? (
          <QueryError
            error={page.error}
            what={`page '${pageUrl}' of ${data.siteName}`}
            retry={() => void page.refetch()}
          />
        ) : (
          <>
            <DocsArticle html={page.data.html} pageKey={`${entityRef}/${page.data.url}`} />
            <Group gap="lg" mt="xl" className="docs-meta">
              {page.data.editUrl && /^https?:\/\//i.test(page.data.editUrl) ? (
                <Anchor href={page.data.editUrl} target="_blank" rel="noopener noreferrer" size="sm">
                  <Group gap={4} component="span">
                    <IconEdit size={16} aria-hidden />
                    Edit this page
                  </Group>
                </Anchor>
              ) : null}
              {page.data.lastModified ? (
                <Text size="sm" className="docs-muted" data-testid="docs-last-updated">
                  Last updated{' '}
                  <time dateTime={page.data.lastModified} title={formatExact(page.data.lastModified)}>
                    {formatRelative(page.data.lastModified)}
                  </time>
                </Text>
              ) : data.builtAt ? (
                <Text size="sm" className="docs-muted" data-testid="docs-last-updated">
                  Built <time dateTime={data.builtAt}>{formatRelative(data.builtAt)}</time>
                </Text>
              ) : null}
            </Group>
          </>
        )}
      </div>
      <aside className="docs-aside">{page.data ? <DocsToc toc={page.data.toc} /> : null}</aside>
    </Box>
  );
}
