import type { RegistryFieldsType } from '@rjsf/utils';
import {
  EntityPickerField,
  EntityTagsPickerField,
  MultiEntityPickerField,
  OwnedEntityPickerField,
  OwnerPickerField,
} from './EntityPickerField.tsx';
import { RepoUrlPickerField } from './RepoUrlPickerField.tsx';
import { EntityNamePickerField, SecretField } from './TextFields.tsx';

/**
 * Backstage's standard field extensions that Paved implements. Any other `ui:field` name rjsf
 * does not know falls back to the field of the schema's type (a text input for a string).
 */
export const templateFields: RegistryFieldsType = {
  EntityPicker: EntityPickerField,
  OwnerPicker: OwnerPickerField,
  OwnedEntityPicker: OwnedEntityPickerField,
  MultiEntityPicker: MultiEntityPickerField,
  EntityTagsPicker: EntityTagsPickerField,
  EntityNamePicker: EntityNamePickerField,
  Secret: SecretField,
  RepoUrlPicker: RepoUrlPickerField,
};
