import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AccessService } from '../../access/index.ts';
import { mutate } from '../../http/mutation.ts';
import { errorResponses } from '../../http/schemas.ts';
import { ParameterValidationError } from '../runner/index.ts';
import { DryRunErrorSchema } from '../scaffolder.schema.ts';
import type { TaskService } from './task.service.ts';
import { isTerminal, type TaskEvent } from './task.store.ts';
import {
  CancelResponseSchema,
  CreateTaskBodySchema,
  EventsQuerySchema,
  ListTasksQuerySchema,
  ParameterSchemaSchema,
  ProvenanceQuerySchema,
  ProvenanceSchema,
  RetryBodySchema,
  TaskEventSchema,
  TaskIdSchema,
  TaskListSchema,
  TaskParamsSchema,
  TaskSchema,
  TemplateParamsSchema,
  ValidateValuesBodySchema,
  ValidateValuesResponseSchema,
} from './tasks.schema.ts';

const tags = ['scaffolder'];
/** How long `GET /events` waits for news before answering `[]` (Backstage: 30 s). */
const LONG_POLL_MS = 30_000;

const list = (value: string | string[] | undefined) =>
  value === undefined ? undefined : [value].flat().flatMap((v) => v.split(','));

/** Aborts when the client goes away. */
function closed(raw: { once(event: 'close', listener: () => void): unknown }): AbortSignal {
  const controller = new AbortController();
  raw.once('close', () => controller.abort());
  return controller.signal;
}

/** `/api/scaffolder/v2/tasks/*` and the parameter schema, in Backstage's shapes. */
export async function taskRoutes(
  fastify: FastifyInstance,
  deps: {
    tasks: TaskService;
    access: AccessService;
    /** Aborts when the server shuts down: open streams and long-polls end. */
    shutdown: AbortSignal;
  },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { tasks, access } = deps;

  app.post(
    '/v2/tasks',
    {
      schema: {
        tags,
        summary:
          'Creates a task running a catalog template; the values are validated first (400 with per-field errors, no task made)',
        body: CreateTaskBodySchema,
        response: { 201: TaskIdSchema, 400: DryRunErrorSchema, ...errorResponses(403, 404) },
      },
    },
    async (request, reply) => {
      try {
        const created = await mutate(
          access,
          request,
          'scaffolder.task.create',
          request.body.templateRef,
          () => tasks.createTask({ ...request.body, createdBy: request.identity.userRef }),
        );
        return reply.status(201).send(created);
      } catch (error) {
        if (!(error instanceof ParameterValidationError)) throw error;
        return reply.status(400).send({
          error: { name: error.name, message: error.message },
          request: { method: request.method, url: request.url },
          response: { statusCode: 400 },
          errors: error.errors,
        });
      }
    },
  );

  app.get(
    '/v2/tasks',
    {
      schema: {
        tags,
        summary: 'Lists tasks, newest first; filters createdBy and status take one value or several',
        querystring: ListTasksQuerySchema,
        response: { 200: TaskListSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const q = request.query;
      return tasks.listTasks({
        ...(q.createdBy ? { createdBy: list(q.createdBy) } : {}),
        ...(q.status ? { status: list(q.status) } : {}),
        limit: Math.min(Number(q.limit ?? 100), 1000),
        offset: Number(q.offset ?? 0),
        order: q.order?.startsWith('asc') ? 'asc' : 'desc',
      });
    },
  );

  app.get(
    '/v2/tasks/:taskId',
    {
      schema: {
        tags,
        summary: 'A task (never its secrets), with the status and timing of each step',
        params: TaskParamsSchema,
        response: { 200: TaskSchema, ...errorResponses(404) },
      },
    },
    async (request) => tasks.getTask(request.params.taskId),
  );

  app.get(
    '/v2/tasks/:taskId/events',
    {
      schema: {
        tags,
        summary: 'Events after `after`; waits up to 30 s for the next ones while the task runs (long-poll)',
        params: TaskParamsSchema,
        querystring: EventsQuerySchema,
        response: { 200: Type.Array(TaskEventSchema), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const signal = AbortSignal.any([closed(reply.raw), deps.shutdown]);
      return tasks.events(request.params.taskId, Number(request.query.after ?? 0), LONG_POLL_MS, signal);
    },
  );

  app.get(
    '/v2/tasks/:taskId/eventstream',
    {
      schema: {
        tags,
        summary:
          'Server-sent events: the past events, then live ones; closes after the completion event. Resumes after `after` or Last-Event-ID',
        params: TaskParamsSchema,
        querystring: EventsQuerySchema,
        response: {
          200: {
            description: 'text/event-stream: `event: <type>`, `id: <id>`, `data: <the event as JSON>`',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const lastEventId = request.headers['last-event-id'];
      const header =
        typeof lastEventId === 'string' && /^\d{1,15}$/.test(lastEventId) ? lastEventId : undefined;
      let after = Number(request.query.after ?? header ?? 0);
      await tasks.getTask(request.params.taskId); // 404 before the stream starts
      const signal = AbortSignal.any([closed(reply.raw), deps.shutdown]);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (event: TaskEvent) =>
        out.write(`event: ${event.type}\nid: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
      try {
        while (!signal.aborted) {
          let events = await tasks.events(request.params.taskId, after, 15_000, signal);
          if (events.length === 0) {
            const { status } = await tasks.getTask(request.params.taskId);
            if (!isTerminal(status)) {
              out.write(': keep-alive\n\n');
              continue;
            }
            // Ended: its completion event committed with that status, perhaps only after the read
            // above. Read once more; nothing after `after` means the completion was already sent.
            events = await tasks.events(request.params.taskId, after);
            if (events.length === 0) break;
          }
          let final = false;
          for (const event of events) {
            send(event);
            after = event.id;
            if (await tasks.isFinal(event)) final = true;
          }
          if (final) break;
        }
      } catch (error) {
        request.log.warn({ err: error }, 'event stream ended by an error');
      } finally {
        out.end();
      }
    },
  );

  app.post(
    '/v2/tasks/:taskId/cancel',
    {
      schema: {
        tags,
        summary: "Cancels a task: an open one at once; a running one's current step is aborted",
        params: TaskParamsSchema,
        response: { 200: CancelResponseSchema, ...errorResponses(403, 404) },
      },
    },
    async (request) =>
      mutate(access, request, 'scaffolder.task.cancel', request.params.taskId, () =>
        tasks.cancel(request.params.taskId),
      ),
  );

  app.post(
    '/v2/tasks/:taskId/retry',
    {
      schema: {
        tags,
        summary:
          'Runs a failed or cancelled task again from its first step with the same values; a task that had secrets needs them again',
        params: TaskParamsSchema,
        body: RetryBodySchema,
        response: { 201: TaskIdSchema, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await mutate(access, request, 'scaffolder.task.retry', request.params.taskId, () =>
        tasks.retry(request.params.taskId, request.body?.secrets),
      );
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/v2/templates/:namespace/:kind/:name/parameter-schema',
    {
      schema: {
        tags,
        summary:
          "A catalog template's parameter pages, for the form: title, description and one schema per page",
        params: TemplateParamsSchema,
        response: { 200: ParameterSchemaSchema, ...errorResponses(404) },
      },
    },
    async (request) => tasks.parameterSchema(request.params),
  );

  app.post(
    '/v2/templates/:namespace/:kind/:name/validate',
    {
      schema: {
        tags,
        summary:
          "Checks form values against a template's parameters (per-field errors, nothing created): the portal's form validates here, not in the browser",
        params: TemplateParamsSchema,
        body: ValidateValuesBodySchema,
        response: { 200: ValidateValuesResponseSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => tasks.validateValues(request.params, request.body.values, request.body.page),
  );

  app.get(
    '/v2/provenance',
    {
      schema: {
        tags,
        summary:
          'Paved: which template made an entity — the completed tasks that registered it, newest first, with the template version and the values given (never secrets)',
        querystring: ProvenanceQuerySchema,
        response: { 200: ProvenanceSchema, ...errorResponses(400) },
      },
    },
    async (request) => tasks.getProvenance(request.query.entityRef),
  );
}
