import { createContext, useContext } from 'react';

/** The values of Secret fields, kept apart from the form values (which hold only `***`). */
export interface SecretStore {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

export const SecretsContext = createContext<SecretStore | null>(null);

export function useSecrets(): SecretStore {
  const store = useContext(SecretsContext);
  if (!store) throw new Error('useSecrets() outside <SecretsContext.Provider>');
  return store;
}
