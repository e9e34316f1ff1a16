import { useEffect, useRef, useState } from 'react';
import { useSubscription } from 'urql';
import { graphql } from './graphql.js';

export type LiveMode = 'sse' | 'polling';

/** Every transition of the workflows the caller may see (Server-Sent Events). */
export const workflowChangedSubscription = graphql(`
  subscription DashboardLive {
    workflowChanged { workflowId kind seq type state }
  }
`);

/**
 * Calls `onChange` whenever the API reports a workflow change, through the `workflowChanged` subscription; while
 * the subscription has failed, polls every `pollMs` instead (and says which, so the UI can tell the user).
 */
export function useLiveUpdates(
  onChange: () => void,
  pollMs = 5000,
): { mode: LiveMode; subscription?: string; events: number; error?: string } {
  const callback = useRef(onChange);
  callback.current = onChange;
  const [events, setEvents] = useState(0);

  const [result] = useSubscription({ query: workflowChangedSubscription }, (count: number | undefined) => {
    callback.current();
    return (count ?? 0) + 1;
  });
  useEffect(() => {
    if (typeof result.data === 'number') setEvents(result.data);
  }, [result.data]);

  const failed = result.error !== undefined;
  useEffect(() => {
    if (!failed) return;
    const timer = setInterval(() => callback.current(), pollMs);
    return () => clearInterval(timer);
  }, [failed, pollMs]);

  return failed
    ? { mode: 'polling', events, error: result.error?.message }
    : { mode: 'sse', subscription: 'workflowChanged', events };
}
