import { Autocomplete, TagsInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type EntityFilter, formatEntityRef } from '@paved/client';
import type { FieldProps } from '@rjsf/utils';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../app/api.ts';
import { useIdentity } from '../../identity/useIdentity.ts';

type Json = Record<string, unknown>;

/** How many suggestions one keystroke asks for: the catalog may hold 100,000 entities. */
const LIMIT = 20;

const asStrings = (value: unknown): string[] | undefined =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.map(String) : undefined;

/** `ui:options.catalogFilter` (one filter or several, ORed) and `allowedKinds`, as catalog filters. */
export function pickerFilters(options: Json, defaultKinds: string[] | undefined): EntityFilter[] {
  const kinds = asStrings(options.allowedKinds) ?? defaultKinds;
  const raw = [options.catalogFilter ?? []]
    .flat()
    .filter((f): f is Json => f !== null && typeof f === 'object');
  const filters: EntityFilter[] = raw.map((f) =>
    Object.fromEntries(
      Object.entries(f).flatMap(([key, value]) => {
        const values = asStrings(value);
        return values ? [[key, values.length === 1 ? (values[0] as string) : values]] : [];
      }),
    ),
  );
  if (!kinds) return filters;
  if (filters.length === 0) return [{ kind: kinds }];
  return filters.map((f) => ('kind' in f ? f : { ...f, kind: kinds }));
}

/** The entity refs whose names or titles match what was typed, asked of the server. */
function useSuggestions(term: string, filter: EntityFilter[], enabled = true) {
  const api = useApi();
  const [debounced] = useDebouncedValue(term.trim(), 200);
  return useQuery({
    queryKey: ['create', 'entity-picker', filter, debounced],
    queryFn: ({ signal }) =>
      api.queryEntities(
        {
          filter,
          ...(debounced ? { fullTextFilter: { term: debounced } } : {}),
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
          orderFields: [{ field: 'metadata.name', order: 'asc' }],
          limit: LIMIT,
        },
        signal,
      ),
    select: (response) => response.items.map((entity) => formatEntityRef(entity)),
    staleTime: 30_000,
    enabled,
  });
}

/** Backstage's EntityPicker: an entity ref, suggested from the catalog as you type; any ref may be typed. */
function EntityRefField(props: FieldProps & { defaultKinds?: string[]; ownedBy?: string[] }) {
  const options = (props.uiSchema?.['ui:options'] ?? {}) as Json;
  const value = typeof props.formData === 'string' ? props.formData : '';
  const base = pickerFilters(options, props.defaultKinds);
  const { ownedBy } = props;
  const filter = ownedBy
    ? (base.length ? base : [{}]).map((f) => ({ ...f, 'relations.ownedBy': ownedBy }))
    : base;
  // An ownership filter with no owners yet (the identity is loading) suggests nothing.
  const suggestions = useSuggestions(value, filter, ownedBy === undefined || ownedBy.length > 0);
  const error = props.rawErrors?.length ? props.rawErrors.join('\n') : undefined;
  return (
    <Autocomplete
      id={props.fieldPathId.$id}
      label={props.schema.title ?? props.name}
      description={props.schema.description}
      placeholder={
        typeof options.placeholder === 'string' ? options.placeholder : 'Type to search the catalog'
      }
      required={props.required}
      disabled={props.disabled || props.readonly}
      autoFocus={props.autofocus}
      value={value}
      data={suggestions.data ?? []}
      limit={LIMIT}
      error={error}
      onChange={(next) => props.onChange(next === '' ? undefined : next, props.fieldPathId.path)}
      onBlur={() => props.onBlur(props.fieldPathId.$id, value)}
    />
  );
}

export function EntityPickerField(props: FieldProps) {
  return <EntityRefField {...props} />;
}

/** Backstage's OwnerPicker: an EntityPicker over groups and users unless the template says otherwise. */
export function OwnerPickerField(props: FieldProps) {
  return <EntityRefField {...props} defaultKinds={['Group', 'User']} />;
}

/**
 * Backstage's OwnedEntityPicker: an EntityPicker over the entities the signed-in user owns, alone
 * or through one of their groups (the server filters on `relations.ownedBy`).
 */
export function OwnedEntityPickerField(props: FieldProps) {
  const identity = useIdentity();
  return <EntityRefField {...props} ownedBy={identity.data?.ownershipRefs ?? []} />;
}

/** Backstage's MultiEntityPicker: several entity refs, each suggested from the catalog as you type. */
export function MultiEntityPickerField(props: FieldProps) {
  const options = (props.uiSchema?.['ui:options'] ?? {}) as Json;
  const [search, setSearch] = useState('');
  const suggestions = useSuggestions(search, pickerFilters(options, undefined));
  const value = Array.isArray(props.formData) ? props.formData.map(String) : [];
  return (
    <TagsInput
      id={props.fieldPathId.$id}
      label={props.schema.title ?? props.name}
      description={props.schema.description}
      required={props.required}
      disabled={props.disabled || props.readonly}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      data={suggestions.data ?? []}
      limit={LIMIT}
      error={props.rawErrors?.length ? props.rawErrors.join('\n') : undefined}
      onChange={(next) => props.onChange(next.length ? next : undefined, props.fieldPathId.path)}
    />
  );
}

/** Backstage's EntityTagsPicker: tags, with those the catalog already uses suggested (server facets). */
export function EntityTagsPickerField(props: FieldProps) {
  const api = useApi();
  const options = (props.uiSchema?.['ui:options'] ?? {}) as Json;
  const kinds = asStrings(options.kinds);
  const tags = useQuery({
    queryKey: ['create', 'tags', kinds],
    queryFn: ({ signal }) => api.getFacets(['metadata.tags'], kinds ? [{ kind: kinds }] : undefined, signal),
    select: (response) => (response.facets['metadata.tags'] ?? []).map((f) => f.value),
    staleTime: 60_000,
  });
  const value = Array.isArray(props.formData) ? props.formData.map(String) : [];
  return (
    <TagsInput
      id={props.fieldPathId.$id}
      label={props.schema.title ?? props.name}
      description={props.schema.description}
      required={props.required}
      disabled={props.disabled || props.readonly}
      value={value}
      data={tags.data ?? []}
      limit={LIMIT}
      error={props.rawErrors?.length ? props.rawErrors.join('\n') : undefined}
      onChange={(next) => props.onChange(next.length ? next : undefined, props.fieldPathId.path)}
    />
  );
}
