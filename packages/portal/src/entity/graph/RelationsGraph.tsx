import '@xyflow/react/dist/style.css';
import './graph.css';
import {
  Alert,
  Anchor,
  Checkbox,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  useComputedColorScheme,
} from '@mantine/core';
import { type Entity, formatEntityRef } from '@paved/client';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Background, Controls, type Edge, MarkerType, type NodeTypes, ReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../app/api.ts';
import { entityPath } from '../../app/routes-paths.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { displayName } from '../entityFields.ts';
import { entityKey } from '../entityQueries.ts';
import { relationLabel } from '../relations.ts';
import { type EntityFlowNode, EntityNode } from './EntityNode.tsx';
import { type LayoutDirection, layoutGraph } from './layoutGraph.ts';
import { GRAPH_FIELDS, loadNeighbourhood } from './neighbourhood.ts';
import { graphEdges, relationTypesOf, type VisibleGraph, visibleGraph } from './visibleGraph.ts';

/** The most entities drawn, the centre included: past that a graph is not readable anyway. */
export const GRAPH_CAP = 150;

const NODE_TYPES: NodeTypes = { entity: EntityNode };
const DIRECTION: LayoutDirection = 'RIGHT';

/**
 * The entity and its neighbours, one or two hops out, laid out by ELK. The controls live in the
 * URL (`?hops=2&hide=ownedBy`), so a view can be shared.
 */
export function RelationsGraph(props: { entity: Entity }) {
  const client = useApi();
  const ref = formatEntityRef(props.entity);
  const [params, setParams] = useSearchParams();
  const hops = params.get('hops') === '2' ? 2 : 1;
  const hiddenParam = params.get('hide') ?? '';
  const hidden = useMemo(() => new Set(hiddenParam.split(',').filter(Boolean)), [hiddenParam]);

  const neighbourhood = useQuery({
    queryKey: [...entityKey(ref), 'neighbourhood', hops],
    queryFn: () =>
      loadNeighbourhood({
        centre: props.entity,
        hops,
        cap: GRAPH_CAP,
        fetchByRefs: async (refs) => (await client.getEntitiesByRefs(refs, GRAPH_FIELDS)).items,
      }),
  });
  const edges = useMemo(
    () => (neighbourhood.data ? graphEdges(neighbourhood.data) : []),
    [neighbourhood.data],
  );
  const types = useMemo(() => relationTypesOf(edges), [edges]);
  const graph = useMemo(
    () =>
      neighbourhood.data ? visibleGraph(neighbourhood.data, edges, { hops, hiddenTypes: hidden }) : undefined,
    [neighbourhood.data, edges, hops, hidden],
  );

  const update = (changes: Record<string, string | undefined>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  if ((props.entity.relations ?? []).length === 0) {
    return (
      <EmptyState title={`This ${props.entity.kind.toLowerCase()} declares no relations`}>
        Relations come from spec fields such as owner, system, dependsOn and providesApis.
      </EmptyState>
    );
  }

  return (
    <Stack gap="sm">
      <Group gap="xl" align="flex-end">
        <div>
          <Text size="sm" fw={500} mb={4} id="graph-hops-label">
            Distance
          </Text>
          <SegmentedControl
            aria-labelledby="graph-hops-label"
            value={String(hops)}
            onChange={(value) => update({ hops: value === '2' ? '2' : undefined })}
            data={[
              { value: '1', label: '1 hop' },
              { value: '2', label: '2 hops' },
            ]}
          />
        </div>
        {types.length > 0 ? (
          <Checkbox.Group
            label="Relation types"
            value={types.filter((t) => !hidden.has(t))}
            onChange={(shown) => update({ hide: types.filter((t) => !shown.includes(t)).join(',') })}
          >
            <Group gap="md" mt={6}>
              {types.map((type) => (
                <Checkbox key={type} value={type} label={relationLabel(type)} />
              ))}
            </Group>
          </Checkbox.Group>
        ) : null}
      </Group>
      {neighbourhood.data?.capped ? (
        <Alert color="yellow" icon={<IconInfoCircle aria-hidden />} data-testid="graph-capped">
          Showing {neighbourhood.data.entities.size} of {neighbourhood.data.found} entities: the graph stops
          at {GRAPH_CAP}. The relation lists on the{' '}
          <Anchor component={Link} to={entityPath(ref)} size="sm" underline="always">
            overview
          </Anchor>{' '}
          name them all.
        </Alert>
      ) : null}
      {neighbourhood.isError ? (
        <QueryError
          error={neighbourhood.error}
          what="the related entities"
          retry={() => void neighbourhood.refetch()}
        />
      ) : graph ? (
        <GraphCanvas
          graph={graph}
          layoutKey={[...entityKey(ref), 'graph-layout', neighbourhood.dataUpdatedAt, hops, hiddenParam]}
          label={`Relations graph of ${displayName(props.entity)}`}
        />
      ) : (
        <Skeleton className="paved-graph" aria-busy="true" aria-label="Loading the related entities" />
      )}
      <Text size="xs" c="var(--paved-muted)">
        Each node opens that entity's relations. The{' '}
        <Anchor component={Link} to={entityPath(ref)} size="xs" underline="always">
          overview
        </Anchor>{' '}
        lists the same relations as text.
      </Text>
    </Stack>
  );
}

function GraphCanvas(props: { graph: VisibleGraph; layoutKey: unknown[]; label: string }) {
  const colorScheme = useComputedColorScheme('light');
  const layout = useQuery({
    queryKey: props.layoutKey,
    queryFn: () => layoutGraph(props.graph, DIRECTION),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const flow = useMemo(() => {
    if (!layout.data) return undefined;
    const positions = layout.data;
    // in reading order of the layout (layer by layer, top to bottom): the order Tab walks them in
    const at = (key: string) => positions.get(key) ?? { x: 0, y: 0 };
    const [across, along] = DIRECTION === 'RIGHT' ? (['x', 'y'] as const) : (['y', 'x'] as const);
    const ordered = [...props.graph.nodes].sort(
      (a, b) => at(a.key)[across] - at(b.key)[across] || at(a.key)[along] - at(b.key)[along],
    );
    const nodes: EntityFlowNode[] = ordered.map((node) => ({
      id: node.key,
      type: 'entity',
      position: at(node.key),
      data: { entity: node.entity, centre: node.centre, vertical: DIRECTION === 'DOWN' },
    }));
    const edges: Edge[] = props.graph.edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      label: relationLabel(edge.type).toLowerCase(),
      markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
      labelBgPadding: [4, 2],
      labelBgBorderRadius: 3,
    }));
    return { nodes, edges };
  }, [layout.data, props.graph]);

  if (layout.isError) return <QueryError error={layout.error} what="the graph layout" />;
  if (!flow) return <Skeleton className="paved-graph" aria-busy="true" aria-label="Laying out the graph" />;
  return (
    <section className="paved-graph" aria-label={props.label} data-testid="relations-graph">
      <ReactFlow
        key={JSON.stringify(props.layoutKey)}
        nodes={flow.nodes}
        edges={flow.edges}
        nodeTypes={NODE_TYPES}
        colorMode={colorScheme}
        fitView
        fitViewOptions={{ padding: 0.12, maxZoom: 1.25 }}
        minZoom={0.15}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        // the links inside the nodes take the focus; React Flow's own node focus would be a second stop
        nodesFocusable={false}
        edgesFocusable={false}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </section>
  );
}
