import type { TaskEvent } from '@paved/client';
import { useEffect, useRef, useState } from 'react';
import { useApi } from '../app/api.ts';

/**
 * The log of a task's current run, streamed from its event stream (same origin: the CSP allows
 * it). `onProgress` is called when a step or the task changes status, to read the task again.
 * The stream closes after the run's completion: EventSource would otherwise reconnect forever.
 */
export function useTaskLog(
  taskId: string,
  run: number | undefined,
  onProgress: () => void,
): { events: TaskEvent[]; live: boolean; supported: boolean } {
  const api = useApi();
  const [events, setEvents] = useState<TaskEvent[]>([]);
  const [live, setLive] = useState(false);
  const supported = typeof EventSource !== 'undefined';
  // The latest callback, read when an event arrives: a new function each render must not reopen the stream.
  const progress = useRef(onProgress);
  progress.current = onProgress;

  useEffect(() => {
    if (!supported || run === undefined) return;
    setEvents([]);
    const source = new EventSource(api.taskEventStreamUrl(taskId));
    setLive(true);
    const receive = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as TaskEvent;
      // A retried task replays its earlier runs first: only this run's events are its log.
      if (event.run !== run) return;
      setEvents((all) => [...all, event]);
      if (event.body.status || event.type !== 'log') progress.current();
      if (event.type === 'completion' || event.type === 'cancelled') {
        source.close();
        setLive(false);
      }
    };
    for (const type of ['log', 'completion', 'cancelled', 'recovered']) {
      source.addEventListener(type, receive as EventListener);
    }
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) setLive(false);
    };
    return () => {
      source.close();
      setLive(false);
    };
  }, [api, taskId, run, supported]);

  return { events, live, supported };
}
