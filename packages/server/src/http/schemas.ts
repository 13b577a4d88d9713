import { type Static, Type } from '@sinclair/typebox';

/**
 * Schemas every module's routes share. The HTTP shell registers them once at the root
 * (`addSchema`), so routes of any module refer to them and the OpenAPI document names them once
 * under components.schemas.
 */
export const ErrorResponseSchema = Type.Object(
  {
    error: Type.Object({ name: Type.String(), message: Type.String(), code: Type.Optional(Type.String()) }),
    request: Type.Object({ method: Type.String(), url: Type.String() }),
    response: Type.Object({ statusCode: Type.Integer() }),
  },
  { $id: 'Error', description: "An error, in Backstage's error shape" },
);

/** A reference to the shared Error schema. */
export const ErrorRef = Type.Unsafe<Static<typeof ErrorResponseSchema>>({ $ref: 'Error#' });

/** The error responses a route documents, each in the shared Error shape. */
export function errorResponses<const Code extends 400 | 401 | 403 | 404 | 409 | 413 | 415>(
  ...codes: Code[]
): Record<Code, typeof ErrorRef> {
  return Object.fromEntries(codes.map((code) => [code, ErrorRef])) as Record<Code, typeof ErrorRef>;
}

/** A response without a body (204, or Backstage's empty 200s); `send()` takes no payload. */
export const NoContent = (description: string) => Type.Unsafe<undefined>({ type: 'null', description });
