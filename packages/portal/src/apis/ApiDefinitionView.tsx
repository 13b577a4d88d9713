import { Alert, Code, Skeleton, Stack } from '@mantine/core';
import type { Entity } from '@paved/client';
import { IconAlertTriangle, IconFileOff, IconInfoCircle } from '@tabler/icons-react';
import { lazy, type ReactNode, Suspense, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../components/EmptyState.tsx';
import { DefinitionToolbar } from './DefinitionToolbar.tsx';
import {
  type ApiDefinition,
  asRecord,
  definitionFileName,
  parseDefinition,
  readDefinition,
  type SourceLanguage,
  shapeProblem,
  sourceLanguage,
  typeLabel,
} from './definition.ts';
import { ViewerBoundary } from './ViewerBoundary.tsx';

// Each heavy viewer is its own chunk, downloaded only for the types that need it: a GraphQL API
// loads Shiki, never Swagger UI.
const CodeView = lazy(() => import('./code/CodeView.tsx').then((module) => ({ default: module.CodeView })));
const OpenApiView = lazy(() =>
  import('./openapi/OpenApiView.tsx').then((module) => ({ default: module.OpenApiView })),
);
const AsyncApiView = lazy(() =>
  import('./asyncapi/AsyncApiView.tsx').then((module) => ({ default: module.AsyncApiView })),
);

/** The search parameter that holds the Raw switch, so a link can point at the source. */
const RAW_PARAM = 'definition';

/**
 * An API entity's `spec.definition`, shown by `spec.type`: OpenAPI in Swagger UI (with "Try it
 * out"), AsyncAPI in a compact viewer of its channels and messages, GraphQL and gRPC as highlighted
 * source; anything else, or a definition that does not parse, as highlighted source with an alert
 * that says why. A toolbar offers the source ("Raw"), a download and a copy for every type.
 */
export function ApiDefinitionView(props: { entity: Entity }) {
  const { entity } = props;
  const definition = useMemo(() => readDefinition(entity), [entity]);
  const [searchParams, setSearchParams] = useSearchParams();

  if (!definition) {
    return (
      <EmptyState title="No definition" icon={<IconFileOff size={28} />}>
        This API has no <Code>spec.definition</Code>. Add one to its catalog-info.yaml, inline or as{' '}
        <Code>$text: ./openapi.yaml</Code>.
      </EmptyState>
    );
  }

  const language = sourceLanguage(definition);
  const hasRenderedView = definition.type === 'openapi' || definition.type === 'asyncapi';
  const raw = hasRenderedView && searchParams.get(RAW_PARAM) === 'source';
  const setRaw = (value: boolean) =>
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(RAW_PARAM, 'source');
        else next.delete(RAW_PARAM);
        return next;
      },
      { replace: true },
    );
  const source = (markLine?: number) => (
    <SourceView
      code={definition.text}
      language={language}
      label={`Source of ${entity.metadata.name}`}
      markLine={markLine}
    />
  );

  let body: ReactNode;
  if (raw || definition.type === 'graphql' || definition.type === 'grpc') {
    body = source();
  } else if (definition.type === 'openapi' || definition.type === 'asyncapi') {
    body = <RenderedDefinition definition={definition} type={definition.type} source={source} />;
  } else {
    body = (
      <>
        <Alert
          color="blue"
          icon={<IconInfoCircle aria-hidden />}
          title={`No viewer for "${definition.type}" APIs`}
        >
          Paved renders OpenAPI, AsyncAPI, GraphQL and gRPC definitions; this one is shown as its source.
        </Alert>
        {source()}
      </>
    );
  }

  return (
    <Stack gap="sm">
      <DefinitionToolbar
        definition={definition}
        fileName={definitionFileName(entity, language)}
        raw={raw}
        onRawChange={hasRenderedView ? setRaw : undefined}
      />
      {/* Keyed by entity so a viewer that failed for one API gets a fresh start on the next. */}
      <ViewerBoundary
        key={entity.metadata.uid ?? entity.metadata.name}
        fallback={(error) => viewerFailed(error, source())}
      >
        {body}
      </ViewerBoundary>
    </Stack>
  );
}

/** OpenAPI or AsyncAPI: parsed here, then handed to its viewer; the source and an alert if it does not parse. */
function RenderedDefinition(props: {
  definition: ApiDefinition;
  type: 'openapi' | 'asyncapi';
  source: (markLine?: number) => ReactNode;
}) {
  const { definition, type, source } = props;
  const parsed = useMemo(() => parseDefinition(definition.text), [definition.text]);

  if (!parsed.ok) {
    const position = parsed.line ? ` (line ${parsed.line}, column ${parsed.column ?? 1})` : '';
    return (
      <>
        <Alert
          color="red"
          icon={<IconAlertTriangle aria-hidden />}
          title="The definition could not be parsed"
          role="alert"
        >
          {parsed.message}
          {position}. It is shown as source below.
        </Alert>
        {source(parsed.line)}
      </>
    );
  }
  const problem = shapeProblem(type, parsed.value);
  const document = asRecord(parsed.value);
  if (problem || !document) {
    return (
      <>
        <Alert
          color="yellow"
          icon={<IconAlertTriangle aria-hidden />}
          title={`Not a valid ${typeLabel(type)} document`}
        >
          {problem} It is shown as source below.
        </Alert>
        {source()}
      </>
    );
  }
  return (
    <Suspense fallback={<ViewerSkeleton />}>
      {type === 'openapi' ? <OpenApiView spec={document} /> : <AsyncApiView document={document} />}
    </Suspense>
  );
}

/** Highlighted source (Shiki chunk); plain text if even that fails. */
function SourceView(props: { code: string; language: SourceLanguage; label: string; markLine?: number }) {
  return (
    <ViewerBoundary fallback={() => <PlainSource code={props.code} label={props.label} />}>
      <Suspense fallback={<ViewerSkeleton />}>
        <CodeView {...props} copyable={false} />
      </Suspense>
    </ViewerBoundary>
  );
}

function PlainSource(props: { code: string; label: string }) {
  return (
    <Code
      block
      role="region"
      aria-label={props.label}
      tabIndex={0}
      style={{ maxHeight: '75vh', overflow: 'auto' }}
    >
      {props.code}
    </Code>
  );
}

function viewerFailed(error: Error, source: ReactNode) {
  return (
    <>
      <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title="The viewer failed" role="alert">
        {error.message}. The definition is shown as source below.
      </Alert>
      {source}
    </>
  );
}

function ViewerSkeleton() {
  return (
    <Stack gap="sm" aria-busy="true" aria-label="Loading the definition">
      <Skeleton height={28} width="45%" />
      <Skeleton height={16} width="75%" />
      <Skeleton height={280} />
    </Stack>
  );
}
