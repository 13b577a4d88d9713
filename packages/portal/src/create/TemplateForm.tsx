import { Alert, Stack, Text, Title } from '@mantine/core';
import type { TemplateParameterError, TemplateParameterStep } from '@paved/client';
import Form from '@rjsf/mantine';
import { getDefaultFormState } from '@rjsf/utils';
import { useMemo } from 'react';
import { templateFields } from './fields/index.ts';
import { splitUiSchema, toErrorSchema } from './formSchema.ts';
import { serverValidator } from './serverValidator.ts';

type Values = Record<string, unknown>;

/** The values with the page's schema defaults filled in where nothing was entered. */
export function withPageDefaults(step: TemplateParameterStep, values: Values): Values {
  const { schema } = splitUiSchema(step.schema);
  return { ...values, ...(getDefaultFormState(serverValidator, schema, values, schema) as Values) };
}

/**
 * One parameter page rendered by rjsf's Mantine theme. Validation is the server's: its errors
 * arrive as `errors` and are shown on their fields; those of the whole form above it.
 */
export function TemplateForm(props: {
  step: TemplateParameterStep;
  values: Values;
  errors: TemplateParameterError[];
  onChange: (values: Values) => void;
  onSubmit: () => void;
}) {
  const { schema, uiSchema } = useMemo(
    () => splitUiSchema(props.step.schema, new Set(Object.keys(templateFields))),
    [props.step.schema],
  );
  const extraErrors = useMemo(() => toErrorSchema(props.errors), [props.errors]);
  const formErrors = props.errors.filter((e) => e.path === '');
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={2} size="h3">
          {props.step.title}
        </Title>
        {props.step.description ? <Text>{props.step.description}</Text> : null}
      </Stack>
      {formErrors.length > 0 ? (
        <Alert color="red" title="These values are refused" role="alert">
          {formErrors.map((e) => e.message).join('; ')}
        </Alert>
      ) : null}
      <Form
        schema={schema}
        uiSchema={uiSchema}
        formData={props.values}
        fields={templateFields}
        validator={serverValidator}
        extraErrors={extraErrors}
        showErrorList={false}
        noHtml5Validate
        onChange={(event) => props.onChange({ ...props.values, ...(event.formData as Values) })}
        onSubmit={() => props.onSubmit()}
      >
        {/* No submit button of rjsf's: the wizard's buttons below move between pages. */}
        <span />
      </Form>
    </Stack>
  );
}
