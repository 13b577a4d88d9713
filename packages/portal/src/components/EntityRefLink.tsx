import { Anchor, Group } from '@mantine/core';
import { parseRef } from '@paved/client';
import { Link } from 'react-router';
import { entityPath } from '../app/routes-paths.ts';
import { KindIcon } from './KindIcon.tsx';

/**
 * A link to an entity page. Shows `name`, or `namespace/name` outside the default namespace, or
 * a title when one is given; `kind` is implied by `defaultKind` for bare names (owners are groups).
 */
export function EntityRefLink(props: {
  entityRef: string;
  title?: string | undefined;
  defaultKind?: string;
  icon?: boolean;
}) {
  let label = props.entityRef;
  let ref = props.entityRef;
  try {
    const parsed = parseRef(props.entityRef, { kind: props.defaultKind ?? 'component' });
    ref = `${parsed.kind.toLowerCase()}:${parsed.namespace}/${parsed.name}`;
    label =
      props.title ?? (parsed.namespace === 'default' ? parsed.name : `${parsed.namespace}/${parsed.name}`);
  } catch {
    return <span>{props.entityRef}</span>;
  }
  return (
    <Anchor component={Link} to={entityPath(ref)} size="sm">
      {props.icon ? (
        <Group gap={4} wrap="nowrap" component="span">
          <KindIcon kind={parseRef(ref).kind} size={14} />
          <span>{label}</span>
        </Group>
      ) : (
        label
      )}
    </Anchor>
  );
}
