import { parseRef } from '@paved/client';

/** Deep links of the Create pages (Backstage's are /create/templates/:namespace/:name too). */
export function templateFormPath(templateRef: string): string {
  const { namespace, name } = parseRef(templateRef, { kind: 'template' });
  return `/create/templates/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

export function taskPath(taskId: string): string {
  return `/create/tasks/${encodeURIComponent(taskId)}`;
}

/** The template editor: empty, or on a catalog template's YAML. */
export function templateEditorPath(templateRef?: string): string {
  if (!templateRef) return '/create/edit';
  const { namespace, name } = parseRef(templateRef, { kind: 'template' });
  return `/create/edit/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

export const TASK_HISTORY_PATH = '/create/tasks';
