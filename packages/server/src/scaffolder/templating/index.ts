export { HOST_FILTERS, parseRepoUrl, type RepoSpec } from './filters.ts';
export { createRedactor } from './redact.ts';
export {
  type RenderProblem,
  SecureTemplater,
  TemplateLimitError,
  type TemplaterOptions,
} from './SecureTemplater.ts';
