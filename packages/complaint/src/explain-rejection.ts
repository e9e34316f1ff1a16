import { isQuietTime, moveOutOfQuietHours } from '@kefu/sla';
import { pauseRefusalOf, runningPausableClocks } from './complaint-clocks.js';
import { complaintEventRoles } from './complaint-event-roles.js';
import type { ComplaintContext } from './complaint-types.js';

interface SnapshotLike {
  value: unknown;
  context: ComplaintContext;
}

interface EventLike {
  type: string;
  at?: string;
  by: { role: string; userId?: string };
  [field: string]: unknown;
}

const topState = (value: unknown) =>
  typeof value === 'string' ? value : (Object.keys(value as object)[0] ?? '');

/**
 * Why the complaint did not accept an event, in words a caller can act on: which role may send it, or
 * which condition failed (quiet hours, no such promise, a pause the policy refuses, nothing paused, a stale
 * timer, a revisit before resolution). `undefined` when there is nothing more specific to say than the state.
 */
export function explainComplaintRejection(snapshot: SnapshotLike, event: EventLike): string | undefined {
  const roles = (complaintEventRoles as Record<string, readonly string[]>)[event.type];
  if (roles && !roles.includes(event.by.role)) {
    return `"${event.type}" may be sent by ${roles.join(' or ')}, not ${event.by.role}`;
  }
  const { context } = snapshot;
  const state = topState(snapshot.value);
  switch (event.type) {
    case 'complaint.startRevisit':
    case 'complaint.recordRevisit':
      if (!['resolved', 'revisit'].includes(state)) {
        return `a revisit comes after the complaint is resolved (it is ${state})`;
      }
      if (event.type === 'complaint.startRevisit' && event.at && isQuietTime(context.quietHours, event.at)) {
        const { start, end, timeZone } = context.quietHours;
        return `no revisit call in the customer's quiet hours (${start}–${end} ${timeZone}); call from ${moveOutOfQuietHours(context.quietHours, event.at)}`;
      }
      if (event.type === 'complaint.recordRevisit' && state === 'resolved') {
        return 'start the revisit call (complaint.startRevisit) before recording it';
      }
      return undefined;
    case 'complaint.callBack': {
      const open = context.callBacks
        .filter((promise) => promise.keptAt === undefined)
        .map((promise) => promise.id);
      return `no open call-back promise "${String(event.promiseId)}" (open: ${open.length ? open.join(', ') : 'none'})`;
    }
    case 'complaint.pause':
      if (context.paused) return 'the clocks are already paused';
      if (runningPausableClocks(context.clocks).length === 0) return 'no step clock is running to pause';
      return pauseRefusalOf(
        context,
        { role: event.by.role, userId: event.by.userId ?? '' },
        typeof event.reason === 'string' ? event.reason : '',
      );
    case 'complaint.resume':
      return 'nothing is paused';
    case 'complaint.deadlineReached': {
      const current = context.deadlines[String(event.deadline)];
      return current
        ? `deadline "${String(event.deadline)}" is now due at ${current.dueAt}, not ${String(event.dueAt)} (stale timer ignored)`
        : `no deadline "${String(event.deadline)}" is running (stale timer ignored)`;
    }
    case 'complaint.decide':
      return state === 'reportedUpward'
        ? 'a serious complaint reported upward must be acknowledged (complaint.acknowledgeReport) before the decision'
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Why an action the state handles may be blocked: `alreadyPaused`, `nothingToPause`, `pauseRefused` (the policy
 * does not let this role pause a running clock), `nothingPaused`, `noOpenCallBack` or `quietHours` (no revisit call
 * in the customer's quiet hours).
 */
export const blockingReasonCodes = [
  'alreadyPaused',
  'nothingToPause',
  'pauseRefused',
  'nothingPaused',
  'noOpenCallBack',
  'quietHours',
] as const;

/** Why an action the state handles cannot be taken now, as a code a UI can translate plus the words. */
export interface BlockingReason {
  code: (typeof blockingReasonCodes)[number];
  /** The same reason in English words. */
  message: string;
  /** Values the reason names: `from`/`until`/`timeZone` for quiet hours, `availableAt` when it can be done. */
  params: Record<string, string>;
}

/**
 * Why an action the state handles cannot be taken now, whatever its payload: nothing to pause or resume,
 * a running clock the policy does not let anyone (or, given `actor`, this role) pause, no open call-back
 * promise, quiet hours for a revisit call. `undefined` when it can. Lets a caller show a blocked action
 * with its reason instead of hiding it (`Complaint.blockedActions`).
 */
export function blockingReason(
  snapshot: SnapshotLike,
  type: string,
  at: string,
  actor?: { role: string },
): BlockingReason | undefined {
  const { context } = snapshot;
  const reason = (code: BlockingReason['code'], message: string, params: Record<string, string> = {}) => ({
    code,
    message,
    params,
  });
  switch (type) {
    case 'complaint.pause': {
      if (context.paused) return reason('alreadyPaused', 'the clocks are already paused');
      if (runningPausableClocks(context.clocks).length === 0) {
        return reason('nothingToPause', 'no step clock is running to pause');
      }
      const refusal = pauseRefusalOf(context, actor);
      return refusal ? reason('pauseRefused', refusal) : undefined;
    }
    case 'complaint.resume':
      return context.paused ? undefined : reason('nothingPaused', 'nothing is paused');
    case 'complaint.callBack':
      return context.callBacks.some((promise) => promise.keptAt === undefined)
        ? undefined
        : reason('noOpenCallBack', 'no open call-back promise');
    case 'complaint.startRevisit': {
      if (!isQuietTime(context.quietHours, at)) return undefined;
      const { start, end, timeZone } = context.quietHours;
      return reason('quietHours', `the customer's quiet hours (${start}–${end} ${timeZone})`, {
        from: start,
        until: end,
        timeZone,
        availableAt: moveOutOfQuietHours(context.quietHours, at),
      });
    }
    default:
      return undefined;
  }
}

/** `blockingReason` in words only. */
export function whyNotNow(
  snapshot: SnapshotLike,
  type: string,
  at: string,
  actor?: { role: string },
): string | undefined {
  return blockingReason(snapshot, type, at, actor)?.message;
}
