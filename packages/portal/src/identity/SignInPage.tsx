import {
  Alert,
  Avatar,
  Card,
  Group,
  Pagination,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type Entity, formatEntityRef } from '@paved/client';
import { IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { errorMessage, useApi } from '../app/api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { useIdentity } from './useIdentity.ts';

const PAGE = 24;

function displayName(user: Entity): string {
  const profile = (user.spec as { profile?: { displayName?: string } } | undefined)?.profile;
  return profile?.displayName ?? user.metadata.title ?? user.metadata.name;
}

/** Only a same-site path may follow sign-in (never an absolute URL: no open redirect). */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/**
 * Embedded mode has no identity provider: a developer picks the catalog User to act as. The
 * choice is remembered (a session cookie) and shown in the header with the user's teams.
 */
export function SignInPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const identity = useIdentity();
  const [term, setTerm] = useState('');
  const [debounced] = useDebouncedValue(term.trim(), 200);
  const [page, setPage] = useState(1);
  const [cursors, setCursors] = useState<string[]>([]);

  const users = useQuery({
    queryKey: ['sign-in-users', debounced, page, cursors[page - 2]],
    queryFn: ({ signal }) =>
      api.queryEntities(
        page > 1 && cursors[page - 2]
          ? { cursor: cursors[page - 2] as string, limit: PAGE }
          : {
              filter: [{ kind: 'user' }],
              ...(debounced
                ? {
                    fullTextFilter: {
                      term: debounced,
                      fields: [
                        'metadata.name',
                        'spec.profile.displayName',
                        'spec.profile.email',
                        'spec.memberOf',
                      ],
                    },
                  }
                : {}),
              orderFields: [{ field: 'metadata.name', order: 'asc' }],
              fields: ['kind', 'metadata', 'spec.profile', 'relations'],
              limit: PAGE,
            },
        signal,
      ),
    placeholderData: (previous) => previous,
  });

  const signIn = useMutation({
    mutationFn: (ref: string) => api.signIn(ref),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      navigate(safeNext(params.get('next')), { replace: true });
    },
  });

  const nextCursor = users.data?.pageInfo.nextCursor;
  const total = users.data?.totalItems ?? 0;

  return (
    <Stack maw={960} mx="auto" gap="lg">
      <div>
        <Title order={1}>Sign in</Title>
        <Text c="dimmed">
          Choose who you are. Paved shows what your teams own and records your changes under your name.
          {identity.data && identity.data.kind !== 'guest'
            ? ` You are signed in as ${identity.data.userRef}.`
            : ''}
        </Text>
      </div>
      <TextInput
        label="Find yourself"
        placeholder="Name, e-mail or team"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={term}
        onChange={(e) => {
          setTerm(e.currentTarget.value);
          setPage(1);
          setCursors([]);
        }}
        autoFocus
        data-testid="sign-in-search"
      />
      {signIn.isError ? (
        <Alert color="red" title="Could not sign in" role="alert">
          {errorMessage(signIn.error)}
        </Alert>
      ) : null}
      {users.isError ? <QueryError error={users.error} what="users" retry={() => users.refetch()} /> : null}
      {users.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          {Array.from({ length: 6 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
            <Skeleton key={i} height={72} />
          ))}
        </SimpleGrid>
      ) : users.data && users.data.items.length === 0 ? (
        <EmptyState title={debounced ? `No user matches "${debounced}"` : 'The catalog has no users yet'}>
          Users come from User entities in the catalog. Register a source that declares them on the Admin
          page.
        </EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} role="list" aria-label="Users">
          {users.data?.items.map((user) => {
            const ref = formatEntityRef(user);
            const teams = (user.relations ?? [])
              .filter((r) => r.type === 'memberOf')
              .map((r) => r.targetRef.replace(/^group:(default\/)?/, ''));
            const email = (user.spec as { profile?: { email?: string } } | undefined)?.profile?.email;
            return (
              <Card key={ref} withBorder padding="sm" role="listitem">
                <UnstyledButton
                  onClick={() => signIn.mutate(ref)}
                  disabled={signIn.isPending}
                  aria-label={`Sign in as ${displayName(user)} (${ref})`}
                  data-testid={`sign-in-as-${user.metadata.name}`}
                >
                  <Group wrap="nowrap">
                    <Avatar radius="xl" color="blue" name={displayName(user)} />
                    <div style={{ minWidth: 0 }}>
                      <Text fw={600} truncate>
                        {displayName(user)}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {email ?? ref}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {teams.join(', ') || 'no team'}
                      </Text>
                    </div>
                  </Group>
                </UnstyledButton>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
      {total > PAGE ? (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {total} users
          </Text>
          <Pagination
            total={Math.ceil(total / PAGE)}
            value={page}
            onChange={(next) => {
              if (next === page + 1 && nextCursor) setCursors((c) => [...c.slice(0, page - 1), nextCursor]);
              if (next > page + 1) return;
              setPage(next);
            }}
            getItemProps={(p) => ({ disabled: p > page + 1 || (p === page + 1 && !nextCursor) })}
            aria-label="User pages"
          />
        </Group>
      ) : null}
    </Stack>
  );
}
