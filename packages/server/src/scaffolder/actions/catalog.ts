// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the examples are Backstage template expressions, not JavaScript template literals
import { InputError, NotFoundError, PavedError, parseEntityRef, stringifyEntityRef } from '@paved/model';
import { stringify } from 'yaml';
import { type ActionEntity, type ActionServices, createTemplateAction } from './types.ts';

/** Backstage's annotation naming the template an entity was made from. */
const SOURCE_TEMPLATE = 'backstage.io/source-template';

/** The service an action needs, or an error naming what the server lacks. */
function service<K extends keyof ActionServices>(
  services: ActionServices | undefined,
  name: K,
  actionId: string,
): NonNullable<ActionServices[K]> {
  const found = services?.[name];
  if (!found) {
    throw new PavedError(`${actionId} cannot run: this server gives actions no catalog service (${name})`);
  }
  return found as NonNullable<ActionServices[K]>;
}

/**
 * Where `catalog:register` registers, as a catalog source:
 * - `<clone-url>#<branch>` (the `repoContentsUrl` of `publish:git`) plus `catalogInfoPath` →
 *   a `git` source `<clone-url>#<branch>:<path>`;
 * - a `catalogInfoUrl` of the form `<clone-url>#<ref>:<path>` → a `git` source as it is;
 * - any other URL → a `url` source (`repoContentsUrl` joined with `catalogInfoPath`).
 */
export function registrationTarget(input: {
  catalogInfoUrl?: string;
  repoContentsUrl?: string;
  catalogInfoPath?: string;
}): { type: 'url' | 'git'; target: string } {
  if (input.catalogInfoUrl) {
    const hash = input.catalogInfoUrl.lastIndexOf('#');
    const isGit = hash !== -1 && input.catalogInfoUrl.slice(hash + 1).includes(':');
    return { type: isGit ? 'git' : 'url', target: input.catalogInfoUrl };
  }
  if (!input.repoContentsUrl)
    throw new InputError('catalog:register needs catalogInfoUrl, or repoContentsUrl');
  const path = (input.catalogInfoPath ?? '/catalog-info.yaml').replace(/^\/+/, '');
  if (path === '' || path.split('/').includes('..')) {
    throw new InputError(
      `catalogInfoPath ${JSON.stringify(input.catalogInfoPath)} is not a path inside the repository`,
    );
  }
  const hash = input.repoContentsUrl.lastIndexOf('#');
  if (hash !== -1) return { type: 'git', target: `${input.repoContentsUrl}:${path}` };
  const base = input.repoContentsUrl.endsWith('/') ? input.repoContentsUrl : `${input.repoContentsUrl}/`;
  return { type: 'url', target: new URL(path, base).href };
}

interface CatalogRegisterInput {
  catalogInfoUrl?: string;
  repoContentsUrl?: string;
  catalogInfoPath?: string;
  optional?: boolean;
}

export const catalogRegisterAction = createTemplateAction<CatalogRegisterInput>({
  id: 'catalog:register',
  description:
    'Registers entities from a catalog descriptor file in the workspace into the software catalog.',
  examples: [
    {
      description: 'Register the repository publish:git made',
      example:
        "repoContentsUrl: ${{ steps['publish'].output.repoContentsUrl }}\ncatalogInfoPath: '/catalog-info.yaml'",
    },
  ],
  supportsDryRun: false,
  schema: {
    input: {
      oneOf: [
        {
          type: 'object',
          required: ['catalogInfoUrl'],
          properties: {
            catalogInfoUrl: {
              type: 'string',
              title: 'Catalog Info URL',
              description:
                'An absolute URL pointing to the catalog info file location, or a git target <clone-url>#<ref>:<path>',
              minLength: 1,
            },
            optional: {
              type: 'boolean',
              title: 'Optional',
              description: 'Permit the registered location to optionally exist. Default: false',
            },
          },
        },
        {
          type: 'object',
          required: ['repoContentsUrl'],
          properties: {
            repoContentsUrl: {
              type: 'string',
              title: 'Repository Contents URL',
              description:
                'The repoContentsUrl of a publish action: <clone-url>#<branch>, or a URL to a folder',
              minLength: 1,
            },
            catalogInfoPath: {
              type: 'string',
              title: 'Fetch URL',
              description:
                'A relative path from the repo root pointing to the catalog info file, defaults to /catalog-info.yaml',
            },
            optional: {
              type: 'boolean',
              title: 'Optional',
              description: 'Permit the registered location to optionally exist. Default: false',
            },
          },
        },
      ],
    },
    output: {
      type: 'object',
      properties: {
        entityRef: { type: 'string', title: 'The ref of the first entity of the file (kind:namespace/name)' },
        entityRefs: {
          type: 'array',
          items: { type: 'string' },
          title:
            'Paved: the refs of every entity the file holds (Location entities left out), as far as known',
        },
        catalogInfoUrl: { type: 'string', title: 'The target that was registered' },
      },
    },
  },
  async handler(ctx) {
    const register = service(ctx.services, 'registerLocation', 'catalog:register');
    const location = registrationTarget(ctx.input);
    ctx.logger.info(`Registering ${location.target} in the catalog (${location.type} source)`);
    try {
      const createdBy = ctx.user.ref;
      const presence = ctx.input.optional ? 'optional' : 'required';
      const result = await register({ ...location, presence }, createdBy === undefined ? {} : { createdBy });
      const entityRef =
        result.entityRefs.find((ref) => !ref.toLowerCase().startsWith('location:')) ?? result.entityRefs[0];
      if (entityRef !== undefined) ctx.output('entityRef', entityRef);
      ctx.output(
        'entityRefs',
        result.entityRefs.filter((ref) => !ref.toLowerCase().startsWith('location:')),
      );
      ctx.output('catalogInfoUrl', location.target);
    } catch (error) {
      if (!ctx.input.optional) throw error;
      ctx.logger.warn(
        `The location ${location.target} was not registered (optional): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  },
});

export const catalogWriteAction = createTemplateAction<{ entity: ActionEntity; filePath?: string }>({
  id: 'catalog:write',
  description: 'Writes the catalog-info.yaml for your template',
  examples: [
    {
      description: 'Write a catalog-info.yaml file',
      example:
        'entity:\n  apiVersion: backstage.io/v1alpha1\n  kind: Component\n  metadata:\n    name: ${{ parameters.name }}\n  spec:\n    type: service\n    lifecycle: production\n    owner: ${{ parameters.owner }}',
    },
  ],
  supportsDryRun: true,
  schema: {
    input: {
      type: 'object',
      required: ['entity'],
      properties: {
        filePath: {
          type: 'string',
          title: 'Catalog file path',
          description: 'Defaults to catalog-info.yaml',
        },
        entity: {
          type: 'object',
          title: 'Entity info to write catalog-info.yaml',
          description: 'You can provide the same values used in the Entity schema.',
          required: ['apiVersion', 'kind', 'metadata'],
          properties: {
            apiVersion: { type: 'string', minLength: 1 },
            kind: { type: 'string', minLength: 1 },
            metadata: {
              type: 'object',
              required: ['name'],
              properties: { name: { type: 'string', minLength: 1 } },
            },
          },
        },
      },
    },
  },
  async handler(ctx) {
    const filePath = ctx.input.filePath ?? 'catalog-info.yaml';
    ctx.logger.info(`Writing ${filePath}`);
    // As Backstage does: the entity records the template that made it.
    const entity = ctx.templateInfo
      ? {
          ...ctx.input.entity,
          metadata: {
            ...ctx.input.entity.metadata,
            annotations: {
              ...(ctx.input.entity.metadata.annotations as Record<string, string> | undefined),
              [SOURCE_TEMPLATE]: ctx.templateInfo.entityRef,
            },
          },
        }
      : ctx.input.entity;
    await ctx.workspace.writeFile(filePath, stringify(entity, { aliasDuplicateObjects: false }));
  },
});

interface CatalogFetchInput {
  entityRef?: string;
  entityRefs?: string[];
  optional?: boolean;
  defaultKind?: string;
  defaultNamespace?: string;
}

export const catalogFetchAction = createTemplateAction<CatalogFetchInput>({
  id: 'catalog:fetch',
  description: 'Returns entity or entities from the catalog by entity reference(s)',
  examples: [
    { description: 'Fetch one entity', example: 'entityRef: component:default/name' },
    {
      description: 'Fetch several',
      example: 'entityRefs:\n  - component:default/name\n  - group:default/team',
    },
  ],
  supportsDryRun: true,
  schema: {
    input: {
      type: 'object',
      properties: {
        entityRef: { type: 'string', title: 'Entity reference of the entity to get', minLength: 1 },
        entityRefs: {
          type: 'array',
          title: 'Entity references of the entities to get',
          items: { type: 'string', minLength: 1 },
        },
        optional: {
          type: 'boolean',
          title: 'Optional',
          description: 'Allow the entity or entities to optionally exist. Default: false',
        },
        defaultKind: { type: 'string', title: 'The default kind' },
        defaultNamespace: { type: 'string', title: 'The default namespace' },
      },
      oneOf: [{ required: ['entityRef'] }, { required: ['entityRefs'] }],
    },
    output: {
      type: 'object',
      properties: {
        entity: { type: 'object', title: 'Object containing same values used in the Entity schema.' },
        entities: {
          type: 'array',
          title: 'Array containing objects with same values used in the Entity schema.',
        },
      },
    },
  },
  async handler(ctx) {
    const getEntity = service(ctx.services, 'getEntityByRef', 'catalog:fetch');
    const context = {
      ...(ctx.input.defaultKind === undefined ? {} : { defaultKind: ctx.input.defaultKind }),
      ...(ctx.input.defaultNamespace === undefined ? {} : { defaultNamespace: ctx.input.defaultNamespace }),
    };
    const fetchOne = async (ref: string): Promise<ActionEntity | null> => {
      const fullRef = stringifyEntityRef(parseEntityRef(ref, context));
      const entity = await getEntity(fullRef);
      if (entity === undefined && !ctx.input.optional) throw new NotFoundError(`Entity ${fullRef} not found`);
      return entity ?? null;
    };
    if (ctx.input.entityRef !== undefined) {
      const entity = await fetchOne(ctx.input.entityRef);
      if (entity) ctx.output('entity', entity);
    }
    if (ctx.input.entityRefs !== undefined) {
      ctx.output('entities', await Promise.all(ctx.input.entityRefs.map(fetchOne)));
    }
  },
});
