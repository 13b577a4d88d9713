import { basename, dirname, join } from 'node:path';
import {
  type DescriptorError,
  type Entity,
  InputError,
  NotFoundError,
  parseEntityRef,
  parseLocationRef,
  stringifyEntityRef,
  validateEntityObject,
} from '@paved/model';
import type { CatalogErrorRecord, CatalogStore, SourceRecord } from './catalog.store.ts';
import type { CatalogView } from './catalog.view.ts';
import type { IngestionService } from './ingestion/ingestion.service.ts';

export interface LocationView {
  id: string;
  type: string;
  target: string;
  entityRef: string;
}

export interface SourceView extends LocationView {
  presence: string;
  origin: string;
  status: string;
  error: string | null;
  revision: string | null;
  refreshedAt: string | null;
  createdAt: string;
}

function locationView(s: SourceRecord): LocationView {
  return { id: s.id, type: s.type, target: s.target, entityRef: s.locationRef };
}

function sourceView(s: SourceRecord): SourceView {
  return {
    ...locationView(s),
    presence: s.presence,
    origin: s.origin,
    status: s.status,
    error: s.error,
    revision: s.revision,
    refreshedAt: s.refreshedAt,
    createdAt: s.createdAt,
  };
}

function describe(errors: DescriptorError[]): string {
  return errors
    .map((e) => `${e.line ? `${e.line}:${e.column ?? 1} ` : ''}${e.path ? `${e.path}: ` : ''}${e.message}`)
    .join('; ');
}

/**
 * Use cases of the catalog that are not plain index queries: sources, refresh, errors,
 * validation, deletion, ancestry. Entity reads by ref or uid go to the store directly.
 */
export function createCatalogService(options: {
  store: CatalogStore;
  ingestion: IngestionService;
  view: CatalogView;
}) {
  const { store, ingestion, view } = options;
  /** Parsed Users by ref, with the served JSON they were parsed from (a changed User is parsed again). */
  const users = new Map<string, { json: string; user: { entity: Entity; memberOf: string[] } | undefined }>();

  return {
    async listLocations(): Promise<LocationView[]> {
      return (await store.listSources()).map(locationView);
    },

    async listSources(): Promise<SourceView[]> {
      return (await store.listSources()).map(sourceView);
    },

    async getLocation(id: string): Promise<LocationView> {
      const source = await store.getSource(id).catch(() => undefined);
      if (!source) throw new NotFoundError(`Found no location with ID ${id}`);
      return locationView(source);
    },

    async createLocation(
      input: { type: string; target: string; presence?: 'required' | 'optional' },
      opts: { dryRun: boolean; onConflict?: 'refresh' | 'reject' | undefined; createdBy: string },
    ): Promise<
      | { dryRun: false; location: LocationView; entities: Entity[] }
      | { dryRun: true; exists: boolean; location: LocationView; entities: Entity[] }
    > {
      if (opts.dryRun) {
        const existing = await store.findSource(input.type, input.target);
        const { files } = await ingestion.dryRun(input);
        const problems = files.flatMap((f) => [
          ...f.errors.map((e) => `${f.location}: ${describe([e])}`),
          ...f.claims.flatMap((c) =>
            c.errors.length ? [`${f.location}: ${c.entityRef}: ${describe(c.errors)}`] : [],
          ),
        ]);
        if (problems.length > 0) throw new InputError(problems.join('\n'));
        const seen = new Set<string>();
        const entities: Entity[] = [];
        for (const f of files) {
          for (const c of f.claims) {
            if (seen.has(c.entityRef)) throw new InputError(`Duplicate nested entity: ${c.entityRef}`);
            seen.add(c.entityRef);
            if (c.entity) entities.push(c.entity);
          }
        }
        return {
          dryRun: true,
          exists: Boolean(existing),
          location: {
            id: `${input.type}:${input.target}`,
            type: input.type,
            target: input.target,
            // The traversal emits the generated Location of the registration first.
            entityRef: entities[0]
              ? stringifyEntityRef({
                  kind: entities[0].kind,
                  namespace: entities[0].metadata.namespace ?? 'default',
                  name: entities[0].metadata.name,
                })
              : '',
          },
          entities,
        };
      }
      const { source, created } = await ingestion.register({
        ...input,
        origin: 'api',
        createdBy: opts.createdBy,
        onConflict: opts.onConflict === 'refresh' ? 'return' : 'reject',
      });
      // A new source is read in the background (entities appear asynchronously, as in Backstage);
      // onConflict=refresh re-reads the existing one before answering. Failures are recorded on the source.
      const read = ingestion.refreshSource(source.id).catch(() => undefined);
      if (!created) await read;
      return { dryRun: false, location: locationView(source), entities: [] };
    },

    async updateLocation(id: string, input: { type: string; target: string }): Promise<LocationView> {
      const source = await store.getSource(id).catch(() => undefined);
      if (!source) throw new NotFoundError(`Found no location with ID ${id}`);
      return locationView(await ingestion.update(id, input));
    },

    async deleteLocation(id: string): Promise<void> {
      await ingestion.unregister(id);
    },

    async locationByEntity(ref: { kind: string; namespace: string; name: string }): Promise<LocationView> {
      const entityRef = stringifyEntityRef(ref);
      const source = await store.sourceOfEntity(entityRef);
      if (!source) throw new NotFoundError(`Found no location for ${entityRef}`);
      return locationView(source);
    },

    /** Reads the source that provides the entity again, now, and waits until it is served. */
    async refresh(entityRef: string): Promise<void> {
      let ref: string;
      try {
        ref = stringifyEntityRef(parseEntityRef(entityRef));
      } catch (error) {
        throw new InputError(`Invalid entityRef ${JSON.stringify(entityRef)}: ${(error as Error).message}`);
      }
      const source = await store.sourceOfEntity(ref);
      const byLocation = source ?? (await store.listSources()).find((s) => s.locationRef === ref);
      if (!byLocation) throw new NotFoundError(`No entity ${ref} is provided by any location`);
      await ingestion.refreshSource(byLocation.id);
      await view.stitchAndPublish();
    },

    async listErrors(filter: { sourceId?: string; entityRef?: string } = {}): Promise<CatalogErrorRecord[]> {
      return store.listErrors(filter);
    },

    /** POST /validate-entity: the full pipeline on one entity, nothing stored. */
    validateEntity(body: {
      location?: unknown;
      entity?: unknown;
    }): { valid: true } | { valid: false; errors: DescriptorError[] } {
      if (typeof body.location !== 'string') {
        throw new InputError(
          'Request body must have a string "location" such as "url:https://…" and an "entity" object',
        );
      }
      let location: { type: string; target: string };
      try {
        location = parseLocationRef(body.location);
      } catch (error) {
        throw new InputError(
          `Invalid location ${JSON.stringify(body.location)}: ${(error as Error).message}`,
        );
      }
      if (location.type !== 'url') {
        throw new InputError(`Only url: locations can be validated against; got ${location.type}:`);
      }
      const result = validateEntityObject(body.entity, { location });
      return result.errors.length === 0 ? { valid: true } : { valid: false, errors: result.errors };
    },

    /** POST /analyze-location: the catalog files a location already has, or a skeleton to create. */
    async analyzeLocation(input: {
      location: { type: string; target: string };
      catalogFilename?: string | undefined;
    }) {
      const filename = input.catalogFilename ?? 'catalog-info.yaml';
      const { type, target } = input.location;
      const fileTarget =
        type === 'file' && !target.endsWith('.yaml') && !target.endsWith('.yml')
          ? join(target, filename)
          : target;
      let files: Awaited<ReturnType<IngestionService['dryRun']>>['files'] = [];
      try {
        files = (await ingestion.dryRun({ type, target: fileTarget, presence: 'optional' })).files;
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
      const existing = files.flatMap((f) =>
        f.location.startsWith('registration:')
          ? []
          : f.claims.flatMap((c) =>
              c.entity ? [{ entity: c.entity, location: parseLocationRef(f.location) }] : [],
            ),
      );
      const registered = new Set((await store.listSources()).map((s) => `${s.type}:${s.target}`));
      if (existing.length > 0) {
        return {
          existingEntityFiles: existing.map((e) => ({
            entity: e.entity,
            isRegistered:
              registered.has(`${e.location.type}:${e.location.target}`) ||
              registered.has(`${type}:${fileTarget}`),
            location: e.location,
          })),
          generateEntities: [],
        };
      }
      const name =
        basename(
          type === 'file'
            ? fileTarget === target
              ? dirname(target)
              : target
            : target.replace(/[#].*$/, '').replace(/\.git$/, ''),
        )
          .toLowerCase()
          .replace(/[^a-z0-9-_.]+/g, '-')
          .replace(/^[-_.]+|[-_.]+$/g, '') || 'my-component';
      return {
        existingEntityFiles: [],
        generateEntities: [
          {
            entity: {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name, namespace: 'default' },
              spec: { type: 'other', lifecycle: 'unknown' },
            },
            fields: [],
          },
        ],
      };
    },

    getByRef(ref: string): string | undefined {
      return view.getByRef(ref);
    },

    getByUid(uid: string): string | undefined {
      return view.getByUid(uid);
    },

    /**
     * A served User and the groups it is a member of (its memberOf relations), by canonical ref;
     * undefined when no User has that ref. Synchronous: it runs for every signed-in request.
     */
    findUser(userRef: string): { entity: Entity; memberOf: string[] } | undefined {
      const json = view.getByRef(userRef);
      if (json === undefined) {
        users.delete(userRef);
        return undefined;
      }
      const cached = users.get(userRef);
      if (cached?.json === json) return cached.user;
      const entity = JSON.parse(json) as Entity;
      const user =
        entity.kind.toLowerCase() === 'user'
          ? {
              entity,
              memberOf: (entity.relations ?? []).filter((r) => r.type === 'memberOf').map((r) => r.targetRef),
            }
          : undefined;
      users.set(userRef, { json, user });
      return user;
    },

    /** Served JSON of many refs (verbatim match against canonical refs), in order; null when absent. */
    getByRefs(refs: string[]): (string | null)[] {
      return refs.map((r) => view.getByRef(r) ?? null);
    },

    /** Served JSON of uids, in the given order, skipping any that vanished meanwhile. */
    getByUids(uids: string[]): string[] {
      return uids.flatMap((u) => {
        const json = view.getByUid(u);
        return json === undefined ? [] : [json];
      });
    },

    async deleteByUid(uid: string): Promise<void> {
      if (!/^[0-9a-f-]{36}$/i.test(uid)) return;
      const removed = await store.deleteEntityByUid(uid);
      await view.stitchAndPublish();
      if (removed?.sourceId) {
        // Backstage parity: the provider reads its files again; a still-declared entity returns.
        ingestion.refreshSource(removed.sourceId).catch(() => undefined);
      }
    },

    async ancestry(ref: { kind: string; namespace: string; name: string }) {
      const entityRef = stringifyEntityRef(ref);
      const chain = (await store.ancestry(entityRef)).flatMap((c) => {
        const json = view.getByRef(c.entityRef);
        return json === undefined
          ? []
          : [{ entity: JSON.parse(json) as Entity, parentEntityRefs: c.parentRefs }];
      });
      if (chain.length === 0) throw new NotFoundError(`No entity named ${entityRef} found`);
      return { rootEntityRef: entityRef, items: chain };
    },

    counts: () => store.counts(),
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
