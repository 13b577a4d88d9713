import { Stack } from '@mantine/core';
import { RelatedEntitiesCard } from '../overview/RelatedEntitiesCard.tsx';

/** A component's APIs: the ones it provides and the ones it consumes. */
export function ApisTab(props: { entityRef: string }) {
  const ref = props.entityRef;
  return (
    <Stack gap="md">
      <RelatedEntitiesCard
        entityRef={ref}
        title="Provided APIs"
        filter={{ kind: 'api', 'relations.apiProvidedBy': ref }}
        empty="This component provides no APIs"
      />
      <RelatedEntitiesCard
        entityRef={ref}
        title="Consumed APIs"
        filter={{ kind: 'api', 'relations.apiConsumedBy': ref }}
        empty="This component consumes no APIs"
      />
    </Stack>
  );
}
