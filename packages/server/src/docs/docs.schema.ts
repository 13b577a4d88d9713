import { type TSchema, Type } from '@sinclair/typebox';

/** Request and response schemas of /api/docs; they also feed /api/openapi.json. */
export const SiteParams = Type.Object({
  namespace: Type.String({ description: 'Entity namespace, e.g. default' }),
  kind: Type.String({ description: 'Entity kind, e.g. component (any case)' }),
  name: Type.String({ description: 'Entity name' }),
});

export const SitePathParams = Type.Composite([
  SiteParams,
  Type.Object({ '*': Type.String({ description: 'Path inside the site' }) }),
]);

const DocsStatusSchema = Type.Union(
  [Type.Literal('built'), Type.Literal('failed'), Type.Literal('pending')],
  {
    description:
      'built: served; failed: the last build failed (the last good one, if any, is still served); pending: not built yet',
  },
);

const WarningSchema = Type.Object({
  file: Type.String(),
  line: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.Integer()),
  message: Type.String(),
});

const BuildErrorSchema = Type.Object({
  message: Type.String(),
  file: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.Integer()),
});

/** A nav entry with children down to `depth` levels (the response schema has no recursion). */
function navItem(depth: number): TSchema {
  return Type.Object({
    title: Type.String(),
    url: Type.Optional(
      Type.String({
        description: "Page URL relative to the site ('' is the index), or an absolute http(s) URL",
      }),
    ),
    external: Type.Optional(Type.Boolean()),
    ...(depth > 1 ? { children: Type.Optional(Type.Array(navItem(depth - 1))) } : {}),
  });
}

export const DocsListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      entityRef: Type.String(),
      kind: Type.String(),
      namespace: Type.String(),
      name: Type.String(),
      title: Type.String(),
      description: Type.Optional(Type.String()),
      owner: Type.Optional(Type.String({ description: 'Ref of the owner' })),
      siteName: Type.Optional(Type.String()),
      status: DocsStatusSchema,
      builtAt: Type.Optional(Type.String({ format: 'date-time' })),
      warnings: Type.Integer({ description: 'Warnings of the last build' }),
      error: Type.Optional(Type.String({ description: 'Why the last build failed' })),
    }),
  ),
});

export const DocsSiteSchema = Type.Object({
  entityRef: Type.String(),
  title: Type.String({ description: "The entity's title or name" }),
  status: DocsStatusSchema,
  siteName: Type.String(),
  siteDescription: Type.Optional(Type.String()),
  repoUrl: Type.Optional(Type.String()),
  nav: Type.Array(navItem(6), { description: 'The mkdocs nav (six levels at most)' }),
  warnings: Type.Array(WarningSchema),
  builtAt: Type.Optional(Type.String({ format: 'date-time', description: 'When the served build was made' })),
  attemptedAt: Type.Optional(
    Type.String({ format: 'date-time', description: 'When a build was last tried' }),
  ),
  error: Type.Optional(BuildErrorSchema),
});

export const DocsPageSchema = Type.Object({
  entityRef: Type.String(),
  url: Type.String({ description: "Pretty URL inside the site ('' is the index)" }),
  path: Type.String({ description: 'The Markdown file, relative to docs_dir' }),
  title: Type.String(),
  html: Type.String({ description: 'Sanitised HTML of the article' }),
  toc: Type.Array(Type.Object({ level: Type.Integer(), id: Type.String(), text: Type.String() })),
  editUrl: Type.Optional(Type.String()),
  lastModified: Type.Optional(Type.String()),
});

export const RebuildSchema = Type.Object({
  entityRef: Type.String(),
  result: Type.Union([
    Type.Literal('built'),
    Type.Literal('unchanged'),
    Type.Literal('failed'),
    Type.Literal('removed'),
  ]),
  durationMs: Type.Number(),
  rendered: Type.Optional(Type.Integer()),
  reused: Type.Optional(Type.Integer()),
  error: Type.Optional(BuildErrorSchema),
});
