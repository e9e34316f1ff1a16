import { z } from 'zod';
import { isTimeZone } from './zoned-time.js';

/** A clock time in the team's zone, `HH:mm` (00:00–23:59). */
export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a clock time HH:mm');
/** A date in the team's zone, `YYYY-MM-DD`. */
export const localDateSchema = z.iso.date();
/** An instant with its offset, e.g. `2026-03-30T09:00:00+08:00`. */
export const instantSchema = z.iso.datetime({ offset: true });
/** ISO weekday: 1 Monday … 7 Sunday. */
export const weekdaySchema = z.number().int().min(1).max(7);
const userIdSchema = z.string().trim().min(1).max(100);
const roleSchema = z.string().trim().min(1).max(40);

/**
 * A rotation: the members take turns holding `role`, one shift each, in order, starting with the first member on
 * `startDate` at `handOverAt` (the team's local time; hand-over stays at that clock time across daylight saving).
 * `hours`/`days` narrow the shift to part of each day (a day shift, a night shift past midnight, weekdays).
 */
export const rotationSchema = z.object({
  role: roleSchema,
  members: z.array(userIdSchema).min(1).max(100),
  startDate: localDateSchema,
  handOverAt: clockTimeSchema.default('09:00'),
  /** Shift length: `daily`, `weekly`, or a number of days. */
  every: z.union([z.enum(['daily', 'weekly']), z.number().int().min(1).max(56)]).default('weekly'),
  /** The part of each day the role is staffed (default: around the clock); `to` ≤ `from` runs past midnight. */
  hours: z.object({ from: clockTimeSchema, to: clockTimeSchema }).optional(),
  /** Weekdays the role is staffed (default: every day); a night shift belongs to the day it starts. */
  days: z.array(weekdaySchema).min(1).max(7).optional(),
});
export type Rotation = z.infer<typeof rotationSchema>;

/** A one-off change: `userId` holds `role` from `from` until `to`, instead of `replaces` when given. */
export const overrideSchema = z
  .object({
    role: roleSchema,
    userId: userIdSchema,
    from: instantSchema,
    to: instantSchema,
    replaces: userIdSchema.optional(),
    note: z.string().trim().min(1).max(500).optional(),
  })
  .refine((override) => Date.parse(override.from) < Date.parse(override.to), {
    message: 'An override must end after it starts',
    path: ['to'],
  });
export type Override = z.infer<typeof overrideSchema>;

/** Working hours on some weekdays, e.g. Monday–Friday 09:00–18:00. */
export const workingHoursRuleSchema = z.object({
  days: z.array(weekdaySchema).min(1).max(7),
  from: clockTimeSchema,
  to: clockTimeSchema,
});
export type WorkingHoursRule = z.infer<typeof workingHoursRuleSchema>;

/** A team's roster (值班表): its time zone, working hours, rotations per role and overrides. */
export const rosterSchema = z.object({
  team: z.string().trim().min(1).max(100),
  timeZone: z
    .string()
    .refine(isTimeZone, { message: 'Unknown time zone (use an IANA name, e.g. Asia/Shanghai)' }),
  workingHours: z
    .array(workingHoursRuleSchema)
    .max(14)
    .default([{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }]),
  /** Local dates outside working hours all day (public holidays). */
  holidays: z.array(localDateSchema).max(366).default([]),
  rotations: z.array(rotationSchema).max(50).default([]),
  overrides: z.array(overrideSchema).max(500).default([]),
});
export type Roster = z.infer<typeof rosterSchema>;
export type RosterInput = z.input<typeof rosterSchema>;

/** A change of hands: who held `role` just before `at` and who holds it from `at`. */
export interface HandOver {
  at: string;
  role: string;
  outgoing: string[];
  incoming: string[];
}
