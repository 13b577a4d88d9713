import { Alert, Button, Group, Paper, Stack, Stepper, Text, Title } from '@mantine/core';
import { PavedHttpError, type TemplateParameterError, templateErrorsOf } from '@paved/client';
import { evaluatePageCondition } from '@paved/model/page-condition';
import { IconArrowLeft, IconArrowRight, IconCode, IconRocket } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage, useApi } from '../app/api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { PageSkeleton } from '../components/PageSkeleton.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { taskPath, templateEditorPath } from './createPaths.ts';
import { SecretsContext, useSecretStore } from './fields/secrets.ts';
import { ReviewStep } from './ReviewStep.tsx';
import { TemplateForm, withPageDefaults } from './TemplateForm.tsx';

type Values = Record<string, unknown>;

/** `/create/templates/:namespace/:name`: the template's pages, a review, then "Create". */
export function TemplatePage() {
  const api = useApi();
  const navigate = useNavigate();
  const params = useParams();
  const templateRef = `template:${params.namespace ?? 'default'}/${params.name ?? ''}`;
  const schema = useQuery({
    queryKey: ['create', 'parameter-schema', templateRef],
    queryFn: ({ signal }) => api.getParameterSchema(templateRef, signal),
  });
  const [active, setActive] = useState(0);
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<TemplateParameterError[]>([]);
  const secrets = useSecretStore();

  const validate = useMutation({
    mutationFn: (check: { page: number; values: Values }) =>
      api.validateTemplateValues(templateRef, check.values, check.page),
  });
  const create = useMutation({
    mutationFn: () => {
      const given = secrets.all();
      return api.createTask({
        templateRef,
        values,
        ...(Object.keys(given).length ? { secrets: given } : {}),
      });
    },
    onSuccess: ({ id }) => navigate(taskPath(id)),
    onError: (error) => {
      const refused = templateErrorsOf(error);
      if (!refused?.length) return;
      setErrors(refused);
      const first = shownPages(schema.data?.steps ?? [], values).findIndex((shown) =>
        refused.some((e) => e.page === shown.page),
      );
      if (first >= 0) setActive(first);
    },
  });

  if (schema.isPending) return <PageSkeleton />;
  if (schema.isError) {
    if (schema.error instanceof PavedHttpError && schema.error.status === 404) {
      return (
        <EmptyState title="No such template">
          There is no template {templateRef} in the catalog. <Link to="/create">See all templates</Link>.
        </EmptyState>
      );
    }
    return <QueryError error={schema.error} what="the template" retry={() => void schema.refetch()} />;
  }

  // Pages whose `when` does not hold for the values so far are not shown, checked or reviewed
  // (the server skips them too); what was typed on them is kept, as in Backstage.
  const shown = shownPages(schema.data.steps, values);
  const steps = shown.map((s) => s.step);
  const page = shown[active]?.page ?? -1;
  const reviewing = active >= steps.length;
  const pageErrors = errors.filter((e) => e.page === page);

  const next = async () => {
    const step = steps[active];
    if (!step) return;
    const filled = withPageDefaults(step, values);
    setValues(filled);
    // "Next" moves on only when the server accepts this page; it checks every page again on "Create".
    const result = await validate.mutateAsync({ page, values: filled }).catch(() => undefined);
    if (!result) return;
    const refused = result.errors.filter((e) => e.page === page);
    setErrors((all) => [...all.filter((e) => e.page !== page), ...refused]);
    if (refused.length === 0) setActive(active + 1);
  };

  return (
    <Stack gap="lg" maw={880}>
      <Stack gap={4}>
        <Text size="sm">
          <Link to="/create">Templates</Link> / {schema.data.title}
        </Text>
        <Group justify="space-between" align="center">
          <Title order={1}>{schema.data.title}</Title>
          <Button
            component={Link}
            to={templateEditorPath(templateRef)}
            variant="default"
            size="sm"
            leftSection={<IconCode size={16} aria-hidden />}
          >
            Open in editor
          </Button>
        </Group>
        {schema.data.description ? <Text>{schema.data.description}</Text> : null}
      </Stack>
      <Stepper
        active={active}
        onStepClick={(index) => index < active && setActive(index)}
        allowNextStepsSelect={false}
        size="sm"
      >
        {steps.map((step, index) => (
          <Stepper.Step
            key={step.title}
            label={step.title}
            color={errors.some((e) => e.page === shown[index]?.page) ? 'red' : undefined}
          />
        ))}
        <Stepper.Step label="Review" />
      </Stepper>
      <Paper withBorder p="lg" radius="md">
        <SecretsContext.Provider value={secrets.store}>
          {reviewing ? (
            <ReviewStep steps={steps} values={values} />
          ) : (
            <TemplateForm
              key={active}
              step={steps[active] as (typeof steps)[number]}
              values={values}
              errors={pageErrors}
              onChange={(next) => {
                const changed = Object.keys(next).filter((key) => next[key] !== values[key]);
                setValues(next);
                if (changed.length === 0) return;
                // A field's errors were about its old value: they go once it changes.
                setErrors((all) => all.filter((e) => !changed.includes(e.path.split('.')[0] ?? '')));
              }}
              onSubmit={() => void next()}
            />
          )}
        </SecretsContext.Provider>
      </Paper>
      {validate.isError ? (
        <Alert color="red" role="alert" title="Could not check the values">
          {errorMessage(validate.error)}
        </Alert>
      ) : null}
      {create.isError && !templateErrorsOf(create.error)?.length ? (
        <Alert color="red" role="alert" title="Could not create">
          {errorMessage(create.error)}
        </Alert>
      ) : null}
      <Group justify="space-between">
        <Button
          variant="default"
          leftSection={<IconArrowLeft size={16} aria-hidden />}
          disabled={active === 0}
          onClick={() => setActive(active - 1)}
        >
          Back
        </Button>
        {reviewing ? (
          <Button
            leftSection={<IconRocket size={16} aria-hidden />}
            loading={create.isPending}
            onClick={() => create.mutate()}
          >
            Create
          </Button>
        ) : (
          <Button
            rightSection={<IconArrowRight size={16} aria-hidden />}
            loading={validate.isPending}
            onClick={() => void next()}
          >
            {active === steps.length - 1 ? 'Review' : 'Next'}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** The parameter pages that apply to these values (their `when` holds), with their index among all pages. */
function shownPages<S extends { schema: Record<string, unknown> }>(steps: S[], values: Values) {
  return steps
    .map((step, page) => ({ step, page }))
    .filter(({ step }) => evaluatePageCondition(step.schema.when, values));
}
