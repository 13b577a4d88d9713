import { Type } from '@sinclair/typebox';

/** Request and response schemas of /api/scaffolder (Backstage's shapes); they also feed /api/openapi.json. */

const JsonSchemaObject = Type.Record(Type.String(), Type.Unknown(), { description: 'A JSON Schema' });

export const ActionSchema = Type.Object({
  id: Type.String({ description: 'The action id templates name in `steps[].action`, e.g. fetch:template' }),
  description: Type.String(),
  examples: Type.Optional(
    Type.Array(Type.Object({ description: Type.String(), example: Type.String({ description: 'YAML' }) })),
  ),
  schema: Type.Object({ input: JsonSchemaObject, output: Type.Optional(JsonSchemaObject) }),
  supportsDryRun: Type.Boolean({ description: 'Whether a dry-run runs it (otherwise it is skipped)' }),
});

export const ActionListSchema = Type.Array(ActionSchema);

const FileSchema = Type.Object({
  path: Type.String({ description: 'Relative path, `/`-separated' }),
  base64Content: Type.String(),
  executable: Type.Boolean(),
});

export const DryRunBodySchema = Type.Object({
  template: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), {
      description:
        'The Template entity (kind Template, apiVersion scaffolder.backstage.io/v1beta3); default: the catalog template templateRef names',
    }),
  ),
  templateRef: Type.Optional(
    Type.String({
      description:
        'Paved: a catalog template (e.g. template:default/hello-service) whose own files relative fetch URLs resolve against; lets an edited copy of it run with its skeletons',
    }),
  ),
  values: Type.Record(Type.String(), Type.Unknown(), { description: "Values for the template's parameters" }),
  secrets: Type.Optional(
    Type.Record(Type.String(), Type.String(), {
      description: 'Readable as secrets.x in the expressions of step input; redacted from the log',
    }),
  ),
  directoryContents: Type.Optional(
    Type.Array(
      Type.Object({
        path: Type.String({ minLength: 1 }),
        base64Content: Type.String(),
        executable: Type.Optional(Type.Boolean()),
      }),
      {
        description:
          "The template's own files (its folder, where template.yaml sits): relative fetch URLs resolve against them",
      },
    ),
  ),
});

const StepStatusSchema = Type.Union(
  ['open', 'processing', 'completed', 'skipped', 'failed'].map((s) => Type.Literal(s)),
);

export const DryRunResponseSchema = Type.Object({
  status: Type.Union([Type.Literal('completed'), Type.Literal('failed')]),
  error: Type.Optional(Type.Object({ name: Type.String(), message: Type.String() })),
  log: Type.Array(
    Type.Object({
      body: Type.Object({
        message: Type.String({ description: 'Secrets are shown as ***' }),
        stepId: Type.Optional(Type.String()),
        status: Type.Optional(StepStatusSchema),
      }),
      createdAt: Type.String(),
    }),
  ),
  directoryContents: Type.Array(FileSchema, { description: 'The workspace after the run' }),
  output: Type.Record(Type.String(), Type.Unknown(), { description: "The template's rendered spec.output" }),
  steps: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      action: Type.String(),
      status: StepStatusSchema,
      startedAt: Type.Optional(Type.String()),
      endedAt: Type.Optional(Type.String()),
      durationMs: Type.Optional(Type.Number()),
      output: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  ),
});

/** A 400: the shared error shape, plus per-field errors when the values do not match the parameters. */
export const DryRunErrorSchema = Type.Object({
  error: Type.Object({ name: Type.String(), message: Type.String(), code: Type.Optional(Type.String()) }),
  request: Type.Object({ method: Type.String(), url: Type.String() }),
  response: Type.Object({ statusCode: Type.Integer() }),
  errors: Type.Optional(
    Type.Array(
      Type.Object({
        page: Type.Integer({ description: 'Index of the parameter page (0-based)' }),
        pageTitle: Type.Optional(Type.String()),
        path: Type.String({ description: 'Field path in the values, e.g. `name` or `config.replicas`' }),
        message: Type.String({ description: 'What is wrong and what would be accepted' }),
      }),
    ),
  ),
});
