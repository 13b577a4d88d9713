import type { Entity } from '@paved/client';
import { RelatedEntitiesCard } from './RelatedEntitiesCard.tsx';

/**
 * The cards a kind adds to the overview: a team's people and what it owns, a system's parts, a
 * component's APIs and dependencies. Each card asks the server for one filtered page.
 */
export function KindCards(props: { entity: Entity; entityRef: string }) {
  const ref = props.entityRef;
  const card = (
    title: string,
    filter: Record<string, string>,
    empty: string,
    options: { variant?: 'people'; hideWhenEmpty?: boolean } = {},
  ) => (
    <RelatedEntitiesCard
      key={title}
      entityRef={ref}
      title={title}
      filter={filter}
      empty={empty}
      {...options}
    />
  );

  switch (props.entity.kind.toLowerCase()) {
    case 'group':
      return [
        card('Members', { kind: 'user', 'relations.memberOf': ref }, 'This team has no members', {
          variant: 'people',
        }),
        card('Sub-teams', { kind: 'group', 'relations.childOf': ref }, 'No sub-teams', {
          hideWhenEmpty: true,
        }),
        card('Owned entities', { 'relations.ownedBy': ref }, 'This team owns nothing in the catalog'),
      ];
    case 'user':
      return [
        card('Teams', { kind: 'group', 'relations.hasMember': ref }, 'Not a member of any team'),
        card('Owned entities', { 'relations.ownedBy': ref }, 'This user owns nothing in the catalog'),
      ];
    case 'system':
      return [
        card('Components', { kind: 'component', 'relations.partOf': ref }, 'No components in this system'),
        card('APIs', { kind: 'api', 'relations.partOf': ref }, 'No APIs in this system'),
        card('Resources', { kind: 'resource', 'relations.partOf': ref }, 'No resources in this system'),
      ];
    case 'domain':
      return [
        card('Systems', { kind: 'system', 'relations.partOf': ref }, 'No systems in this domain'),
        card('Subdomains', { kind: 'domain', 'relations.partOf': ref }, 'No subdomains', {
          hideWhenEmpty: true,
        }),
      ];
    case 'component':
      return [
        card('Provided APIs', { kind: 'api', 'relations.apiProvidedBy': ref }, 'Provides no APIs'),
        card('Consumed APIs', { kind: 'api', 'relations.apiConsumedBy': ref }, 'Consumes no APIs'),
        card('Dependencies', { 'relations.dependencyOf': ref }, 'Depends on nothing in the catalog'),
        card('Dependents', { 'relations.dependsOn': ref }, 'Nothing depends on it', { hideWhenEmpty: true }),
        card('Subcomponents', { kind: 'component', 'relations.partOf': ref }, 'No subcomponents', {
          hideWhenEmpty: true,
        }),
      ];
    case 'api':
      return [
        card('Providers', { 'relations.providesApi': ref }, 'No component provides this API'),
        card('Consumers', { 'relations.consumesApi': ref }, 'No component consumes this API'),
      ];
    case 'resource':
      return [card('Dependents', { 'relations.dependsOn': ref }, 'Nothing depends on it')];
    default:
      return null;
  }
}
