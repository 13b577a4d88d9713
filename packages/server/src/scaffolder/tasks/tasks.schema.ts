import { Type } from '@sinclair/typebox';

/** Request and response schemas of /api/scaffolder/v2/tasks and the parameter schema (Backstage's shapes). */

const JsonObject = Type.Record(Type.String(), Type.Unknown());
const ErrorBody = Type.Object({ name: Type.String(), message: Type.String() });

export const TaskStatusSchema = Type.Union(
  ['open', 'processing', 'completed', 'failed', 'cancelled'].map((s) => Type.Literal(s)),
);
const StepStatusSchema = Type.Union(
  ['open', 'processing', 'completed', 'skipped', 'failed', 'cancelled'].map((s) => Type.Literal(s)),
);

export const CreateTaskBodySchema = Type.Object({
  templateRef: Type.String({
    minLength: 1,
    description: 'The template entity ref; kind defaults to template, e.g. template:default/go-service',
  }),
  values: Type.Record(Type.String(), Type.Unknown(), { description: "Values for the template's parameters" }),
  secrets: Type.Optional(
    Type.Record(Type.String(), Type.String(), {
      description:
        'Readable as secrets.x in step input; never stored: kept in the memory of this server for the run',
    }),
  ),
});

export const TaskIdSchema = Type.Object({ id: Type.String() });

export const TaskParamsSchema = Type.Object({ taskId: Type.String() });

export const TaskSchema = Type.Object({
  id: Type.String(),
  status: TaskStatusSchema,
  createdAt: Type.String(),
  createdBy: Type.String({ description: 'The user ref of who created the task' }),
  lastHeartbeatAt: Type.Optional(Type.String()),
  spec: Type.Object({
    apiVersion: Type.String(),
    parameters: JsonObject,
    steps: Type.Array(JsonObject),
    output: JsonObject,
    templateInfo: Type.Object({
      entityRef: Type.String(),
      baseUrl: Type.Optional(Type.String()),
      entity: Type.Object({ metadata: JsonObject }),
    }),
    user: Type.Object({ ref: Type.String() }),
  }),
  templateRef: Type.String(),
  templateVersion: Type.Optional(
    Type.String({ description: "The template's metadata.etag when the task was created" }),
  ),
  run: Type.Integer({ description: '1, then one more for every retry' }),
  hasSecrets: Type.Boolean(),
  steps: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      action: Type.String(),
      status: StepStatusSchema,
      startedAt: Type.Optional(Type.String()),
      endedAt: Type.Optional(Type.String()),
      durationMs: Type.Optional(Type.Number()),
    }),
    { description: 'Status and timing of each step of the current run (Paved extension)' },
  ),
  output: Type.Optional(JsonObject),
  error: Type.Optional(ErrorBody),
  startedAt: Type.Optional(Type.String()),
  endedAt: Type.Optional(Type.String()),
});

const StringOrList = Type.Union([Type.String(), Type.Array(Type.String())]);

export const ListTasksQuerySchema = Type.Object({
  createdBy: Type.Optional(StringOrList),
  status: Type.Optional(StringOrList),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: 'At most 1000; default 100' })),
  offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
  order: Type.Optional(
    Type.String({ pattern: '^(asc|desc)(:created_at)?$', description: 'By creation time; default desc' }),
  ),
});

export const TaskListSchema = Type.Object({ tasks: Type.Array(TaskSchema), totalTasks: Type.Integer() });

export const TaskEventSchema = Type.Object({
  id: Type.Integer({ description: 'Monotonic; resume after it' }),
  taskId: Type.String(),
  run: Type.Integer(),
  type: Type.Union(['log', 'completion', 'cancelled', 'recovered'].map((s) => Type.Literal(s))),
  body: Type.Object({
    message: Type.String({ description: 'Secrets are shown as ***' }),
    stepId: Type.Optional(Type.String()),
    status: Type.Optional(StepStatusSchema),
    output: Type.Optional(JsonObject),
    error: Type.Optional(ErrorBody),
  }),
  createdAt: Type.String(),
});

export const EventsQuerySchema = Type.Object({
  after: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,15}$', description: 'The id of the last event seen' }),
  ),
});

export const CancelResponseSchema = Type.Object({ status: TaskStatusSchema });

export const RetryBodySchema = Type.Object({
  secrets: Type.Optional(
    Type.Record(Type.String(), Type.String(), { description: 'Required when the task had secrets' }),
  ),
});

export const TemplateParamsSchema = Type.Object({
  namespace: Type.String(),
  kind: Type.String(),
  name: Type.String(),
});

export const ParameterSchemaSchema = Type.Object({
  title: Type.String(),
  description: Type.Optional(Type.String()),
  'ui:options': Type.Optional(JsonObject),
  steps: Type.Array(
    Type.Object({
      title: Type.String(),
      description: Type.Optional(Type.String()),
      schema: JsonObject,
    }),
  ),
});

const ParameterErrorSchema = Type.Object({
  page: Type.Integer({ description: 'Index of the parameter page (0-based)' }),
  pageTitle: Type.Optional(Type.String()),
  path: Type.String({ description: 'Field path in the values, e.g. `name` or `config.replicas`' }),
  message: Type.String({ description: 'What is wrong and what would be accepted' }),
});

export const ValidateValuesBodySchema = Type.Object({
  values: Type.Record(Type.String(), Type.Unknown(), { description: "Values for the template's parameters" }),
  page: Type.Optional(
    Type.Integer({ minimum: 0, description: "Answer only this page's errors (0-based); default every page" }),
  ),
});

export const ValidateValuesResponseSchema = Type.Object({
  errors: Type.Array(ParameterErrorSchema, { description: 'Empty when the values are accepted' }),
});

export const ProvenanceQuerySchema = Type.Object({
  entityRef: Type.String({ minLength: 3, maxLength: 1024, description: 'kind:namespace/name' }),
});

const ProvenanceItemSchema = Type.Object({
  entityRef: Type.String(),
  templateRef: Type.String(),
  templateTitle: Type.Optional(Type.String()),
  templateVersion: Type.String({
    description: "12 hex digits of a hash of the template's name and spec then",
  }),
  values: JsonObject,
  taskId: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String({ description: 'When the task completed' }),
});

export const ProvenanceSchema = Type.Object({
  items: Type.Array(ProvenanceItemSchema, {
    description:
      'The completed tasks that registered the entity, newest first; empty when no template made it',
  }),
});
