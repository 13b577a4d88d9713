import { Button, Grid, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { type Identity, parseRef } from '@paved/client';
import { IconBooks, IconLogin2, IconSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { catalogPath } from '../app/routes-paths.ts';
import { PageSkeleton } from '../components/PageSkeleton.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { useIdentity } from '../identity/useIdentity.ts';
import { openSearch } from '../search/SearchPalette.tsx';
import { CatalogCounts } from './CatalogCounts.tsx';
import { OwnedEntities } from './OwnedEntities.tsx';
import { OwnedErrors } from './OwnedErrors.tsx';
import { RecentlyViewed } from './RecentlyViewed.tsx';

function displayName(identity: Identity): string {
  const profile = (identity.entity?.spec as { profile?: { displayName?: unknown } } | undefined)?.profile;
  return typeof profile?.displayName === 'string' ? profile.displayName : parseRef(identity.userRef).name;
}

function GuestWelcome() {
  return (
    <Paper withBorder p="xl" radius="md" data-testid="guest-welcome">
      <Group wrap="nowrap" align="flex-start" gap="lg">
        <ThemeIcon size={56} radius="xl" variant="light" aria-hidden>
          <IconBooks size={30} />
        </ThemeIcon>
        <Stack gap="sm">
          <Title order={1}>Welcome to Paved</Title>
          <Text maw={640}>
            Every service, API, system and team of your organisation in one catalog: who owns what, how it
            fits together, and where its docs and dashboards are.
          </Text>
          <Group gap="sm">
            <Button
              component={Link}
              to="/sign-in?next=%2F"
              size="md"
              leftSection={<IconLogin2 size={18} aria-hidden />}
            >
              Sign in to see what your teams own
            </Button>
            <Button component={Link} to={catalogPath()} variant="default" size="md">
              Browse the catalog
            </Button>
            <Button
              variant="subtle"
              size="md"
              onClick={openSearch}
              leftSection={<IconSearch size={18} aria-hidden />}
            >
              Search (Ctrl-K)
            </Button>
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}

function MyHome(props: { identity: Identity }) {
  const { identity } = props;
  const teams = identity.ownershipRefs.filter((ref) => ref.startsWith('group:'));
  return (
    <Stack gap="xl">
      <div>
        <Title order={1}>Welcome, {displayName(identity)}</Title>
        <Text c="dimmed" size="sm">
          {teams.length > 0
            ? `Your teams: ${teams.map((t) => parseRef(t).name).join(', ')}`
            : 'You are not a member of any team in the catalog.'}
        </Text>
      </div>
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="xl">
            <OwnedEntities ownershipRefs={identity.ownershipRefs} />
            <OwnedErrors ownershipRefs={identity.ownershipRefs} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <RecentlyViewed />
        </Grid.Col>
      </Grid>
      <CatalogCounts />
    </Stack>
  );
}

/** Home: what my teams own and what needs their attention; a welcome for guests. */
export function HomePage() {
  const identity = useIdentity();
  if (identity.isPending) return <PageSkeleton />;
  if (identity.error)
    return <QueryError error={identity.error} what="who you are" retry={() => void identity.refetch()} />;
  if (identity.data.kind === 'guest') {
    return (
      <Stack gap="xl">
        <GuestWelcome />
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <CatalogCounts />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <RecentlyViewed />
          </Grid.Col>
        </Grid>
      </Stack>
    );
  }
  return <MyHome identity={identity.data} />;
}
