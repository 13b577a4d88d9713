import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { Link, useLocation } from 'react-router';
import { entityPath } from '../../app/routes-paths.ts';
import { KindIcon } from '../../components/KindIcon.tsx';
import type { GraphEntity } from './neighbourhood.ts';

export type EntityNodeData = {
  entity: GraphEntity;
  centre: boolean;
  /** Where edges come in: on the left when the graph flows right, on top when it flows down. */
  vertical: boolean;
};

export type EntityFlowNode = Node<EntityNodeData, 'entity'>;

/**
 * A node of the relations graph: a real link to the entity's page (its relations tab, to walk
 * on), so a click, Enter, a middle click and "copy link" all work as everywhere else.
 */
export function EntityNode(props: NodeProps<EntityFlowNode>) {
  const { entity, centre, vertical } = props.data;
  // walking the graph keeps its controls (hops, hidden types)
  const { search } = useLocation();
  const kindLine = entity.missing
    ? 'not in the catalog'
    : entity.type
      ? `${entity.kind} · ${entity.type}`
      : entity.kind;
  const body = (
    <>
      <span className="paved-graph-node-icon">
        <KindIcon kind={entity.kind} size={20} />
      </span>
      <span className="paved-graph-node-text">
        <span className="paved-graph-node-name">{entity.title || entity.name}</span>
        <span className="paved-graph-node-kind">{kindLine}</span>
      </span>
    </>
  );
  return (
    <>
      <Handle type="target" position={vertical ? Position.Top : Position.Left} isConnectable={false} />
      {entity.missing || centre ? (
        <div
          className="paved-graph-node"
          data-centre={centre || undefined}
          data-missing={entity.missing || undefined}
          aria-current={centre ? 'page' : undefined}
        >
          {body}
        </div>
      ) : (
        <Link
          to={`${entityPath(entity.ref, 'relations')}${search}`}
          className="paved-graph-node"
          aria-label={`${entity.title || entity.name} (${kindLine}): open its relations`}
        >
          {body}
        </Link>
      )}
      <Handle type="source" position={vertical ? Position.Bottom : Position.Right} isConnectable={false} />
    </>
  );
}
