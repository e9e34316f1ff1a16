import type { CustomerStore } from '@kefu/customer-store';
import type { NotificationCenter } from '@kefu/notify-store';
import type { RosterBook } from '@kefu/roster';
import type { Runtime } from '@kefu/runtime';
import type { AccessLog } from './access-log.js';
import type { DashboardCache } from './dashboard-cache.js';
import type { LiveEvents } from './live-events.js';

export type Role = 'agent' | 'supervisor' | 'manager' | 'director' | 'trainer';

export const roles: readonly Role[] = ['agent', 'supervisor', 'manager', 'director', 'trainer'];

export interface RequestActor {
  userId: string;
  role: Role;
  /** The team the token names; agents and supervisors see only their team's complaints. */
  team?: string | null;
}

/** What every resolver gets: the runtime, who is asking (null when anonymous), and the clock that stamps their events. */
export interface KefuContext {
  runtime: Runtime;
  /** Customer records (recognition, grades, consent, erasure). */
  customers: CustomerStore;
  actor: RequestActor | null;
  now: () => Date;
  /** Records reads of personal data (batched per request tick). */
  accessLog: AccessLog;
  /** Live events for subscriptions. */
  live: LiveEvents;
  /** The operation name, for the access log. */
  operationName: string | null;
  /** How often `deadlineApproaching` re-scans. */
  deadlineScanIntervalMs: number;
  /** The signing key when this server issues development tokens to this request; null otherwise. */
  developmentTokenSecret: Uint8Array | null;
  /** When the caller's bearer token expires (null when anonymous): a subscription ends there. */
  tokenExpiresAt: Date | null;
  /** Statement timeout of each dashboard panel's query, in milliseconds. */
  dashboardStatementTimeoutMs: number;
  /** Dashboard results per (panel, window, team), shared by every request of this server. */
  dashboardCache?: DashboardCache | undefined;
  /**
   * Told when a cached result this request used was already behind a change: `servedUntil` (milliseconds on the
   * server's clock) is when that result stops being served. The whole-response cache sets it, and keeps the
   * response no longer.
   */
  staleResult?: ((servedUntil: number) => void) | undefined;
  /** The teams' rosters: who is on duty, working hours, hand-overs. */
  roster: RosterBook;
  /** Notification rules, endpoints, delivery logs and inboxes. */
  notifications: NotificationCenter;
}
