import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { entityPath } from '../app/routes-paths.ts';
import { KindIcon } from '../components/KindIcon.tsx';
import { readRecentlyViewed } from '../components/recentlyViewed.ts';

const SHOWN = 8;

function ago(at: number): string {
  const minutes = Math.round((Date.now() - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** The entities this browser opened last. */
export function RecentlyViewed() {
  const [visits] = useState(readRecentlyViewed);
  return (
    <section aria-labelledby="home-recent-title">
      <Title order={2} size="h4" id="home-recent-title" mb="xs">
        Recently viewed
      </Title>
      <Paper withBorder p="sm" radius="md">
        {visits.length === 0 ? (
          <Text size="sm">
            Entities you open appear here. Start from the{' '}
            <Anchor component={Link} to="/catalog" underline="always">
              catalog
            </Anchor>{' '}
            or press Ctrl-K to search.
          </Text>
        ) : (
          <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {visits.slice(0, SHOWN).map((visit) => (
              <Group
                component="li"
                key={visit.ref}
                justify="space-between"
                wrap="nowrap"
                data-testid="recent-visit"
              >
                <Anchor component={Link} to={entityPath(visit.ref)} size="sm">
                  <Group gap={6} wrap="nowrap" component="span">
                    <KindIcon kind={visit.kind} size={16} />
                    <span>{visit.title}</span>
                  </Group>
                </Anchor>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {ago(visit.at)}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Paper>
    </section>
  );
}
