import { InputError, TEMPLATE_API_VERSION } from '@paved/model';

/** One step of `spec.steps`, with its id filled in (`step-<n>` when absent, as Backstage does). */
export interface TemplateStep {
  id: string;
  name: string;
  action: string;
  input?: Record<string, unknown>;
  if?: unknown;
  each?: unknown;
}

/** The parts of a v1beta3 Template entity the runner reads. */
export interface TemplateSpec {
  name: string;
  parameters: unknown;
  steps: TemplateStep[];
  output: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reads a template entity, refusing what cannot run: another kind or apiVersion, steps that are
 * not a list, a step without an action, duplicate step ids.
 */
export function readTemplate(template: unknown): TemplateSpec {
  if (!isObject(template)) throw new InputError('The template must be an object (a Template entity)');
  if (template.apiVersion !== TEMPLATE_API_VERSION || template.kind !== 'Template') {
    throw new InputError(
      `Only templates of kind Template and apiVersion ${TEMPLATE_API_VERSION} can run; got kind ${JSON.stringify(template.kind)}, apiVersion ${JSON.stringify(template.apiVersion)}`,
    );
  }
  const metadata = isObject(template.metadata) ? template.metadata : {};
  const spec = isObject(template.spec) ? template.spec : {};
  if (!Array.isArray(spec.steps)) throw new InputError('The template has no spec.steps list');
  const seen = new Set<string>();
  const steps = spec.steps.map((raw, index): TemplateStep => {
    if (!isObject(raw)) throw new InputError(`spec.steps[${index}] must be an object`);
    if (typeof raw.action !== 'string' || raw.action === '') {
      throw new InputError(`spec.steps[${index}] has no action`);
    }
    const id = typeof raw.id === 'string' && raw.id !== '' ? raw.id : `step-${index + 1}`;
    if (seen.has(id))
      throw new InputError(`Two steps have the id ${JSON.stringify(id)}; step ids must be unique`);
    seen.add(id);
    if (raw.input !== undefined && !isObject(raw.input)) {
      throw new InputError(`spec.steps[${index}].input must be an object`);
    }
    return {
      id,
      name: typeof raw.name === 'string' && raw.name !== '' ? raw.name : raw.action,
      action: raw.action,
      ...(raw.input !== undefined ? { input: raw.input as Record<string, unknown> } : {}),
      ...('if' in raw ? { if: raw.if } : {}),
      ...('each' in raw ? { each: raw.each } : {}),
    };
  });
  if (spec.output !== undefined && !isObject(spec.output))
    throw new InputError('spec.output must be an object');
  return {
    name: typeof metadata.name === 'string' ? metadata.name : 'template',
    parameters: spec.parameters,
    steps,
    output: (spec.output as Record<string, unknown> | undefined) ?? {},
  };
}
