import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../http/schemas.ts';
import { ParameterValidationError } from './runner/index.ts';
import {
  ActionListSchema,
  DryRunBodySchema,
  DryRunErrorSchema,
  DryRunResponseSchema,
} from './scaffolder.schema.ts';
import type { ScaffolderService } from './scaffolder.service.ts';

/** The caller's catalog User entity, when the identity maps to one (`user.entity` in templates). */
export type FindUserEntity = (userRef: string) => unknown;

/** `/api/scaffolder/v2/*`: the action list and dry-run (Backstage's shapes). */
export async function scaffolderRoutes(
  fastify: FastifyInstance,
  deps: { scaffolder: ScaffolderService; findUserEntity: FindUserEntity },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/v2/actions',
    {
      schema: {
        tags: ['scaffolder'],
        summary: 'The actions template steps may use, with the JSON Schemas of their input and output',
        response: { 200: ActionListSchema },
      },
    },
    async () => deps.scaffolder.listActions(),
  );

  // Stores nothing (two temporary folders, removed before answering): not a mutation to audit.
  app.post(
    '/v2/dry-run',
    {
      schema: {
        tags: ['scaffolder'],
        summary:
          'Runs a template without side effects: actions that reach outside the workspace are skipped; answers the rendered files, log, steps and output',
        body: DryRunBodySchema,
        response: { 200: DryRunResponseSchema, 400: DryRunErrorSchema, ...errorResponses(413) },
      },
    },
    async (request, reply) => {
      const userRef = request.identity.userRef;
      try {
        return await deps.scaffolder.dryRun({
          ...request.body,
          user: { ref: userRef, entity: deps.findUserEntity(userRef) },
        });
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
}
