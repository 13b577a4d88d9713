export {
  createGitCheckouts,
  type GitCheckout,
  type GitCheckoutOptions,
  type GitCheckouts,
} from './git.checkouts.ts';
export { listMatchingFiles, resolveInside } from './git.paths.ts';
export { redactCredentials } from './git.redact.ts';
export { DEFAULT_GIT_TARGET_PATH, type GitTarget, parseGitTarget } from './git.target.ts';
