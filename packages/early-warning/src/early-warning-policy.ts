import { z } from 'zod';

/**
 * The thresholds of the warning rules as data (seed 001 §2.6, 异常客户的预警). Each rule can be switched off.
 */
export const earlyWarningPolicySchema = z.object({
  repeatComplaints: z.object({
    enabled: z.boolean().default(true),
    /** Complaints opened within `withinDays` that raise the warning (at least 2). */
    count: z.number().int().min(2).max(50),
    withinDays: z.number().positive().max(366),
  }),
  fallingSatisfaction: z.object({
    enabled: z.boolean().default(true),
    /** The last this many revisits, each no better than the one before and the last worse than the first. */
    revisits: z.number().int().min(2).max(12),
  }),
  volumeDrop: z.object({
    enabled: z.boolean().default(true),
    /** Earlier volume figures the latest is compared with (their average). */
    history: z.number().int().min(1).max(24),
    /** The share the latest figure is below that average by, at least (0.3 = 30% lower). */
    dropShare: z.number().gt(0).lt(1),
  }),
  overdueRevisit: z.object({
    enabled: z.boolean().default(true),
    /** Hours after a revisit's due time before it raises the warning. */
    graceHours: z
      .number()
      .min(0)
      .max(24 * 30),
  }),
  gradeABreach: z.object({ enabled: z.boolean().default(true) }),
});
export type EarlyWarningPolicy = z.infer<typeof earlyWarningPolicySchema>;
export type EarlyWarningPolicyInput = z.input<typeof earlyWarningPolicySchema>;

/** Two complaints in 30 days; three revisits falling; volume 30% below the last 3 figures; a revisit overdue; grade A with an open breach. */
export const defaultEarlyWarningPolicy: EarlyWarningPolicy = earlyWarningPolicySchema.parse({
  repeatComplaints: { count: 2, withinDays: 30 },
  fallingSatisfaction: { revisits: 3 },
  volumeDrop: { history: 3, dropShare: 0.3 },
  overdueRevisit: { graceHours: 0 },
  gradeABreach: {},
});
