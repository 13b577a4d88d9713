import { Fieldset, Select, Stack, Text, TextInput } from '@mantine/core';
import type { FieldProps } from '@rjsf/utils';
import { useState } from 'react';
import createClasses from '../create.module.css';
import {
  formatRepoLocation,
  hostLabel,
  ownerParts,
  parseRepoLocation,
  type RepoLocation,
  repoParam,
  withRepoParam,
} from './repoUrl.ts';

type Json = Record<string, unknown>;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];

/** A text input, or a select when the template allows only some values. */
function PartInput(props: {
  id: string;
  label: string;
  value: string;
  allowed: string[];
  required: boolean;
  disabled: boolean;
  invalid: boolean;
  onChange: (value: string) => void;
}) {
  const common = {
    id: props.id,
    label: props.label,
    required: props.required,
    disabled: props.disabled,
    error: props.invalid || undefined,
  };
  if (props.allowed.length > 0) {
    return (
      <Select
        {...common}
        data={props.allowed}
        value={props.value || null}
        allowDeselect={false}
        onChange={(next) => props.onChange(next ?? '')}
      />
    );
  }
  return (
    <TextInput
      {...common}
      value={props.value}
      autoComplete="off"
      spellCheck={false}
      onChange={(event) => props.onChange(event.currentTarget.value.trim())}
    />
  );
}

/**
 * Backstage's RepoUrlPicker: a host (from `ui:options.allowedHosts`, default github.com; `paved`
 * is the git hosting of this Paved), the owner (`allowedOwners`) and the repository name
 * (`allowedRepos`), written as `host?owner=o&repo=r`.
 */
export function RepoUrlPickerField(props: FieldProps) {
  const options = (props.uiSchema?.['ui:options'] ?? {}) as Json;
  const allowedHosts = strings(options.allowedHosts);
  const hosts = allowedHosts.length > 0 ? allowedHosts : ['github.com'];
  const id = props.fieldPathId.$id;
  const given = typeof props.formData === 'string' && props.formData !== '' ? props.formData : undefined;
  // The host chosen while nothing else is filled in: the value stays empty (so "required" holds) until then.
  const [pendingHost, setPendingHost] = useState(hosts[0] as string);
  const location: RepoLocation = given ? parseRepoLocation(given) : { host: pendingHost, params: [] };
  const disabled = Boolean(props.disabled || props.readonly);
  const error = props.rawErrors?.length ? props.rawErrors.join('\n') : undefined;

  const emit = (next: RepoLocation) => {
    setPendingHost(next.host);
    const filled = next.params.some(([, value]) => value !== '');
    props.onChange(filled ? formatRepoLocation(next) : undefined, props.fieldPathId.path);
  };
  const hostChoices = hosts.includes(location.host) || !location.host ? hosts : [...hosts, location.host];

  return (
    <Fieldset
      id={id}
      legend={`${props.schema.title ?? props.name}${props.required ? ' *' : ''}`}
      variant="unstyled"
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <Stack gap="xs">
        {props.schema.description ? <Text size="sm">{props.schema.description}</Text> : null}
        <Select
          id={`${id}-host`}
          label="Host"
          data={hostChoices.map((host) => ({ value: host, label: hostLabel(host) }))}
          value={location.host}
          allowDeselect={false}
          disabled={disabled || hostChoices.length === 1}
          onChange={(host) => emit({ ...location, host: host ?? location.host })}
        />
        {ownerParts(location.host).map((part) => (
          <PartInput
            key={part.name}
            id={`${id}-${part.name}`}
            label={part.label}
            value={repoParam(location, part.name)}
            allowed={part.name === 'owner' ? strings(options.allowedOwners) : []}
            required={Boolean(props.required)}
            disabled={disabled}
            invalid={Boolean(error)}
            onChange={(value) => emit(withRepoParam(location, part.name, value))}
          />
        ))}
        <PartInput
          id={`${id}-repo`}
          label="Repository name"
          value={repoParam(location, 'repo')}
          allowed={strings(options.allowedRepos)}
          required={Boolean(props.required)}
          disabled={disabled}
          invalid={Boolean(error)}
          onChange={(value) => emit(withRepoParam(location, 'repo', value))}
        />
        {error ? (
          <Text id={`${id}-error`} size="sm" className={createClasses.error} role="alert">
            {error}
          </Text>
        ) : null}
      </Stack>
    </Fieldset>
  );
}
