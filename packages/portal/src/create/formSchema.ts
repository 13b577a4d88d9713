import type { TemplateParameterError } from '@paved/client';
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Splits a Backstage parameter page into the JSON Schema and rjsf's uiSchema: Backstage writes
 * `ui:*` keys inside the schema, next to the field they are about; rjsf wants them apart.
 * Fields declared in `dependencies`/`oneOf`/`allOf` branches share their parent's uiSchema.
 */
export function splitUiSchema(
  page: Json,
  /**
   * The `ui:field` names the form implements; others are dropped, so rjsf renders the input of
   * the field's type (with its label: rjsf leaves labels to custom fields).
   */
  knownFields?: ReadonlySet<string>,
): { schema: RJSFSchema; uiSchema: UiSchema } {
  const uiSchema: Json = {};
  const schema = strip(page, uiSchema, knownFields);
  // The page's title and description are the Stepper's; rjsf would repeat them as a heading.
  delete schema.title;
  delete schema.description;
  return { schema: schema as RJSFSchema, uiSchema: uiSchema as UiSchema };
}

function strip(node: Json, ui: Json, known: ReadonlySet<string> | undefined): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'ui:field' && known && typeof value === 'string' && !known.has(value)) {
      // not implemented: the type's own input instead
    } else if (key.startsWith('ui:')) {
      ui[key] = value;
    } else if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => {
          if (!isObject(property)) return [name, property];
          const child = isObject(ui[name]) ? (ui[name] as Json) : {};
          ui[name] = child;
          return [name, strip(property, child, known)];
        }),
      );
    } else if (key === 'items' && isObject(value)) {
      const child: Json = {};
      ui.items = child;
      out.items = strip(value, child, known);
    } else if (['oneOf', 'anyOf', 'allOf'].includes(key) && Array.isArray(value)) {
      out[key] = value.map((branch) => (isObject(branch) ? strip(branch, ui, known) : branch));
    } else if (key === 'dependencies' && isObject(value)) {
      out.dependencies = Object.fromEntries(
        Object.entries(value).map(([name, dependency]) => [
          name,
          isObject(dependency) ? strip(dependency, ui, known) : dependency,
        ]),
      );
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** The server's errors of one page, where rjsf shows them: `{ name: { __errors: [...] } }`. */
export function toErrorSchema(errors: TemplateParameterError[]): ErrorSchema {
  const root: Json = {};
  for (const error of errors) {
    let node = root;
    for (const segment of error.path ? error.path.split('.') : []) {
      if (!isObject(node[segment])) node[segment] = {};
      node = node[segment] as Json;
    }
    const list = Array.isArray(node.__errors) ? (node.__errors as string[]) : [];
    node.__errors = [...list, error.message];
  }
  return root as ErrorSchema;
}

/** Whether a field's value must not be shown: `ui:field: Secret` or `ui:widget: password`. */
export function isSecretField(ui: unknown): boolean {
  return isObject(ui) && (ui['ui:field'] === 'Secret' || ui['ui:widget'] === 'password');
}

/** Top-level fields of a page, in order, with their title and whether their value is secret. */
export function pageFields(page: Json): { name: string; title: string; secret: boolean }[] {
  const { schema, uiSchema } = splitUiSchema(page);
  const properties = isObject(schema.properties) ? schema.properties : {};
  return ordered(Object.entries(properties), (uiSchema as Json)['ui:order']).map(([name, property]) => ({
    name,
    title: isObject(property) && typeof property.title === 'string' ? property.title : name,
    secret: isSecretField((uiSchema as Json)[name]),
  }));
}

/** Entries in the order of `ui:order` (with `*` for the rest), as rjsf lays the fields out. */
function ordered<T>(entries: [string, T][], order: unknown): [string, T][] {
  if (!Array.isArray(order)) return entries;
  const names = order.map(String);
  const rank = (name: string) => {
    const index = names.indexOf(name);
    if (index >= 0) return index;
    const rest = names.indexOf('*');
    return rest >= 0 ? rest : names.length;
  };
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => rank(a.entry[0]) - rank(b.entry[0]) || a.index - b.index)
    .map(({ entry }) => entry);
}
