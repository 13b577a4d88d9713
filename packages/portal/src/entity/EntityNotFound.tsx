import { Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { IconListSearch, IconSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { catalogPath } from '../app/routes-paths.ts';
import { openSearch } from '../search/SearchPalette.tsx';
import { flattenErrors, useEntityErrors } from './entityQueries.ts';
import { ProcessingErrorList } from './ProcessingErrorList.tsx';

/**
 * The entity of the address is not in the catalog: say which one, and offer ways to find it.
 * When its descriptor exists but never passed validation, the catalog's errors say why.
 */
export function EntityNotFound(props: { entityRef: string }) {
  const errors = useEntityErrors(props.entityRef);
  const lines = flattenErrors(errors.data ?? []);
  return (
    <Stack maw={880} gap="md" data-testid="entity-not-found">
      <Title order={1} size="h2">
        Entity not found
      </Title>
      {lines.length > 0 ? (
        <>
          <Text>
            The catalog has no valid entity <Code>{props.entityRef}</Code>: its descriptor was found, but
            could not be read.
          </Text>
          <ProcessingErrorList lines={lines} />
        </>
      ) : (
        <Text>
          The catalog has no entity <Code>{props.entityRef}</Code>. It may have been renamed or removed from
          its source, or the address may have a typo (kind, namespace and name all count).
        </Text>
      )}
      <Group>
        <Button component={Link} to={catalogPath()} leftSection={<IconListSearch size={18} aria-hidden />}>
          Browse the catalog
        </Button>
        <Button variant="default" onClick={openSearch} leftSection={<IconSearch size={18} aria-hidden />}>
          Search
        </Button>
      </Group>
    </Stack>
  );
}
