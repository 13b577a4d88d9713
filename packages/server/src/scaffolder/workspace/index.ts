export {
  LocalTemplateBase,
  type LocateEntityFile,
  type TemplateBase,
  templateBaseOfEntity,
} from './TemplateBase.ts';
export { isInside, resolveInside, Workspace, type WorkspaceFile, type WorkspaceLimits } from './Workspace.ts';
