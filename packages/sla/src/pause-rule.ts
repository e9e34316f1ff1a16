/**
 * Who may pause a clock, and for which reasons: policy data. A clock without a rule (or with no roles or
 * no reasons in it) cannot be paused at all, so a time limit cannot be dodged by pausing it.
 */
export interface PauseRule {
  /** Roles that may pause the clock, e.g. `['supervisor', 'manager']`. */
  roles: readonly string[];
  /** Reasons a pause may give, e.g. `['awaitingCustomer']`. */
  reasons: readonly string[];
}

/** A request to pause a clock: which clock, who asks (their id and role) and why. */
export interface PauseRequest {
  clock: string;
  /** The id of whoever pauses the clock. */
  by: string;
  role: string;
  reason: string;
}

const blank = (value: string | undefined) => value === undefined || value.trim() === '';

/** `a`, `a or b`, `a, b or c`. */
const either = (items: readonly string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? '');

/**
 * Why a pause is refused, in words a caller can act on; `undefined` when `rule` allows it. Every pause
 * must name its reason and its actor; then the clock needs a rule, the role must be one of its roles and
 * the reason one of its reasons.
 */
export function pauseRefusal(rule: PauseRule | undefined, request: PauseRequest): string | undefined {
  const { clock, by, role, reason } = request;
  if (blank(reason)) return `a pause of the ${clock} clock must name its reason`;
  if (blank(by) || blank(role)) return `a pause of the ${clock} clock must name who pauses it`;
  if (!rule || rule.roles.length === 0 || rule.reasons.length === 0) {
    return `the ${clock} clock cannot be paused`;
  }
  if (!rule.roles.includes(role)) {
    return `the ${clock} clock may be paused by ${either(rule.roles)}, not ${role}`;
  }
  if (!rule.reasons.includes(reason)) {
    return `the ${clock} clock may be paused for ${either(rule.reasons)}, not ${reason}`;
  }
  return undefined;
}
