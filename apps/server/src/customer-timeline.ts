import type { TimelineEntry } from '@kefu/customer';
import { CustomerErased, type CustomerStore } from '@kefu/customer-store';
import type { Runtime, SendResult } from '@kefu/runtime';

/**
 * The customer-timeline entries one committed complaint transition makes: breaches, escalation requests,
 * closing, crisis links and repeat contacts (the opening is recorded by `openComplaint` itself).
 */
export function timelineEntriesOf(result: SendResult): TimelineEntry[] {
  const { workflow, entry, emitted } = result;
  const customerId = workflow.context.customerId;
  if (workflow.kind !== 'complaint' || typeof customerId !== 'string') return [];
  const base = { customerId, workflowId: workflow.id };
  const entries: TimelineEntry[] = [];
  for (const event of emitted) {
    const at = typeof event.at === 'string' ? event.at : entry.at;
    if (event.type === 'complaint.deadlineBreached') {
      entries.push({ ...base, at, kind: 'complaint.breached', data: { deadline: event.deadline } });
    } else if (event.type === 'complaint.escalationRequested') {
      entries.push({ ...base, at, kind: 'escalation.raised', data: { reason: event.reason } });
    } else if (event.type === 'complaint.closed') {
      entries.push({ ...base, at, kind: 'complaint.closed', data: { outcome: event.outcome ?? null } });
    }
  }
  const link = entry.event.link as { kind?: unknown; id?: unknown } | undefined;
  if (entry.type === 'complaint.linked' && link?.kind === 'crisis') {
    entries.push({ ...base, at: entry.at, kind: 'crisis.linked', data: { crisisId: link.id } });
  }
  if (entry.type === 'complaint.contact') {
    entries.push({ ...base, at: entry.at, kind: 'contact', data: { channel: entry.event.channel } });
  }
  return entries;
}

export interface CustomerTimelineConnection {
  /** Resolves when every entry of the commits so far is written. */
  idle(): Promise<void>;
  stop(): void;
}

/** Writes the timeline entries of each commit of this process (`runtime.onCommit`) to the customer store. */
export function connectCustomerTimeline(
  runtime: Runtime,
  customers: CustomerStore,
  onError: (error: unknown) => void = (error) =>
    console.error(`kefu: customer timeline: ${error instanceof Error ? error.message : String(error)}`),
): CustomerTimelineConnection {
  const pending = new Set<Promise<void>>();
  const stop = runtime.onCommit((result) => {
    const entries = timelineEntriesOf(result);
    if (entries.length === 0) return;
    const work: Promise<void> = (async () => {
      for (const entry of entries) await customers.appendTimeline(entry);
    })()
      .catch((error: unknown) => {
        // An erased customer gets no new entries.
        if (!(error instanceof CustomerErased)) onError(error);
      })
      .finally(() => pending.delete(work));
    pending.add(work);
  });
  return {
    idle: async () => {
      while (pending.size > 0) await Promise.all(pending);
    },
    stop,
  };
}
