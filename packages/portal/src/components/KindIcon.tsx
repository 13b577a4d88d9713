import {
  IconApi,
  IconBox,
  IconBuildingCommunity,
  IconCategory,
  IconDatabase,
  IconFileCode,
  IconMapPin,
  IconTemplate,
  IconTopologyStar3,
  IconUser,
  IconUsersGroup,
} from '@tabler/icons-react';

const ICONS: Record<string, typeof IconBox> = {
  component: IconBox,
  api: IconApi,
  resource: IconDatabase,
  system: IconTopologyStar3,
  domain: IconBuildingCommunity,
  group: IconUsersGroup,
  user: IconUser,
  location: IconMapPin,
  template: IconTemplate,
};

/** The icon of an entity kind (decorative: the kind is always also written out). */
export function KindIcon(props: { kind: string; size?: number }) {
  const Icon = ICONS[props.kind.toLowerCase()] ?? (props.kind ? IconCategory : IconFileCode);
  return <Icon size={props.size ?? 18} aria-hidden stroke={1.7} />;
}
