import { createContext, useContext, useMemo, useRef } from 'react';

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

/** The secrets typed into Secret fields, in memory only: sent with a run and never shown. */
export function useSecretStore(): { store: SecretStore; all: () => Record<string, string> } {
  const map = useRef(new Map<string, string>());
  return useMemo(
    () => ({
      store: {
        get: (name) => map.current.get(name),
        set: (name, value) => {
          if (value) map.current.set(name, value);
          else map.current.delete(name);
        },
      },
      all: () => Object.fromEntries(map.current),
    }),
    [],
  );
}
