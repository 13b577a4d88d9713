export {
  createGitCheckouts,
  type GitCheckout,
  type GitCheckoutOptions,
  type GitCheckouts,
} from './git.checkouts.ts';
// The scaffolder's publishing actions and git hosting run git through the same hardened wrapper.
export { GitCommandError, gitEnvironment, runGit } from './git.command.ts';
export { localGitError } from './git.errors.ts';
export { listMatchingFiles, resolveInside } from './git.paths.ts';
export { redactCredentials, sanitizeGitOutput } from './git.redact.ts';
export {
  checkCloneUrl,
  checkRef,
  DEFAULT_GIT_TARGET_PATH,
  type GitTarget,
  hostOfUrl,
  parseGitTarget,
} from './git.target.ts';
