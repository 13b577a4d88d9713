import {
  ActionIcon,
  AppShell,
  Avatar,
  Button,
  Group,
  Kbd,
  Menu,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
  VisuallyHidden,
} from '@mantine/core';
import { parseRef } from '@paved/client';
import { IconLogout, IconMoon, IconSearch, IconSun, IconUserCircle, IconUsers } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { PageSkeleton } from '../components/PageSkeleton.tsx';
import { useIdentity } from '../identity/useIdentity.ts';
import { useSignOut } from '../identity/useSignOut.ts';
import { openSearch, SearchPalette } from '../search/SearchPalette.tsx';
import { entityPath } from './routes-paths.ts';

const NAV = [
  { to: '/', label: 'Home', end: true },
  { to: '/catalog', label: 'Catalog', end: false },
  { to: '/docs', label: 'Docs', end: false },
  { to: '/create', label: 'Create', end: false },
  { to: '/admin', label: 'Admin', end: false },
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: true });
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={`Switch to ${next} theme`}
        onClick={() => setColorScheme(next)}
      >
        {computed === 'dark' ? <IconSun size={18} aria-hidden /> : <IconMoon size={18} aria-hidden />}
      </ActionIcon>
    </Tooltip>
  );
}

function UserMenu() {
  const identity = useIdentity();
  const signOut = useSignOut();
  const location = useLocation();
  const signInHref = `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`;
  if (identity.isPending) return <Avatar size="md" radius="xl" aria-label="Loading who you are" />;
  const me = identity.data;
  if (!me || me.kind === 'guest') {
    return (
      <Button
        component={Link}
        to={signInHref}
        variant="light"
        leftSection={<IconUserCircle size={18} aria-hidden />}
      >
        Sign in
      </Button>
    );
  }
  const name =
    me.entity?.spec &&
    typeof (me.entity.spec as { profile?: { displayName?: string } }).profile?.displayName === 'string'
      ? (me.entity.spec as { profile: { displayName: string } }).profile.displayName
      : parseRef(me.userRef).name;
  const teams = me.ownershipRefs.filter((ref) => ref.startsWith('group:'));
  return (
    <Menu position="bottom-end" width={280} withinPortal>
      <Menu.Target>
        <UnstyledButton data-testid="user-menu">
          <Group gap="xs" wrap="nowrap">
            <Avatar size="md" radius="xl" color="blue" name={name} aria-hidden />
            <div style={{ lineHeight: 1.1 }}>
              <Text size="sm" fw={600} visibleFrom="sm">
                {name}
              </Text>
              <Text size="xs" c="dimmed" visibleFrom="sm" lineClamp={1}>
                {teams.map((t) => parseRef(t).name).join(', ') || 'no team'}
              </Text>
            </div>
            <VisuallyHidden>(signed in: open the user menu)</VisuallyHidden>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as</Menu.Label>
        <Menu.Item
          component={Link}
          to={entityPath(me.userRef)}
          leftSection={<IconUserCircle size={16} aria-hidden />}
        >
          {me.userRef}
        </Menu.Item>
        {teams.length > 0 ? <Menu.Label>Your teams</Menu.Label> : null}
        {teams.map((team) => (
          <Menu.Item
            key={team}
            component={Link}
            to={entityPath(team)}
            leftSection={<IconUsers size={16} aria-hidden />}
          >
            {parseRef(team).name}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item component={Link} to={signInHref} leftSection={<IconUserCircle size={16} aria-hidden />}>
          Act as someone else
        </Menu.Item>
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => signOut.mutate()}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The frame of every page: header with navigation, search, theme and the user; the page below. */
export function AppLayout() {
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <a href="#main" className="paved-skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Link
              to="/"
              aria-label="Paved home"
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 8,
                textDecoration: 'none',
                color: 'inherit',
              }}
            >
              <img src="/favicon.svg" alt="" width={28} height={28} />
              <Text fw={750} size="lg" visibleFrom="xs">
                Paved
              </Text>
            </Link>
            <nav aria-label="Main">
              <Group gap={4} wrap="nowrap">
                {NAV.map((item) => (
                  <NavLink key={item.to} to={item.to} end={item.end} style={{ textDecoration: 'none' }}>
                    {({ isActive }) => (
                      <Button
                        component="span"
                        variant={isActive ? 'light' : 'subtle'}
                        color={isActive ? undefined : 'gray'}
                        size="compact-md"
                      >
                        {item.label}
                      </Button>
                    )}
                  </NavLink>
                ))}
              </Group>
            </nav>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Button
              variant="default"
              onClick={openSearch}
              leftSection={<IconSearch size={16} aria-hidden />}
              rightSection={
                <Group gap={2} visibleFrom="md" aria-hidden>
                  <Kbd size="xs">{isMac ? '⌘' : 'Ctrl'}</Kbd>
                  <Kbd size="xs">K</Kbd>
                </Group>
              }
              aria-keyshortcuts="Control+K Meta+K"
              data-testid="open-search"
            >
              <Text size="sm" c="dimmed">
                Search…
              </Text>
            </Button>
            <ThemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<PageSkeleton />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <SearchPalette />
    </AppShell>
  );
}
