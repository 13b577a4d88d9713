/**
 * Domain errors shared by every Paved module. Each carries a stable `name` (the same names
 * Backstage uses, so its clients recognise them) and is mapped to an HTTP status in exactly one
 * place: the server's error handler. Domain code never picks a status code.
 */
export class PavedError extends Error {
  override readonly name: string = 'Error';
  constructor(
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The caller sent something that can never be accepted as it is (400). */
export class InputError extends PavedError {
  override readonly name = 'InputError';
}

/** The thing asked for does not exist (404). */
export class NotFoundError extends PavedError {
  override readonly name = 'NotFoundError';
}

/** The request clashes with the current state, e.g. a duplicate registration (409). */
export class ConflictError extends PavedError {
  override readonly name = 'ConflictError';
}

/** The identity may not do this (403). */
export class NotAllowedError extends PavedError {
  override readonly name = 'NotAllowedError';
}

/** The caller must sign in first (401). */
export class AuthenticationError extends PavedError {
  override readonly name = 'AuthenticationError';
}

/** The request body or another input is larger than Paved accepts (413). */
export class PayloadTooLargeError extends PavedError {
  override readonly name = 'PayloadTooLargeError';
}
