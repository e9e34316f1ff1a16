import { describe, expect, it } from 'vitest';
import { toItemResponse, UnreadableAnswer } from './parse-answer.js';

const choice = { id: 'c', type: 'single-choice', options: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] };
const many = { ...choice, type: 'multiple-choice' };
const ordering = {
  id: 'o',
  type: 'ordering',
  options: [{ id: 'receive' }, { id: 'record' }, { id: 'handle' }],
};
const matching = {
  id: 'm',
  type: 'matching',
  stems: [{ id: 'receive' }, { id: 'decide' }],
  choices: [{ id: 'agent' }, { id: 'director' }],
};

describe('toItemResponse', () => {
  it('reads letters and ids when a choice is answered', () => {
    expect(toItemResponse(choice, 'B')).toEqual({ type: 'single-choice', choice: 'b' });
    expect(toItemResponse(choice, 'c')).toEqual({ type: 'single-choice', choice: 'c' });
    expect(toItemResponse(choice, '')).toEqual({ type: 'single-choice', choice: null });
    expect(toItemResponse(many, 'A, C')).toEqual({ type: 'multiple-choice', choices: ['a', 'c'] });
    expect(toItemResponse(many, ['b'])).toEqual({ type: 'multiple-choice', choices: ['b'] });
  });

  it('reads numbers against the shuffled display when an ordering is answered at the terminal', () => {
    const display = { options: [{ id: 'handle' }, { id: 'receive' }, { id: 'record' }] };
    expect(toItemResponse(ordering, '2 3 1', display)).toEqual({
      type: 'ordering',
      order: ['receive', 'record', 'handle'],
    });
    expect(toItemResponse(ordering, ['receive', 'record', 'handle'])).toEqual({
      type: 'ordering',
      order: ['receive', 'record', 'handle'],
    });
  });

  it('reads positional letters, numbered pairs and id pairs when a matching item is answered', () => {
    const expected = { type: 'matching', pairs: { receive: 'agent', decide: 'director' } };
    expect(toItemResponse(matching, 'A B')).toEqual(expected);
    expect(toItemResponse(matching, '2B 1A')).toEqual(expected);
    expect(toItemResponse(matching, 'receive=agent decide=director')).toEqual(expected);
    expect(toItemResponse(matching, { receive: 'agent', decide: 'director' })).toEqual(expected);
  });

  it('passes a full response object through when the answer already has a type', () => {
    expect(toItemResponse(choice, { type: 'single-choice', choice: 'a' })).toEqual({
      type: 'single-choice',
      choice: 'a',
    });
  });

  it('throws UnreadableAnswer when the answer names nothing shown', () => {
    expect(() => toItemResponse(choice, 'A B')).toThrow(UnreadableAnswer);
    expect(() => toItemResponse(choice, 'Z')).toThrow('"Z" is not one of the letters shown');
    expect(() => toItemResponse(ordering, '1 2 9')).toThrow(UnreadableAnswer);
    expect(() => toItemResponse({ id: 's', type: 'script' }, 42)).toThrow('a script answer must be a string');
  });
});
