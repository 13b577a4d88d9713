import { type Entity, InputError, NotFoundError, parseEntityRef, stringifyEntityRef } from '@paved/model';

/** A catalog entity by canonical ref: templates are read from the catalog. */
export type FindEntity = (entityRef: string) => Entity | undefined;

/** `hello-service`, `default/hello-service` or `template:default/hello-service`, made canonical. */
export function parseTemplateRef(ref: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind: 'template', defaultNamespace: 'default' }),
    ).toLowerCase();
  } catch (error) {
    throw new InputError(`Invalid templateRef ${JSON.stringify(ref)}: ${(error as Error).message}`);
  }
}

/** The Template entity a ref names, or a 404 naming the ref. */
export function findCatalogTemplate(
  findEntity: FindEntity,
  templateRef: string,
): { ref: string; entity: Entity } {
  const ref = parseTemplateRef(templateRef);
  const entity = findEntity(ref);
  if (entity?.kind !== 'Template') throw new NotFoundError(`No template ${ref} in the catalog`);
  return { ref, entity };
}
