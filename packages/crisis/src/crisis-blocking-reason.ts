import { missingActions } from './crisis-policy.js';
import type { CrisisContext } from './crisis-types.js';

/** Why an action the crisis's state handles cannot be taken now, whatever its payload. */
export interface CrisisBlockingReason {
  /** `noDraftStatement`, `noApprovedStatement` or `levelActionsMissing`. */
  code: 'noDraftStatement' | 'noApprovedStatement' | 'levelActionsMissing';
  /** The reason in English words. */
  message: string;
  /** The actions still missing (`missing`, for `levelActionsMissing`). */
  params: Record<string, string[]>;
}

/**
 * Why `type` cannot be taken now on a crisis in this context: approving needs a draft statement, publishing an
 * approved one, moving on to monitoring the level's required actions. `undefined` when it can (who may send it is
 * the machine's role check, not this). Lets a screen offer approve and publish only once there is a statement, and
 * pick the statement from a list (`statementsFor`).
 */
export function crisisBlockingReason(context: CrisisContext, type: string): CrisisBlockingReason | undefined {
  const withStatus = (status: string) =>
    context.statements.filter((statement) => statement.status === status).map((statement) => statement.id);
  switch (type) {
    case 'crisis.approveStatement': {
      const drafts = withStatus('draft');
      return drafts.length === 0
        ? { code: 'noDraftStatement', message: 'no statement is waiting for approval', params: {} }
        : undefined;
    }
    case 'crisis.publishStatement': {
      const approved = withStatus('approved');
      return approved.length === 0
        ? { code: 'noApprovedStatement', message: 'no approved statement to publish', params: {} }
        : undefined;
    }
    case 'crisis.monitor': {
      const missing = missingActions(context);
      return missing.length > 0
        ? {
            code: 'levelActionsMissing',
            message: `the level's required actions are not all taken (${missing.join(', ')})`,
            params: { missing },
          }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** The statements an action may take: drafts to approve, approved ones to publish (empty for other actions). */
export function statementsFor(context: CrisisContext, type: string): string[] {
  const status =
    type === 'crisis.approveStatement'
      ? 'draft'
      : type === 'crisis.publishStatement'
        ? 'approved'
        : undefined;
  return status
    ? context.statements.filter((statement) => statement.status === status).map((statement) => statement.id)
    : [];
}
