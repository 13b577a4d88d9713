import { Alert, List, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import type { TemplateParameterError, TemplateParameterStep } from '@paved/client';
import createClasses from '../create.module.css';
import { TemplateForm } from '../TemplateForm.tsx';
import { CodeEditor, PositionLink } from './CodeEditor.tsx';
import type { SourceError } from './templateSource.ts';

type Values = Record<string, unknown>;

export type ValuesMode = 'form' | 'yaml';

/** "Service › name: is required" for an error of the values. */
export function describeValueError(error: TemplateParameterError, steps: TemplateParameterStep[]): string {
  const page = error.pageTitle ?? steps[error.page]?.title ?? `Page ${error.page + 1}`;
  return `${page} › ${error.path || 'the form'}: ${error.message}`;
}

/**
 * The values a dry-run uses: the edited template's own form (its pages one under the other,
 * the server's errors on their fields), or the values as YAML/JSON text.
 */
export function ValuesPanel(props: {
  mode: ValuesMode;
  onMode: (mode: ValuesMode) => void;
  steps: TemplateParameterStep[];
  values: Values;
  onValues: (values: Values) => void;
  text: string;
  onText: (text: string) => void;
  textError: SourceError | undefined;
  errors: TemplateParameterError[];
}) {
  return (
    <Stack gap="sm">
      <Stack gap={4}>
        <Title order={2} size="h4" id="values-heading">
          Values
        </Title>
        <SegmentedControl
          aria-labelledby="values-heading"
          value={props.mode}
          onChange={(mode) => props.onMode(mode === 'yaml' ? 'yaml' : 'form')}
          data={[
            { value: 'form', label: 'Form' },
            { value: 'yaml', label: 'YAML' },
          ]}
          w={200}
        />
      </Stack>
      {props.mode === 'yaml' ? (
        <Stack gap={6}>
          <CodeEditor
            id="values-editor"
            label="Values, YAML or JSON"
            value={props.text}
            onChange={props.onText}
            errorLine={props.textError?.line}
            describedBy={props.textError ? 'values-error' : undefined}
            height={220}
          />
          {props.textError ? (
            <Text id="values-error" size="sm" className={createClasses.error} role="alert">
              <PositionLink editorId="values-editor" at={props.textError} />: {props.textError.message}
            </Text>
          ) : null}
          {props.errors.length > 0 ? (
            <Alert color="red" title="These values are refused">
              <List size="sm">
                {props.errors.map((e) => (
                  <List.Item key={`${e.page}-${e.path}-${e.message}`}>
                    {describeValueError(e, props.steps)}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
        </Stack>
      ) : props.steps.length === 0 ? (
        <Text size="sm">The template has no parameters: nothing to fill in.</Text>
      ) : (
        props.steps.map((step, index) => (
          <TemplateForm
            // a page's form starts over when its schema is edited
            key={JSON.stringify(step.schema)}
            step={step}
            values={props.values}
            errors={props.errors.filter((e) => e.page === index)}
            onChange={props.onValues}
            onSubmit={() => undefined}
          />
        ))
      )}
    </Stack>
  );
}
