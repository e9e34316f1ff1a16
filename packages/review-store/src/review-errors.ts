import { KefuError } from '@kefu/runtime';

/** No review, calibration session or coaching note has this id. */
export class ReviewRecordNotFound extends KefuError {
  constructor(
    readonly what: 'review' | 'calibration session' | 'coaching note',
    readonly id: string,
  ) {
    super('REVIEW_RECORD_NOT_FOUND', `No ${what} with id "${id}"`, { what, id });
  }
}

/**
 * The request breaks a rule of the review process (a closed session, a reviewer outside the session, a score
 * given twice, someone else's coaching note, a note acknowledged twice). Nothing was written.
 */
export class ReviewConflict extends KefuError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('REVIEW_CONFLICT', message, details);
  }
}
