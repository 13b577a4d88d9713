import type { Entity } from '@paved/client';
import type { ComponentType, ReactNode } from 'react';
import { EntityRefLink } from '../components/EntityRefLink.tsx';
import { specString } from './entityFields.ts';

const SPEC_REFS = [
  { field: 'owner', label: 'Owner', kind: 'group' },
  { field: 'system', label: 'System', kind: 'system' },
  { field: 'domain', label: 'Domain', kind: 'domain' },
] as const;

/**
 * The owner, system and domain an entity names, each a fact with a link; `fact` lays one out
 * (the header and the About card present facts differently).
 */
export function SpecRefFacts(props: {
  entity: Entity;
  fact: ComponentType<{ label: string; children: ReactNode }>;
}) {
  const Fact = props.fact;
  return SPEC_REFS.map(({ field, label, kind }) => {
    const ref = specString(props.entity, field);
    return ref ? (
      <Fact key={field} label={label}>
        <EntityRefLink entityRef={ref} defaultKind={kind} icon />
      </Fact>
    ) : null;
  });
}
