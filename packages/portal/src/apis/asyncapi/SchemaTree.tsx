import { Badge, Code, Text } from '@mantine/core';
import { asRecord } from '../definition.ts';
import classes from './AsyncApiView.module.css';
import type { Resolver } from './asyncapiModel.ts';

type Schema = Record<string, unknown>;

/** Deeper than this the tree stops: real payloads are far shallower, a generated monster is not read. */
const MAX_DEPTH = 12;

/**
 * A JSON Schema (as AsyncAPI payloads and headers are) as a readable tree of properties: name, type,
 * required, description and constraints, with objects, arrays of objects, allOf, oneOf and anyOf
 * opened up. `$ref`s are followed as the tree is drawn; a schema that contains itself is drawn once.
 */
export function SchemaTree(props: { schema: unknown; resolve: Resolver; label: string }) {
  return (
    <ul className={classes.tree} aria-label={props.label}>
      <SchemaNode schema={props.schema} resolve={props.resolve} seen={[]} depth={0} />
    </ul>
  );
}

interface NodeProps {
  name?: string;
  schema: unknown;
  required?: boolean;
  resolve: Resolver;
  /** The refs on the way here, to stop at recursion. */
  seen: string[];
  depth: number;
}

function SchemaNode({ name, schema, required, resolve, seen, depth }: NodeProps) {
  const resolved = resolve(schema);
  if (resolved.unresolved) {
    return (
      <li>
        <Row name={name} type={`$ref ${resolved.unresolved}`} required={required} />
        <Text size="sm" className={classes.muted}>
          This reference points outside the document and is not followed.
        </Text>
      </li>
    );
  }
  const node = asRecord(resolved.value) ?? {};
  const refName = resolved.ref?.split('/').at(-1);
  const recursive = resolved.ref !== undefined && seen.includes(resolved.ref);
  const path = resolved.ref ? [...seen, resolved.ref] : seen;
  const children = recursive || depth >= MAX_DEPTH ? [] : childrenOf(node, resolve, path);

  return (
    <li>
      <Row name={name} type={typeLabel(node, refName, resolve)} required={required} />
      <Facts node={node} />
      {recursive ? (
        <Text size="sm" className={classes.muted}>
          Contains itself ({refName}); shown above.
        </Text>
      ) : null}
      {children.length > 0 ? (
        <ul className={classes.tree}>
          {children.map((child) => (
            <SchemaNode
              key={child.name}
              name={child.name}
              schema={child.schema}
              required={child.required}
              resolve={resolve}
              seen={child.seen}
              depth={depth + 1}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function Row(props: { name?: string; type: string; required?: boolean }) {
  return (
    <div className={classes.row}>
      {props.name !== undefined ? (
        <Text span fw={600} ff="monospace" size="sm">
          {props.name}
        </Text>
      ) : null}
      <Text span ff="monospace" size="sm" className={classes.type}>
        {props.type}
      </Text>
      {props.required ? (
        <Badge size="xs" variant="outline" color="red">
          required
        </Badge>
      ) : null}
    </div>
  );
}

/** Description and constraints, one line each where present. */
function Facts({ node }: { node: Schema }) {
  const facts: [string, string][] = [];
  if (Array.isArray(node.enum))
    facts.push(['One of', node.enum.map((value) => JSON.stringify(value)).join(', ')]);
  if ('const' in node) facts.push(['Always', JSON.stringify(node.const)]);
  if (typeof node.pattern === 'string') facts.push(['Pattern', node.pattern]);
  for (const [key, label] of [
    ['minimum', 'Minimum'],
    ['maximum', 'Maximum'],
    ['minLength', 'Min length'],
    ['maxLength', 'Max length'],
    ['minItems', 'Min items'],
    ['maxItems', 'Max items'],
  ] as const) {
    if (typeof node[key] === 'number') facts.push([label, String(node[key])]);
  }
  if ('default' in node) facts.push(['Default', JSON.stringify(node.default)]);
  if ('example' in node) facts.push(['Example', JSON.stringify(node.example)]);
  const description = typeof node.description === 'string' ? node.description : undefined;
  if (!description && facts.length === 0) return null;
  return (
    <div className={classes.facts}>
      {description ? (
        <Text size="sm" className={classes.prose}>
          {description}
        </Text>
      ) : null}
      {facts.map(([label, value]) => (
        <Text size="sm" key={label}>
          {label}: <Code>{value}</Code>
        </Text>
      ))}
    </div>
  );
}

/** "string · date-time", "array of OrderLine", "Money (object)", "one of 2". */
function typeLabel(node: Schema, refName: string | undefined, resolve: Resolver): string {
  let type = Array.isArray(node.type)
    ? node.type.join(' | ')
    : typeof node.type === 'string'
      ? node.type
      : '';
  if (type === 'array' && node.items !== undefined) {
    const items = resolve(node.items);
    const itemNode = asRecord(items.value) ?? {};
    type = `array of ${items.ref?.split('/').at(-1) ?? items.unresolved ?? (typeLabel(itemNode, undefined, resolve) || 'any')}`;
  }
  if (!type && (node.properties || node.allOf)) type = 'object';
  if (!type && Array.isArray(node.oneOf)) type = `one of ${node.oneOf.length}`;
  if (!type && Array.isArray(node.anyOf)) type = `any of ${node.anyOf.length}`;
  if (typeof node.format === 'string') type = `${type || 'any'} · ${node.format}`;
  type ||= 'any';
  return refName ? `${refName} (${type})` : type;
}

interface Child {
  name: string;
  schema: unknown;
  required: boolean;
  /** The refs on the way to this child. */
  seen: string[];
}

/** The nodes under a schema: its properties (allOf merged), its array items' properties, its alternatives. */
function childrenOf(node: Schema, resolve: Resolver, seen: string[]): Child[] {
  const parts = [
    node,
    ...(Array.isArray(node.allOf) ? node.allOf.map((part) => asRecord(resolve(part).value) ?? {}) : []),
  ];
  // By name: when allOf parts define the same property, the last one wins (and keys stay unique).
  const properties = new Map<string, Child>();
  for (const part of parts) {
    const required = new Set(Array.isArray(part.required) ? part.required : []);
    for (const [name, schema] of Object.entries(asRecord(part.properties) ?? {})) {
      properties.set(name, { name, schema, required: required.has(name), seen });
    }
  }
  const children = [...properties.values()];
  if (node.type === 'array' && node.items !== undefined) {
    const resolved = resolve(node.items);
    const items = asRecord(resolved.value) ?? {};
    const recursive = resolved.ref !== undefined && seen.includes(resolved.ref);
    // An array of objects opens straight into the item's fields; an array of strings has nothing to open.
    if (!recursive && (items.properties || items.allOf || items.oneOf || items.anyOf)) {
      children.push(...childrenOf(items, resolve, resolved.ref ? [...seen, resolved.ref] : seen));
    }
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const alternatives = node[keyword];
    if (Array.isArray(alternatives)) {
      alternatives.forEach((schema, index) => {
        children.push({
          name: `${keyword === 'oneOf' ? 'option' : 'variant'} ${index + 1}`,
          schema,
          required: false,
          seen,
        });
      });
    }
  }
  return children;
}
