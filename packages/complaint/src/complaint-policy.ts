import type { Duration } from '@kefu/sla';

/** Time limits of the complaint procedure (seed 001, "运作时效"). */
export interface ComplaintPolicy {
  /** Step 2: feed back and record the event, within 10 minutes of receipt. */
  record: Duration;
}

export const defaultComplaintPolicy: ComplaintPolicy = {
  record: { minutes: 10 },
};
