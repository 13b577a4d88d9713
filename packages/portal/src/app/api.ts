import { createPavedClient, type PavedClient, PavedHttpError } from '@paved/client';
import { QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';

/** The portal talks to the server it was served from. */
export function createBrowserClient(): PavedClient {
  return createPavedClient({ baseUrl: '' });
}

export const ApiContext = createContext<PavedClient | null>(null);

/** The typed API client (the same one the CLI uses). */
export function useApi(): PavedClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi() outside <ApiContext.Provider>');
  return client;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        // A 4xx will not get better by asking again.
        retry: (count, error) =>
          !(error instanceof PavedHttpError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  });
}

/** A message for an error of any kind, fit for an alert. */
export function errorMessage(error: unknown): string {
  if (error instanceof PavedHttpError) return `${error.message} (HTTP ${error.status})`;
  if (error instanceof Error) return error.message;
  return String(error);
}
