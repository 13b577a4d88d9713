import { Alert, Button, Code, Grid, Group, List, Paper, Select, Stack, Text, Title } from '@mantine/core';
import {
  type DryRunFile,
  type DryRunRequest,
  type Entity,
  formatEntityRef,
  PavedHttpError,
  templateErrorsOf,
} from '@paved/client';
import { IconFolderOpen, IconRestore } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type ChangeEvent, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { stringify } from 'yaml';
import { errorMessage, useApi } from '../../app/api.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageSkeleton } from '../../components/PageSkeleton.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { TabErrorBoundary } from '../../entity/TabErrorBoundary.tsx';
import createClasses from '../create.module.css';
import { templateEditorPath, templateFormPath } from '../createPaths.ts';
import { SecretsContext, useSecretStore } from '../fields/secrets.ts';
import { withPageDefaults } from '../TemplateForm.tsx';
import { CodeEditor, PositionLink } from './CodeEditor.tsx';
import { DryRunPanel } from './DryRunPanel.tsx';
import { parseMapping, readTemplateFolder, STARTER_TEMPLATE, templateSteps } from './templateSource.ts';
import { useDryRun } from './useDryRun.ts';
import { describeValueError, type ValuesMode, ValuesPanel } from './ValuesPanel.tsx';

type Values = Record<string, unknown>;

/** Where the edited template came from: the catalog (its files on the server), a folder, or nothing. */
type Origin =
  | { kind: 'catalog'; templateRef: string; location?: string }
  | { kind: 'folder'; name: string; files: DryRunFile[] }
  | { kind: 'new' };

/** The stored entity as YAML, for a template the server has no source document of. */
function entityYaml(entity: Entity): string {
  const {
    relations: _relations,
    status: _status,
    ...rest
  } = entity as Entity & {
    relations?: unknown;
    status?: unknown;
  };
  const {
    uid: _uid,
    etag: _etag,
    ...metadata
  } = rest.metadata as Entity['metadata'] & {
    uid?: string;
    etag?: string;
  };
  return stringify({ ...rest, metadata });
}

/** A select of the catalog's templates, to edit one of them instead. */
function TemplatePicker(props: { current?: string }) {
  const api = useApi();
  const navigate = useNavigate();
  const templates = useQuery({
    queryKey: ['create', 'editor', 'templates'],
    queryFn: ({ signal }) =>
      api.queryEntities(
        {
          filter: [{ kind: 'template' }],
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
          orderFields: [{ field: 'metadata.name', order: 'asc' }],
          limit: 100,
        },
        signal,
      ),
    select: (response) =>
      response.items.map((entity) => ({
        value: formatEntityRef(entity),
        label: entity.metadata.title ?? entity.metadata.name,
      })),
    staleTime: 60_000,
  });
  return (
    <Select
      label="Open a catalog template"
      placeholder="Choose a template"
      data={templates.data ?? []}
      value={props.current ?? null}
      searchable
      nothingFoundMessage="No template matches"
      onChange={(ref) => ref && void navigate(templateEditorPath(ref))}
      w={280}
    />
  );
}

function Editor(props: { initialYaml: string; origin: Origin; title?: string }) {
  const secrets = useSecretStore();
  const [origin, setOrigin] = useState<Origin>(props.origin);
  const [original, setOriginal] = useState(props.initialYaml);
  const [text, setText] = useState(props.initialYaml);
  const [mode, setMode] = useState<ValuesMode>('form');
  const [values, setValues] = useState<Values>({});
  const [valuesText, setValuesText] = useState('{}\n');
  const [selected, setSelected] = useState<string>();
  const [folderError, setFolderError] = useState<string>();
  const folderInput = useRef<HTMLInputElement>(null);

  const parsed = useMemo(() => parseMapping(text, 'The template'), [text]);
  const template = parsed.ok ? parsed.value : undefined;
  // While a line is broken, the form stays that of the last template that parsed.
  const lastParsed = useRef<Record<string, unknown>>(undefined);
  if (template) lastParsed.current = template;
  const formTemplate = template ?? lastParsed.current;
  const steps = useMemo(() => (formTemplate ? templateSteps(formTemplate) : []), [formTemplate]);
  const parsedValues = useMemo(
    () => (mode === 'yaml' ? parseMapping(valuesText, 'The values') : undefined),
    [mode, valuesText],
  );
  const effectiveValues = parsedValues ? (parsedValues.ok ? parsedValues.value : undefined) : values;

  const request = useMemo((): DryRunRequest | undefined => {
    if (!template || !effectiveValues) return undefined;
    // The form's defaults count as filled in, as "Create" would send them.
    const filled = steps.reduce((all, step) => withPageDefaults(step, all), effectiveValues);
    const given = secrets.all();
    return {
      template,
      values: filled,
      ...(Object.keys(given).length ? { secrets: given } : {}),
      ...(origin.kind === 'catalog' ? { templateRef: origin.templateRef } : {}),
      ...(origin.kind === 'folder' && origin.files.length ? { directoryContents: origin.files } : {}),
    };
  }, [template, effectiveValues, steps, origin, secrets]);

  const run = useDryRun(request);
  const fieldErrors = (!run.current && templateErrorsOf(run.error)) || [];
  const otherError =
    !run.current && run.error !== undefined && fieldErrors.length === 0 ? run.error : undefined;

  const switchMode = (next: ValuesMode) => {
    if (next === mode) return;
    if (next === 'yaml') setValuesText(stringify(values));
    else if (parsedValues?.ok) setValues(parsedValues.value);
    setMode(next);
  };

  const loadFolder = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const chosen = await readTemplateFolder(input.files ?? []).catch((error: unknown) => {
      setFolderError(errorMessage(error));
      return undefined;
    });
    input.value = '';
    if (!chosen) {
      setFolderError((e) => e ?? 'The folder has no template.yaml.');
      return;
    }
    setFolderError(undefined);
    setOrigin({ kind: 'folder', name: chosen.templatePath, files: chosen.files });
    setOriginal(chosen.templateYaml);
    setText(chosen.templateYaml);
    setSelected(undefined);
  };

  const error = parsed.ok ? undefined : parsed.error;
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack gap="lg">
          <Paper withBorder p="md" radius="md">
            <Stack gap="xs">
              <Group justify="space-between" align="flex-end">
                <Title order={2} size="h4">
                  <label htmlFor="template-editor">Template YAML</label>
                </Title>
                <Group gap="xs">
                  {origin.kind !== 'catalog' ? (
                    <>
                      <input
                        ref={folderInput}
                        type="file"
                        hidden
                        multiple
                        data-testid="folder-input"
                        onChange={(event) => void loadFolder(event)}
                        {...({ webkitdirectory: '' } as Record<string, string>)}
                      />
                      <Button
                        size="xs"
                        variant="default"
                        leftSection={<IconFolderOpen size={14} aria-hidden />}
                        onClick={() => folderInput.current?.click()}
                      >
                        Load a template folder
                      </Button>
                    </>
                  ) : null}
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconRestore size={14} aria-hidden />}
                    disabled={text === original}
                    onClick={() => setText(original)}
                  >
                    Reset
                  </Button>
                </Group>
              </Group>
              <Text size="sm" id="template-editor-help">
                {origin.kind === 'catalog'
                  ? `A copy of ${props.title ?? origin.templateRef}: nothing is saved. Its skeleton files are the catalog template's.`
                  : origin.kind === 'folder'
                    ? `${origin.name}, with ${origin.files.length} other ${origin.files.length === 1 ? 'file' : 'files'} of its folder: nothing is saved.`
                    : 'A new template: nothing is saved. Load a folder to use its skeleton files.'}{' '}
                Tab indents; Escape then Tab leaves the editor.
              </Text>
              {origin.kind === 'catalog' && origin.location ? (
                <Text size="xs">
                  Read from <Code>{origin.location}</Code>
                </Text>
              ) : null}
              <CodeEditor
                id="template-editor"
                label="Template YAML"
                value={text}
                onChange={setText}
                errorLine={error?.line}
                describedBy={error ? 'template-editor-help template-error' : 'template-editor-help'}
                height={460}
              />
              {error ? (
                <Text
                  id="template-error"
                  size="sm"
                  className={createClasses.error}
                  role="alert"
                  data-testid="yaml-error"
                >
                  <PositionLink editorId="template-editor" at={error} />: {error.message}
                </Text>
              ) : null}
              {folderError ? (
                <Text size="sm" className={createClasses.error} role="alert">
                  {folderError}
                </Text>
              ) : null}
            </Stack>
          </Paper>
          <Paper withBorder p="md" radius="md">
            <SecretsContext.Provider value={secrets.store}>
              <TabErrorBoundary key={JSON.stringify(steps)} what="the form of this template">
                <ValuesPanel
                  mode={mode}
                  onMode={switchMode}
                  steps={steps}
                  values={values}
                  onValues={setValues}
                  text={valuesText}
                  onText={setValuesText}
                  textError={parsedValues && !parsedValues.ok ? parsedValues.error : undefined}
                  errors={fieldErrors}
                />
              </TabErrorBoundary>
            </SecretsContext.Provider>
          </Paper>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Paper withBorder p="md" radius="md" style={{ position: 'sticky', top: 72 }}>
          <Stack gap="sm">
            {fieldErrors.length > 0 ? (
              <Alert color="red" title="The values are refused" data-testid="values-refused">
                <List size="sm">
                  {fieldErrors.map((e) => (
                    <List.Item key={`${e.page}-${e.path}-${e.message}`}>
                      {describeValueError(e, steps)}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            ) : null}
            {otherError !== undefined ? (
              <Alert color="red" title="The dry-run was refused" data-testid="dry-run-refused">
                {otherError instanceof PavedHttpError ? otherError.message : errorMessage(otherError)}
              </Alert>
            ) : null}
            {error ? <Text size="sm">Fix the template's YAML to run it again.</Text> : null}
            {run.result ? (
              <DryRunPanel
                result={run.result}
                stale={!run.current}
                running={run.running}
                selected={selected}
                onSelect={setSelected}
              />
            ) : (
              <Text size="sm" data-testid="dry-run-waiting">
                {run.running || (request && run.error === undefined)
                  ? 'Running the template…'
                  : 'The rendered files show here once the template runs.'}
              </Text>
            )}
          </Stack>
        </Paper>
      </Grid.Col>
    </Grid>
  );
}

/**
 * `/create/edit` and `/create/edit/:namespace/:name`: a template's YAML and values side by
 * side with what a dry-run of them renders, run again as you type. Nothing is saved.
 */
export function TemplateEditorPage() {
  const api = useApi();
  const params = useParams();
  const templateRef = params.name ? `template:${params.namespace ?? 'default'}/${params.name}` : undefined;
  const source = useQuery({
    queryKey: ['create', 'editor', 'source', templateRef],
    queryFn: async ({ signal }) => {
      if (!templateRef) return null;
      const found = await api.getEntitySource(templateRef);
      if (found)
        return { yaml: found.yaml, location: `${found.location.replace(/^file:/, '')}:${found.line}` };
      const entity = await api.getEntityByRef(templateRef, signal);
      if (!entity) throw new PavedHttpError(404, `No template ${templateRef}`, 'NotFoundError', undefined);
      return { yaml: entityYaml(entity) };
    },
    // The editor starts from what was read once; a refetch must not replace someone's edits.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
  const title = source.data?.yaml ? /^\s*title:\s*(.+)$/m.exec(source.data.yaml)?.[1]?.trim() : undefined;

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Text size="sm">
          <Link to="/create">Templates</Link> /{' '}
          {templateRef ? (
            <>
              <Link to={templateFormPath(templateRef)}>{title ?? templateRef}</Link> /{' '}
            </>
          ) : null}
          Template editor
        </Text>
        <Group justify="space-between" align="flex-end">
          <Stack gap={4}>
            <Title order={1}>Template editor</Title>
            <Text>
              Edit a template and its values; a dry-run renders its files as you type, with no side effects.
            </Text>
          </Stack>
          <Group gap="sm" align="flex-end">
            <TemplatePicker current={templateRef} />
            {templateRef ? (
              <Button component={Link} to={templateEditorPath()} variant="default">
                New template
              </Button>
            ) : null}
          </Group>
        </Group>
      </Stack>
      {!templateRef ? (
        <Editor key="new" initialYaml={STARTER_TEMPLATE} origin={{ kind: 'new' }} />
      ) : source.isPending ? (
        <PageSkeleton />
      ) : source.isError ? (
        source.error instanceof PavedHttpError && source.error.status === 404 ? (
          <EmptyState title="No such template">
            There is no template {templateRef} in the catalog. <Link to="/create">See all templates</Link>.
          </EmptyState>
        ) : (
          <QueryError error={source.error} what="the template" retry={() => void source.refetch()} />
        )
      ) : (
        <Editor
          key={templateRef}
          initialYaml={source.data?.yaml ?? ''}
          title={title}
          origin={{
            kind: 'catalog',
            templateRef,
            ...(source.data?.location ? { location: source.data.location } : {}),
          }}
        />
      )}
    </Stack>
  );
}
