import type { DryRunFile, TemplateParameterStep } from '@paved/client';
import { parseDocument } from 'yaml';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Where a YAML (or JSON) text is broken: 1-based line and column, and what is wrong. */
export interface SourceError {
  line: number;
  column: number;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: SourceError };

/** Parses one YAML document (JSON is YAML too) that must be a mapping. */
export function parseMapping(text: string, what: string): Parsed<Json> {
  const document = parseDocument(text);
  const first = document.errors[0];
  if (first) {
    const at = first.linePos?.[0];
    // The parser's message repeats the position and quotes the line; the first sentence says it.
    const message = first.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
    return { ok: false, error: { line: at?.line ?? 1, column: at?.col ?? 1, message } };
  }
  const value: unknown = document.toJS({ maxAliasCount: 100 });
  if (value === null || value === undefined) return { ok: true, value: {} };
  if (!isObject(value)) {
    return { ok: false, error: { line: 1, column: 1, message: `${what} must be a mapping (key: value)` } };
  }
  return { ok: true, value };
}

/** The form's pages of a template, as the server's parameter-schema answers them. */
export function templateSteps(template: Json): TemplateParameterStep[] {
  const spec = isObject(template.spec) ? template.spec : {};
  return [spec.parameters ?? []]
    .flat()
    .filter(isObject)
    .map((page) => ({
      title: typeof page.title === 'string' ? page.title : 'Please enter the following information',
      ...(typeof page.description === 'string' ? { description: page.description } : {}),
      schema: page,
    }));
}

/** The text of a file, or undefined when it is binary (not UTF-8, or holds NUL bytes). */
export function decodeText(base64: string): { text?: string; size: number } {
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  if (bytes.includes(0)) return { size: bytes.length };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), size: bytes.length };
  } catch {
    return { size: bytes.length };
  }
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its bytes as arguments, and those are limited in number.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Folders never sent with a template's files. */
const SKIPPED = new Set(['.git', 'node_modules']);

/**
 * A template folder chosen with `<input webkitdirectory>`: its `template.yaml` (the shallowest
 * one), and every other file relative to that file's folder, base64-encoded for a dry-run.
 */
export async function readTemplateFolder(
  files: Iterable<File>,
): Promise<{ templateYaml: string; templatePath: string; files: DryRunFile[] } | undefined> {
  const all = [...files].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
  const kept = all.filter(({ path }) => !path.split('/').some((segment) => SKIPPED.has(segment)));
  const templates = kept
    .filter(({ path }) => /(^|\/)template\.ya?ml$/.test(path))
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  const template = templates[0];
  if (!template) return undefined;
  const base = template.path.slice(0, template.path.length - template.file.name.length);
  const contents: DryRunFile[] = [];
  for (const { file, path } of kept) {
    if (file === template.file || !path.startsWith(base)) continue;
    contents.push({
      path: path.slice(base.length),
      base64Content: encodeBase64(new Uint8Array(await file.arrayBuffer())),
    });
  }
  return { templateYaml: await template.file.text(), templatePath: template.path, files: contents };
}

/** What a new template starts from: one page, and a step that writes a catalog-info.yaml. */
export const STARTER_TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: my-template
  title: My template
  description: What it creates, in one sentence.
spec:
  type: service
  owner: group:default/platform-team
  parameters:
    - title: Service
      required: [name]
      properties:
        name:
          title: Name
          type: string
          pattern: '^[a-z][a-z0-9-]*$'
        owner:
          title: Owner
          type: string
          ui:field: OwnerPicker
  steps:
    - id: write
      name: Write catalog-info.yaml
      action: catalog:write
      input:
        entity:
          apiVersion: backstage.io/v1alpha1
          kind: Component
          metadata:
            name: \${{ parameters.name }}
          spec:
            type: service
            lifecycle: experimental
            owner: \${{ parameters.owner or 'group:default/platform-team' }}
  output:
    text:
      - title: Next
        content: Change the steps on the left; the files they write show here.
`;
