import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mutate } from '../http/mutation.ts';
import { errorResponses, NoContent } from '../http/schemas.ts';
import { type AccessService, type Identity, SESSION_COOKIE } from './access.service.ts';
import { IdentitySchema, SignInBodySchema } from './auth.schema.ts';

const tags = ['auth'];

function present(identity: Identity) {
  return {
    userRef: identity.userRef,
    kind: identity.kind,
    ownershipRefs: identity.ownershipRefs,
    ...(identity.entity ? { entity: identity.entity } : {}),
  };
}

/** HttpOnly: scripts never see the token; Lax: other sites' POSTs do not carry it. */
function cookieOptions(request: FastifyRequest) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    // Secure only where the browser will send it back: plain http on localhost is the embedded case.
    secure: request.protocol === 'https',
  };
}

function clearSession(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}

/** Sign-in of embedded mode (no identity provider): act as a catalog User, with a signed session. */
export async function authRoutes(fastify: FastifyInstance, deps: { access: AccessService }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { access } = deps;

  app.post(
    '/sign-in',
    {
      schema: {
        tags,
        summary: 'Act as a catalog User (embedded mode); sets the session cookie',
        body: SignInBodySchema,
        response: { 200: IdentitySchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { identity, token, expiresAt } = await mutate(
        access,
        request,
        'auth.sign-in',
        request.body.userRef,
        async () => access.signIn(request.body.userRef),
      );
      void reply.setCookie(SESSION_COOKIE, token, {
        ...cookieOptions(request),
        expires: new Date(expiresAt),
        maxAge: Math.round((expiresAt - Date.now()) / 1000),
      });
      return present(identity);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'Who the request acts as: the signed-in User, or a guest',
        response: { 200: IdentitySchema },
      },
    },
    async (request, reply) => {
      // A cookie that no longer stands for anyone (expired, tampered, user gone) is dropped.
      if (request.identity.kind === 'guest' && request.cookies[SESSION_COOKIE] !== undefined) {
        clearSession(request, reply);
      }
      return present(request.identity);
    },
  );

  app.post(
    '/sign-out',
    {
      schema: {
        tags,
        summary: 'End the session of this browser (clears the session cookie)',
        response: { 204: NoContent('Signed out (also when nobody was signed in)') },
      },
    },
    async (request, reply) => {
      if (request.identity.kind !== 'guest') {
        await access.audit({
          actor: request.identity.userRef,
          action: 'auth.sign-out',
          outcome: 'succeeded',
        });
      }
      clearSession(request, reply);
      return reply.status(204).send();
    },
  );
}
