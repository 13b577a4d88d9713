import { PasswordInput, TextInput } from '@mantine/core';
import type { FieldProps } from '@rjsf/utils';
import { useSecrets } from './secrets.ts';

function common(props: FieldProps) {
  return {
    id: props.fieldPathId.$id,
    label: props.schema.title ?? props.name,
    description: props.schema.description,
    required: props.required,
    disabled: props.disabled || props.readonly,
    autoFocus: props.autofocus,
    error: props.rawErrors?.length ? props.rawErrors.join('\n') : undefined,
  };
}

/** Backstage's EntityNamePicker: a name the catalog accepts (the server checks the template's pattern). */
export function EntityNamePickerField(props: FieldProps) {
  const value = typeof props.formData === 'string' ? props.formData : '';
  return (
    <TextInput
      {...common(props)}
      value={value}
      autoComplete="off"
      spellCheck={false}
      onChange={(event) => props.onChange(event.currentTarget.value || undefined, props.fieldPathId.path)}
      onBlur={() => props.onBlur(props.fieldPathId.$id, value)}
    />
  );
}

/**
 * Backstage's Secret: the value goes to the task's secrets (kept in server memory, never
 * stored); the values get only as many `*`, as in Backstage, so required/length rules still apply.
 */
export function SecretField(props: FieldProps) {
  const secrets = useSecrets();
  const name = props.fieldPathId.path.join('.');
  const value = secrets.get(name) ?? '';
  return (
    <PasswordInput
      {...common(props)}
      value={value}
      autoComplete="off"
      onChange={(event) => {
        const next = event.currentTarget.value;
        secrets.set(name, next);
        props.onChange(next ? '*'.repeat(next.length) : undefined, props.fieldPathId.path);
      }}
    />
  );
}
