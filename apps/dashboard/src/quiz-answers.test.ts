import { describe, expect, it } from 'vitest';
import {
  answerInput,
  draftComplete,
  dropEntry,
  emptyDraft,
  moveEntry,
  optionLetter,
} from './quiz-answers.js';

describe('ordering moves', () => {
  it('moves a step one place up when Alt+↑ is pressed on it', () => {
    expect(moveEntry(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
  });

  it('leaves the order as it is when the first step is moved up', () => {
    expect(moveEntry(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('puts a dragged step where it is dropped', () => {
    expect(dropEntry(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(dropEntry(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
  });
});

describe('answers sent to the API', () => {
  it('sends only the field the item type takes when a matching item is answered', () => {
    const draft = { ...emptyDraft(), pairs: { record: 'supervisor', decide: 'director' } };
    expect(answerInput('matching', draft)).toEqual({
      pairs: [
        { stem: 'record', choice: 'supervisor' },
        { stem: 'decide', choice: 'director' },
      ],
    });
    expect(answerInput('script', { ...draft, text: '您好' })).toEqual({ text: '您好' });
  });

  it('starts an ordering answer in the order the options are listed', () => {
    expect(emptyDraft([{ id: 'b' }, { id: 'a' }]).order).toEqual(['b', 'a']);
  });

  it('is incomplete until every stem is matched', () => {
    const stems = [{ id: 'record' }, { id: 'decide' }];
    expect(draftComplete('matching', { ...emptyDraft(), pairs: { record: 'supervisor' } }, stems)).toBe(
      false,
    );
    expect(
      draftComplete(
        'matching',
        { ...emptyDraft(), pairs: { record: 'supervisor', decide: 'director' } },
        stems,
      ),
    ).toBe(true);
    expect(draftComplete('script', { ...emptyDraft(), text: '   ' })).toBe(false);
  });

  it('letters options from A when they are listed', () => {
    expect([0, 1, 3].map(optionLetter)).toEqual(['A', 'B', 'D']);
  });
});
