import type { DryRunRequest, DryRunResult } from '@paved/client';
import { useEffect, useState } from 'react';
import { useApi } from '../../app/api.ts';

export interface DryRunState {
  /** The last run's answer (kept while a newer one runs or is refused). */
  result?: DryRunResult;
  /** Why the last request got no answer: a 400 with per-field `errors`, a template refused… */
  error?: unknown;
  /** Whether `result` is the answer to the latest request. */
  current: boolean;
  running: boolean;
}

/**
 * Dry-runs `request` once it has stayed the same for `delayMs` (the editor sends one request per
 * pause in typing, not per key); a newer request cancels the one in flight. `request` must keep
 * its identity while its content does not change (memoize it).
 */
export function useDryRun(request: DryRunRequest | undefined, delayMs = 600): DryRunState {
  const api = useApi();
  const [state, setState] = useState<DryRunState>({ current: false, running: false });

  useEffect(() => {
    setState((s) => ({ ...s, current: false }));
    if (!request) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, running: true }));
      api.dryRun(request, controller.signal).then(
        (result) => {
          if (!controller.signal.aborted) setState({ result, current: true, running: false });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setState((s) => ({
            ...(s.result ? { result: s.result } : {}),
            error,
            current: false,
            running: false,
          }));
        },
      );
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, request, delayMs]);

  return state;
}
