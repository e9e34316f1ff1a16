import { useEffect, useMemo, useRef, useState } from 'react';
import { useSubscription } from 'urql';
import { type FieldInfo, namedType, type SchemaCapabilities } from './schema-capabilities.js';

export type LiveMode = 'sse' | 'polling';

const preferred = [
  'complaintChanged',
  'complaintUpdated',
  'complaintsChanged',
  'workflowChanged',
  'workflowUpdated',
  'workflowEvents',
  'complaintEvents',
];

/** The subscription that tells the dashboard a complaint changed: one it can call without arguments. */
export function changeSubscription(capabilities: SchemaCapabilities): FieldInfo | undefined {
  const callable = capabilities
    .subscriptions()
    .filter((field) => field.args.every((arg) => arg.type.kind !== 'NON_NULL' || arg.defaultValue !== null));
  return (
    preferred.map((name) => callable.find((field) => field.name === name)).find(Boolean) ??
    callable.find((field) => /complaint|workflow/i.test(field.name))
  );
}

/**
 * Calls `onChange` whenever the API reports a change: through the SSE subscription when the schema
 * has one, otherwise by polling every `pollMs` (and says which, so the UI can tell the user).
 */
export function useLiveUpdates(
  capabilities: SchemaCapabilities,
  onChange: () => void,
  pollMs = 5000,
): { mode: LiveMode; subscription?: string; events: number; error?: string } {
  const field = useMemo(() => changeSubscription(capabilities), [capabilities]);
  const document = useMemo(() => {
    if (!field) return 'subscription DashboardNone { __typename }';
    const target = namedType(field.type);
    const leaf = target.kind === 'SCALAR' || target.kind === 'ENUM';
    const selection = leaf
      ? ''
      : ` { ${capabilities.selection(target.name, ['id', 'seq', 'type', 'state', 'workflowId'], 0)} }`;
    return `subscription DashboardLive { ${field.name}${selection} }`;
  }, [capabilities, field]);
  const callback = useRef(onChange);
  callback.current = onChange;
  const [events, setEvents] = useState(0);

  const [result] = useSubscription({ query: document, pause: !field }, (count: number | undefined) => {
    callback.current();
    return (count ?? 0) + 1;
  });
  useEffect(() => {
    if (typeof result.data === 'number') setEvents(result.data);
  }, [result.data]);

  useEffect(() => {
    if (field) return;
    const timer = setInterval(() => callback.current(), pollMs);
    return () => clearInterval(timer);
  }, [field, pollMs]);

  return field
    ? {
        mode: 'sse',
        subscription: field.name,
        events,
        ...(result.error ? { error: result.error.message } : {}),
      }
    : { mode: 'polling', events: 0 };
}
