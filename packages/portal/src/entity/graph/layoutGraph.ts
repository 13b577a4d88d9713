import ELK from 'elkjs/lib/elk.bundled.js';
import type { VisibleGraph } from './visibleGraph.ts';

/** Every node is drawn this size (graph.css agrees), so the layout need not measure the DOM. */
export const NODE_WIDTH = 232;
export const NODE_HEIGHT = 58;

export type LayoutDirection = 'RIGHT' | 'DOWN';

// The bundled build runs ELK on the main thread: the graph is capped, so a layout takes
// milliseconds, and no worker file has to be served.
const elk = new ELK();

/** Top-left positions of the nodes, by ELK's layered algorithm. */
export async function layoutGraph(
  graph: VisibleGraph,
  direction: LayoutDirection,
): Promise<Map<string, { x: number; y: number }>> {
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction,
      'elk.spacing.nodeNode': '28',
      // room between layers for the relation labels on the edges
      'elk.layered.spacing.nodeNodeBetweenLayers': '110',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: graph.nodes.map((node) => ({ id: node.key, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: graph.edges.map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  });
  return new Map((result.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
}
