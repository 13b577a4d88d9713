import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../app/api.ts';

export function useSignOut() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.signOut(),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
