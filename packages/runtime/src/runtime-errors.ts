/** Every error the runtime throws on purpose has a stable `code`; callers (GraphQL, CLI) map it. */
export class KefuError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class WorkflowNotFound extends KefuError {
  constructor(readonly workflowId: string) {
    super('WORKFLOW_NOT_FOUND', `No workflow with id "${workflowId}"`, { workflowId });
  }
}

export class UnknownWorkflowKind extends KefuError {
  constructor(
    readonly kind: string,
    readonly known: string[],
  ) {
    super('UNKNOWN_WORKFLOW_KIND', `Unknown workflow kind "${kind}" (known: ${known.join(', ')})`, {
      kind,
      known,
    });
  }
}

export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `report.facts`. */
  path: string;
  message: string;
}

/** An event or input that does not have the shape its schema asks for. Nothing was written. */
export class InvalidPayload extends KefuError {
  constructor(
    readonly what: 'event' | 'input',
    readonly issues: ValidationIssue[],
  ) {
    super(
      what === 'event' ? 'INVALID_EVENT' : 'INVALID_INPUT',
      `Invalid ${what}: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`,
      { issues },
    );
  }
}

/** The workflow's current state does not accept the event (wrong state, wrong role, failed guard). Nothing was written. */
export class EventNotAccepted extends KefuError {
  constructor(
    readonly workflowId: string,
    readonly state: string,
    readonly eventType: string,
    readonly accepted: string[],
    readonly reason?: string,
  ) {
    // The state may handle the event and still refuse it now (a guard: quiet hours, nothing to resume …):
    // then the message says so instead of listing the refused event among the accepted ones.
    const handled = accepted.includes(eventType);
    const others = accepted.filter((type) => type !== eventType);
    super(
      'EVENT_NOT_ACCEPTED',
      (handled
        ? `Workflow "${workflowId}" in state "${state}" cannot take "${eventType}" now`
        : `Workflow "${workflowId}" in state "${state}" does not accept "${eventType}"`) +
        (reason ? `: ${reason}` : '') +
        ` (${handled ? 'other events it handles' : 'accepted now'}: ${others.length ? others.join(', ') : 'none'})`,
      { workflowId, state, eventType, accepted, ...(reason ? { reason } : {}) },
    );
  }
}

/** The optimistic version check kept failing: too many writers on one workflow at once. */
export class VersionConflict extends KefuError {
  constructor(
    readonly workflowId: string,
    readonly attempts: number,
  ) {
    super(
      'VERSION_CONFLICT',
      `Workflow "${workflowId}" changed under ${attempts} attempts in a row; try again`,
      {
        workflowId,
        attempts,
      },
    );
  }
}

/** The stored snapshot cannot be restored with the machine this process has. Other workflows are unaffected. */
export class SnapshotNotRestorable extends KefuError {
  constructor(
    readonly workflowId: string,
    reason: string,
  ) {
    super('SNAPSHOT_NOT_RESTORABLE', `Workflow "${workflowId}" cannot be restored: ${reason}`, {
      workflowId,
      reason,
    });
  }
}

/** The event's type is not one this kind of workflow knows at all (in any state). Nothing was written. */
export class UnknownEventType extends KefuError {
  constructor(
    readonly workflowId: string,
    readonly eventType: string,
    readonly known: string[],
  ) {
    super(
      'UNKNOWN_EVENT_TYPE',
      `Workflow "${workflowId}" has no event "${eventType}" (known: ${known.join(', ')})`,
      { workflowId, eventType, known },
    );
  }
}

/** The serialized event or input is larger than the runtime accepts. Nothing was written. */
export class PayloadTooLarge extends KefuError {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super('PAYLOAD_TOO_LARGE', `Payload is ${bytes} bytes; the limit is ${limit}`, { bytes, limit });
  }
}

/**
 * An idempotency key already used on this workflow for a different request (another event type, sender or
 * fields). Nothing was written; the first request's result is not returned as this one's.
 */
export class IdempotencyKeyConflict extends KefuError {
  constructor(
    readonly workflowId: string,
    readonly idempotencyKey: string,
    readonly firstEventType: string,
    readonly eventType: string,
  ) {
    super(
      'IDEMPOTENCY_KEY_CONFLICT',
      `Idempotency key "${idempotencyKey}" was already used on workflow "${workflowId}" for a different request ("${firstEventType}"); use a new key for "${eventType}"`,
      { workflowId, idempotencyKey, firstEventType, eventType },
    );
  }
}
