import { KefuError } from '@kefu/runtime';

/** No training attempt has this id. */
export class AttemptNotFound extends KefuError {
  constructor(readonly attemptId: string) {
    super('ATTEMPT_NOT_FOUND', `No training attempt with id "${attemptId}"`, { attemptId });
  }
}

/** The attempt is finished: it takes no more responses and cannot be finished twice. Nothing was written. */
export class AttemptFinished extends KefuError {
  constructor(readonly attemptId: string) {
    super('ATTEMPT_FINISHED', `Training attempt "${attemptId}" is already finished`, { attemptId });
  }
}
