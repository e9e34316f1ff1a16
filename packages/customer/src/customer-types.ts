import type { ContactLevel, CustomerGrade } from '@kefu/complaint';

export type { ContactLevel, CustomerGrade };

/** 渠道 channel / 外埠 regional (out-of-town) / 终端 terminal (end customer), seed 001 §2. */
export type CustomerClass = 'channel' | 'regional' | 'terminal';

/** 优质 premium / 潜在 potential / 一般 general, seed 003 §5.2. */
export type CustomerTier = 'premium' | 'potential' | 'general';

/** A revisit's answer (seed 002): satisfied, neutral (一般) or unsatisfied. */
export type Satisfaction = 'satisfied' | 'neutral' | 'unsatisfied';

export const customerClasses: readonly CustomerClass[] = ['channel', 'regional', 'terminal'];
export const customerGrades: readonly CustomerGrade[] = ['A', 'B', 'C'];
export const customerTiers: readonly CustomerTier[] = ['premium', 'potential', 'general'];

/** What the revisit programme and the warnings need of a customer (no personal data). */
export interface CustomerProfile {
  customerId: string;
  class: CustomerClass;
  grade: CustomerGrade;
  tier: CustomerTier;
  member: boolean;
  /** IANA time zone, default `Asia/Shanghai`. */
  timeZone: string;
  /** ISO time: the start of cooperation (合作时限 counts from it). */
  since: string;
}

export type TimelineKind =
  | 'complaint.opened'
  | 'complaint.closed'
  | 'complaint.breached'
  | 'contact'
  | 'revisit.recorded'
  | 'escalation.raised'
  | 'crisis.linked'
  | 'grade.changed'
  | 'volume.recorded'
  | 'consent.recorded';

export const timelineKinds: readonly TimelineKind[] = [
  'complaint.opened',
  'complaint.closed',
  'complaint.breached',
  'contact',
  'revisit.recorded',
  'escalation.raised',
  'crisis.linked',
  'grade.changed',
  'volume.recorded',
  'consent.recorded',
];

/** One entry of a customer's timeline (no personal data in `data`). */
export interface TimelineEntry {
  customerId: string;
  /** ISO time. */
  at: string;
  kind: TimelineKind;
  /** The complaint, revisit, escalation or crisis workflow, when there is one. */
  workflowId?: string;
  /**
   * E.g. `revisit.recorded`: `{ satisfaction: 'satisfied' | 'neutral' | 'unsatisfied' }`;
   * `volume.recorded`: `{ period: '2026-11', volume: 1200 }`; `complaint.opened`: `{ channel, contactLevel }`.
   */
  data: Record<string, unknown>;
}
