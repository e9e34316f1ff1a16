import { KefuError } from '@kefu/runtime';

/** No webhook endpoint has this id. Nothing was written. */
export class EndpointNotFound extends KefuError {
  constructor(readonly endpointId: string) {
    super('ENDPOINT_NOT_FOUND', `No webhook endpoint with id "${endpointId}"`, { endpointId });
  }
}

/** No notification rule has this id. Nothing was written. */
export class RuleNotFound extends KefuError {
  constructor(readonly ruleId: string) {
    super('RULE_NOT_FOUND', `No notification rule with id "${ruleId}"`, { ruleId });
  }
}

/** No notification message has this id. Nothing was written. */
export class MessageNotFound extends KefuError {
  constructor(readonly messageId: string) {
    super('MESSAGE_NOT_FOUND', `No notification message with id "${messageId}"`, { messageId });
  }
}
