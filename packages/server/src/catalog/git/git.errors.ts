import { InputError, NotFoundError, PavedError } from '@paved/model';
import { GitCommandError } from './git.command.ts';
import { redactCredentials, sanitizeGitOutput } from './git.redact.ts';

// Patterns over git's C-locale stderr, for git ≥ 2.30 and the usual hosting services.
const REF_NOT_FOUND = /couldn't find remote ref|remote ref does not exist|not our ref/i;
const AUTHENTICATION =
  /authentication failed|could not read (username|password)|terminal prompts disabled|permission denied|host key verification failed|invalid username or password|returned error: 40[13]/i;
const REPOSITORY_NOT_FOUND =
  /does not appear to be a git repository|repository .*not found|repository not found|could not be found|returned error: 404|not valid: is this a git repository/i;

export interface FetchContext {
  url: string;
  ref?: string | undefined;
  timeoutMs: number;
}

/** The domain error for a failed fetch of a remote repository, quoting git's redacted stderr. */
export function fetchError(error: unknown, context: FetchContext): Error {
  const source = `${redactCredentials(context.url)} ${context.ref === undefined ? '(default branch)' : `at "${context.ref}"`}`;
  if (!(error instanceof GitCommandError)) return error instanceof Error ? error : new Error(String(error));
  const stderr = sanitizeGitOutput(error.stderr);
  const details = { url: redactCredentials(context.url), ref: context.ref, stderr };
  const said = stderr === '' ? '' : ` — git: ${stderr}`;
  switch (error.reason) {
    case 'spawn':
      return new PavedError(`Cannot run git to fetch ${source}: ${stderr}`, details);
    case 'timeout':
      return new InputError(
        `Fetching ${source} took longer than ${context.timeoutMs / 1000} s${said}`,
        details,
      );
    case 'aborted':
      return new InputError(`Fetching ${source} was stopped${said}`, details);
    case 'exit':
      if (REF_NOT_FOUND.test(stderr)) {
        const what = context.ref === undefined ? 'default branch' : `branch or tag "${context.ref}"`;
        return new NotFoundError(
          `Repository ${redactCredentials(context.url)} has no ${what}${said}`,
          details,
        );
      }
      if (AUTHENTICATION.test(stderr)) {
        return new InputError(
          `Authentication required to fetch ${source}: configure credentials for the Paved server's git${said}`,
          details,
        );
      }
      if (REPOSITORY_NOT_FOUND.test(stderr)) {
        return new NotFoundError(
          `Repository ${redactCredentials(context.url)} not found (or not readable with the server's credentials)${said}`,
          details,
        );
      }
      return new InputError(`Cannot fetch ${source}${said}`, details);
  }
}

/** The error for a failed git command on a local checkout: not the caller's doing, so no InputError. */
export function localGitError(operation: string, error: unknown): Error {
  if (!(error instanceof GitCommandError)) return error instanceof Error ? error : new Error(String(error));
  return new PavedError(
    `git ${operation} failed in a checkout (${error.reason}): ${sanitizeGitOutput(error.stderr)}`,
    {
      exitCode: error.exitCode,
    },
  );
}
