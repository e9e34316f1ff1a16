import { KefuError } from '@kefu/runtime';

/** No customer has this id. */
export class CustomerNotFound extends KefuError {
  constructor(readonly customerId: string) {
    super('CUSTOMER_NOT_FOUND', `No customer with id "${customerId}"`, { customerId });
  }
}

/** The customer was erased: its personal data is unreadable and nothing more is recorded about it. */
export class CustomerErased extends KefuError {
  constructor(readonly customerId: string) {
    super('CUSTOMER_ERASED', `Customer "${customerId}" was erased`, { customerId });
  }
}

/** The role may not do this to a customer record (e.g. erasure is for director and manager). Nothing was written. */
export class CustomerActionForbidden extends KefuError {
  constructor(
    readonly action: string,
    readonly role: string,
    readonly allowed: readonly string[],
  ) {
    super('FORBIDDEN', `"${action}" on a customer is for ${allowed.join(' or ')}, not ${role}`, {
      action,
      role,
      allowed,
    });
  }
}
