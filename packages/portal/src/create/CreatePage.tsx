import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type Entity, formatEntityRef } from '@paved/client';
import { IconCode, IconHistory, IconSearch, IconTemplate } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../app/api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { EntityRefLink } from '../components/EntityRefLink.tsx';
import { PageSkeleton } from '../components/PageSkeleton.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { TASK_HISTORY_PATH, templateEditorPath, templateFormPath } from './createPaths.ts';

/** Templates are few, but the catalog is not: the gallery asks for one bounded page. */
const LIMIT = 100;

function TemplateCard({ template }: { template: Entity }) {
  const ref = formatEntityRef(template);
  const spec = (template.spec ?? {}) as { type?: unknown; owner?: unknown };
  const title = template.metadata.title ?? template.metadata.name;
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-label={title}>
      <Stack gap="xs" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={2} size="h4">
            {title}
          </Title>
          {typeof spec.type === 'string' ? (
            <Badge variant="light" color="gray">
              {spec.type}
            </Badge>
          ) : null}
        </Group>
        <Text size="sm" style={{ flexGrow: 1 }}>
          {template.metadata.description ?? 'No description.'}
        </Text>
        {template.metadata.tags?.length ? (
          <Group gap={4} aria-label="Tags">
            {template.metadata.tags.map((tag) => (
              <Badge key={tag} size="sm" variant="outline">
                {tag}
              </Badge>
            ))}
          </Group>
        ) : null}
        <Group justify="space-between" align="center" mt="xs">
          <Text size="sm">
            Owner:{' '}
            {typeof spec.owner === 'string' ? (
              <EntityRefLink entityRef={spec.owner} defaultKind="group" />
            ) : (
              'none'
            )}
          </Text>
          <Button component={Link} to={templateFormPath(ref)} size="sm" aria-label={`Choose ${title}`}>
            Choose
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** `/create`: the software templates of the catalog, to start something new the paved way. */
export function CreatePage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const [term, setTerm] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(term.trim(), 250);
  const templates = useQuery({
    queryKey: ['create', 'templates', debounced],
    queryFn: ({ signal }) =>
      api.queryEntities(
        {
          filter: [{ kind: 'template' }],
          ...(debounced ? { fullTextFilter: { term: debounced } } : {}),
          orderFields: [{ field: 'metadata.name', order: 'asc' }],
          limit: LIMIT,
        },
        signal,
      ),
    placeholderData: keepPreviousData,
  });

  const onTerm = (value: string) => {
    setTerm(value);
    setParams(value ? { q: value } : {}, { replace: true });
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1}>Create something new</Title>
          <Text>
            Start a service, library or website from a template: it is set up the way your platform team
            paved.
          </Text>
        </Stack>
        <Group gap="sm">
          <Button
            component={Link}
            to={TASK_HISTORY_PATH}
            variant="default"
            leftSection={<IconHistory size={16} aria-hidden />}
          >
            Task history
          </Button>
          <Button
            component={Link}
            to={templateEditorPath()}
            variant="default"
            leftSection={<IconCode size={16} aria-hidden />}
          >
            Template editor
          </Button>
        </Group>
      </Group>
      <TextInput
        label="Filter templates"
        placeholder="Name, description or tag"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={term}
        onChange={(event) => onTerm(event.currentTarget.value)}
        maw={420}
      />
      {templates.isPending ? (
        <PageSkeleton />
      ) : templates.isError ? (
        <QueryError error={templates.error} what="the templates" retry={() => void templates.refetch()} />
      ) : templates.data.items.length === 0 ? (
        <EmptyState
          title={debounced ? `No template matches "${debounced}"` : 'No templates yet'}
          icon={<IconTemplate size={28} />}
        >
          {debounced
            ? 'Try another word, or clear the filter.'
            : 'Templates are catalog entities of kind Template. Register a template.yaml from the Admin page and it appears here.'}
        </EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {templates.data.items.map((template) => (
            <TemplateCard key={template.metadata.uid ?? formatEntityRef(template)} template={template} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
