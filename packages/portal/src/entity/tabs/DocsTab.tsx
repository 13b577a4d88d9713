import { Anchor, Group, Text } from '@mantine/core';
import type { Entity } from '@paved/client';
import { IconArrowUpRight } from '@tabler/icons-react';
import { Link } from 'react-router';
import { DocsView } from '../../docs/DocsView.tsx';
import { docsPath } from '../../docs/docsPaths.ts';

/** The entity's docs inline (their index page); other pages open in the docs reader. */
export function DocsTab(props: { entity: Entity; entityRef: string }) {
  const owner = props.entity.relations?.find((r) => r.type === 'ownedBy')?.targetRef;
  return (
    <>
      <Group justify="flex-end" mb="xs">
        <Anchor component={Link} to={docsPath(props.entityRef)} size="sm" data-testid="docs-open-reader">
          <Group gap={4} component="span">
            <Text span inherit>
              Open in the docs reader
            </Text>
            <IconArrowUpRight size={14} aria-hidden />
          </Group>
        </Anchor>
      </Group>
      <DocsView entityRef={props.entityRef} pageUrl="" owner={owner} headingLevel={2} />
    </>
  );
}
