import type { Identity } from '@paved/client';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../app/api.ts';

export const IDENTITY_KEY = ['identity'] as const;

/** Who the portal acts as (a guest until someone signs in). */
export function useIdentity() {
  const api = useApi();
  return useQuery<Identity>({ queryKey: IDENTITY_KEY, queryFn: () => api.me(), staleTime: 60_000 });
}
