import { Anchor, Group } from '@mantine/core';
import type { EntityLink } from '@paved/client';
import {
  IconAlertCircle,
  IconBook,
  IconBrandGithub,
  IconBrandSlack,
  IconChartLine,
  IconExternalLink,
  IconHelp,
  IconLayoutDashboard,
  IconMail,
  IconMessage,
  IconSearch,
  IconUser,
  IconUsersGroup,
} from '@tabler/icons-react';
import { isHttpUrl } from './entityFields.ts';

/** Icons for the `icon` names Backstage's app offers (`dashboard`, `docs`, `chat`…). */
const LINK_ICONS: Record<string, typeof IconExternalLink> = {
  alert: IconAlertCircle,
  catalog: IconLayoutDashboard,
  chat: IconMessage,
  dashboard: IconChartLine,
  docs: IconBook,
  techdocs: IconBook,
  email: IconMail,
  github: IconBrandGithub,
  group: IconUsersGroup,
  help: IconHelp,
  search: IconSearch,
  slack: IconBrandSlack,
  user: IconUser,
  warning: IconAlertCircle,
};

/** `metadata.links`, each with its icon, opening in a new tab. */
export function EntityLinks(props: { links: readonly EntityLink[] }) {
  const links = props.links.filter((link) => isHttpUrl(link.url) || link.url.startsWith('mailto:'));
  if (links.length === 0) return null;
  return (
    <Group gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Links">
      {links.map((link) => {
        const Icon = LINK_ICONS[link.icon ?? ''] ?? IconExternalLink;
        return (
          <li key={link.url + (link.title ?? '')}>
            <Anchor href={link.url} target="_blank" rel="noopener noreferrer" size="sm">
              <Group gap={4} wrap="nowrap" component="span">
                <Icon size={16} aria-hidden />
                <span>{link.title || link.url}</span>
              </Group>
            </Anchor>
          </li>
        );
      })}
    </Group>
  );
}
