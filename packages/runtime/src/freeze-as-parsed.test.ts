import { describe, expect, it } from 'vitest';
import { freezeAsParsed } from './freeze-as-parsed.js';

const snapshot = <Context>(context: Context) => ({
  status: 'active',
  value: { handling: 'open' },
  output: undefined,
  context,
});

describe('freezeAsParsed', () => {
  it('freezes a snapshot of plain JSON and everything in it, its own undefined fields allowed', () => {
    const given = snapshot({ customer: { name: '王伟' }, notes: ['a', { at: 1 }], flag: true, none: null });
    expect(freezeAsParsed(given)).toBe(true);
    expect(Object.isFrozen(given)).toBe(true);
    expect(Object.isFrozen(given.value)).toBe(true);
    expect(Object.isFrozen(given.context.customer)).toBe(true);
    expect(Object.isFrozen(given.context.notes)).toBe(true);
    expect(Object.isFrozen(given.context.notes[1])).toBe(true);
  });

  it('freezes a snapshot that shares a frozen part with one it froze before', () => {
    const first = snapshot({ customer: { name: '王伟' }, notes: [] });
    freezeAsParsed(first);
    const next = snapshot({ ...first.context, notes: ['回电'] });
    expect(freezeAsParsed(next)).toBe(true);
    expect(Object.isFrozen(next.context.notes)).toBe(true);
    expect(next.context.customer).toBe(first.context.customer);
  });

  it.each([
    ['a Date', new Date(0)],
    ['undefined inside the context', undefined],
    ['a hole in an array', new Array(3)],
    ['a non-finite number', Number.NaN],
    ['minus zero', -0],
    ['a class instance', new Map()],
    ['a function', () => 1],
  ])('refuses a snapshot holding %s and freezes nothing of it', (_, odd) => {
    const given = snapshot({ customer: { name: '王伟' }, odd });
    expect(freezeAsParsed(given)).toBe(false);
    expect(Object.isFrozen(given)).toBe(false);
    expect(Object.isFrozen(given.context)).toBe(false);
    expect(Object.isFrozen(given.context.customer)).toBe(false);
  });
});
