import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

const STATUS_BY_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  PayloadTooLargeError: 413,
  UnsupportedMediaTypeError: 415,
};

/** Fastify's own errors that are the client's fault, mapped to Backstage's error names. */
function nameOfFastifyError(error: FastifyError): string | undefined {
  if (error.validation) return 'InputError';
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'PayloadTooLargeError';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'UnsupportedMediaTypeError';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'InputError';
    case 'FST_STATIC_FORBIDDEN_PATH':
      return 'NotAllowedError';
    default:
      return undefined;
  }
}

/**
 * The one place errors become HTTP responses, in Backstage's error shape:
 * `{error: {name, message}, request: {method, url}, response: {statusCode}}`.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const name = nameOfFastifyError(error) ?? error.name;
  let statusCode = STATUS_BY_NAME[name];
  if (
    !statusCode &&
    typeof error.statusCode === 'number' &&
    error.statusCode >= 400 &&
    error.statusCode < 500
  ) {
    statusCode = error.statusCode;
  }
  statusCode ??= 500;
  if (statusCode >= 500) request.log.error({ err: error }, 'request failed');
  const message =
    statusCode >= 500
      ? 'Internal server error; the server log has the details'
      : error.validation
        ? `Invalid request: ${error.message}`
        : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? `Unsupported media type ${JSON.stringify(request.headers['content-type'] ?? '')}; send application/json`
          : error.code === 'FST_STATIC_FORBIDDEN_PATH'
            ? `The path ${request.url.split('?')[0]} is not allowed: it leaves the folder of the portal's files`
            : error.message;
  void reply.status(statusCode).send({
    error: {
      name: statusCode >= 500 ? 'Error' : name,
      message,
      ...(error.code && statusCode < 500 ? { code: error.code } : {}),
    },
    request: { method: request.method, url: request.url },
    response: { statusCode },
  });
}
