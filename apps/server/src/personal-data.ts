import { isCiphertext, type WorkflowRecord } from '@kefu/runtime';
import { personalDataRoles } from './authorization.js';
import type { KefuContext } from './context.js';

/** `王伟` → `王*`; keeps the surname a caller is greeted by. */
export function maskName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length <= 1) return '*';
  return characters[0] + '*'.repeat(characters.length - 1);
}

/** `13800001234` → `138****1234`. */
export function maskPhone(phone: string): string {
  const digits = [...phone];
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const keepHead = digits.length >= 11 ? 3 : 0;
  return (
    digits.slice(0, keepHead).join('') + '*'.repeat(digits.length - keepHead - 4) + digits.slice(-4).join('')
  );
}

/** What an erased customer's name or phone reads as. */
export const erasedValue = '(erased)';

const workflowOf = Symbol('kefu.workflowId');

/** A customer as a GraphQL parent: carries the workflow it belongs to so reads can be logged against it. */
export type CustomerParent<T> = T & { [workflowOf]?: string };

/**
 * The complaint's customer, tagged with the workflow id for the access log. Use as the `customer` resolver.
 * `kept` names fields the record also holds in read-model columns: those are read without opening the context,
 * which is opened (decrypted) only when another field is read.
 */
export function customerOf<T extends object>(
  record: WorkflowRecord,
  kept: Partial<T> = {},
): CustomerParent<T> {
  let customer: T | undefined;
  const opened = () => (customer ??= (record.context.customer ?? {}) as T);
  return new Proxy({} as CustomerParent<T>, {
    get: (_target, key) => {
      if (key === workflowOf) return record.id;
      // GraphQL asks every parent whether it is a promise: a customer is not.
      if (key === 'then') return undefined;
      const known = (kept as Record<PropertyKey, unknown>)[key];
      return known === undefined ? (opened() as Record<PropertyKey, unknown>)[key] : known;
    },
  });
}

/**
 * A resolver for a personal-data field of a customer (`name`, `phone`): unmasked for the roles that need it
 * (agent, supervisor, manager), each such read written to `access_log` first; masked for everyone else.
 */
export function resolvePersonalData<F extends 'name' | 'phone'>(field: F) {
  return async (
    customer: { name?: string | null; phone?: string | null } & { [workflowOf]?: string },
    _args: unknown,
    context: KefuContext,
  ): Promise<F extends 'name' ? string : string | null> => {
    const value = customer[field] ?? null;
    if (value === null) return null as never;
    // Personal data whose customer was erased (crypto-shredded) stays sealed: nobody can read it.
    if (isCiphertext(value)) return erasedValue as never;
    const actor = context.actor;
    if (actor && personalDataRoles.includes(actor.role)) {
      await context.accessLog.record({
        workflowId: customer[workflowOf] ?? 'unknown',
        field: `customer.${field}`,
      });
      return value as never;
    }
    return (field === 'name' ? maskName(value) : maskPhone(value)) as never;
  };
}

/** A personal-data value masked by its field: phones keep their head and last four digits, the rest their first character. */
export function maskPersonalValue(path: string, value: string): string {
  return path.endsWith('phone') ? maskPhone(value) : maskName(value);
}

/**
 * An event's payload with its personal data (the workflow definition's `personalData` paths, e.g.
 * `customer.phone`) shown by the same rules as `Customer`: unmasked for the roles that need it, each such read
 * written to `access_log` as `history.<path>` first; masked for everyone else.
 */
export async function revealPayload(
  payload: Record<string, unknown>,
  paths: readonly string[],
  workflowId: string,
  context: KefuContext,
): Promise<Record<string, unknown>> {
  const actor = context.actor;
  const reveal = actor !== null && personalDataRoles.includes(actor.role);
  let copy: Record<string, unknown> | undefined;
  for (const path of paths) {
    const keys = path.split('.');
    const value = keys.reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      payload,
    );
    if (typeof value !== 'string') continue;
    const erased = isCiphertext(value);
    if (reveal && !erased) {
      await context.accessLog.record({ workflowId, field: `history.${path}` });
      continue;
    }
    copy ??= structuredClone(payload);
    let node = copy;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[keys.at(-1)!] = erased ? erasedValue : maskPersonalValue(path, value);
  }
  return copy ?? payload;
}
