import { z } from 'zod';

/** Roles that work in a contact centre (domain.md, "Who works there"). `system` is the runtime's timer. */
export const roleSchema = z.enum(['agent', 'supervisor', 'manager', 'director', 'trainer', 'system']);
export type Role = z.infer<typeof roleSchema>;

/** Who sent an event. */
export const actorSchema = z.object({ userId: z.string().min(1), role: roleSchema });
export type Actor = z.infer<typeof actorSchema>;

/** An ISO-8601 time with an offset, e.g. `2026-03-02T09:00:00+08:00`. */
export const instantSchema = z.iso.datetime({ offset: true });

export const customerGradeSchema = z.enum(['A', 'B', 'C']);
export type CustomerGrade = z.infer<typeof customerGradeSchema>;

export const channelSchema = z.enum(['phone', 'chat', 'video', 'email', 'social', 'app']);
export type Channel = z.infer<typeof channelSchema>;

export const customerSchema = z.object({
  name: z.string().trim().min(1).max(100),
  phone: z.string().trim().min(3).max(40).optional(),
  grade: customerGradeSchema.default('C'),
});
export type Customer = z.infer<typeof customerSchema>;

/** What the runtime passes to start a complaint: the first contact, with its time and who took it. */
export const complaintInputSchema = z.object({
  at: instantSchema,
  by: actorSchema,
  customer: customerSchema,
  channel: channelSchema,
  category: z.string().trim().min(1).max(60),
  summary: z.string().trim().min(1).max(4000),
  team: z.string().trim().min(1).max(60).optional(),
});
export type ComplaintInput = z.input<typeof complaintInputSchema>;

/** The 客诉状况报告表: the complaint report written when the event is recorded (seed 001, step 2). */
export const complaintReportSchema = z.object({
  facts: z.string().trim().min(1).max(4000),
  customerRequest: z.string().trim().max(2000).optional(),
});
export type ComplaintReport = z.infer<typeof complaintReportSchema>;

const eventBase = { at: instantSchema, by: actorSchema };

/** A timer event: the runtime's scheduler sends it when a deadline in `context.deadlines` comes due. */
export const deadlineEventFields = {
  ...eventBase,
  deadline: z.string().min(1),
  dueAt: instantSchema,
  timerId: z.string().optional(),
  lateBy: z.number().nonnegative().optional(),
};

export const complaintEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('complaint.record'), ...eventBase, report: complaintReportSchema }),
  z.object({ type: z.literal('complaint.deadlineReached'), ...deadlineEventFields }),
]);
export type ComplaintEvent = z.infer<typeof complaintEventSchema>;

/** A deadline kept as data: when it is due and which event the scheduler sends then. */
export interface Deadline {
  dueAt: string;
  event: string;
  startedAt: string;
}

export interface Breach {
  deadline: string;
  dueAt: string;
  at: string;
}

export interface ComplaintContext {
  complaintId: string;
  customer: Customer;
  channel: Channel;
  category: string;
  summary: string;
  team: string | undefined;
  openedAt: string;
  openedBy: Actor;
  priority: 'normal' | 'high' | 'urgent';
  report: ComplaintReport | undefined;
  recordedAt: string | undefined;
  deadlines: Record<string, Deadline>;
  breaches: Breach[];
}

/** What the machine emits for the outbox (notifications, dashboards). */
export type ComplaintEmitted =
  | { type: 'complaint.recorded'; complaintId: string; at: string }
  | { type: 'complaint.deadlineBreached'; complaintId: string; deadline: string; dueAt: string; at: string };
