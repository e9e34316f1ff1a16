import { describe, expect, it } from 'vitest';
import { type PauseRule, pauseRefusal } from './index.js';

const handleRule: PauseRule = {
  roles: ['supervisor', 'manager'],
  reasons: ['awaitingCustomer', 'awaitingGoods'],
};
const request = { clock: 'handle', by: 'zhang.wei', role: 'supervisor', reason: 'awaitingCustomer' };

describe('pauseRefusal', () => {
  it('allows the pause when the role and the reason are in the rule', () => {
    expect(pauseRefusal(handleRule, request)).toBeUndefined();
  });

  it('refuses any pause when the clock has no rule', () => {
    expect(pauseRefusal(undefined, { ...request, clock: 'record' })).toBe(
      'the record clock cannot be paused',
    );
  });

  it('refuses any pause when the rule names no role', () => {
    expect(pauseRefusal({ roles: [], reasons: ['awaitingCustomer'] }, request)).toBe(
      'the handle clock cannot be paused',
    );
  });

  it('names the roles that may pause when another role asks', () => {
    expect(pauseRefusal(handleRule, { ...request, role: 'agent' })).toBe(
      'the handle clock may be paused by supervisor or manager, not agent',
    );
  });

  it('names the reasons allowed when the pause gives another reason', () => {
    expect(pauseRefusal(handleRule, { ...request, reason: 'customerRequest' })).toBe(
      'the handle clock may be paused for awaitingCustomer or awaitingGoods, not customerRequest',
    );
  });

  it('refuses the pause when it names no reason, even though a rule exists', () => {
    expect(pauseRefusal(handleRule, { ...request, reason: ' ' })).toBe(
      'a pause of the handle clock must name its reason',
    );
  });

  it('refuses the pause when it names no actor, even though a rule exists', () => {
    expect(pauseRefusal(handleRule, { ...request, by: '' })).toBe(
      'a pause of the handle clock must name who pauses it',
    );
  });
});
