import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScriptItem, type ScriptItem } from '../rubric/script-item.js';
import { gradeItem, parseItem } from './grade-item.js';
import { InvalidItem, InvalidResponse } from './scoring-input-error.js';

const greeting: ScriptItem = {
  id: 'greeting',
  type: 'script',
  prompt: '客户先打招呼,你怎么回应?',
  modelAnswer: '您好,请问有什么可以帮助您?',
  rubric: {
    concepts: [
      { id: 'hello', label: '问候"您好"', phrases: ['您好'] },
      { id: 'offer', label: '询问需要什么帮助', phrases: ['有什么{可以|能}{帮|帮助}您'] },
    ],
    forbidden: [{ id: 'wei', label: '说"喂"', phrases: ['喂'] }],
  },
};

describe('gradeItem', () => {
  it('delegates to the choice grader when the item is single-choice', () => {
    const grade = gradeItem(
      {
        id: 'q',
        type: 'single-choice',
        prompt: 'p',
        options: [
          { id: 'a', text: 'A' },
          { id: 'b', text: 'B' },
        ],
        answer: 'b',
      },
      { type: 'single-choice', choice: 'b' },
    );
    expect(grade).toMatchObject({ itemId: 'q', itemType: 'single-choice', score: 1, passed: true });
  });

  it('delegates to the rubric matcher and explains each concept when the item is a script answer', () => {
    const grade = gradeItem(greeting, { type: 'script', answer: '您好,请问有什么可以帮您?' });
    expect(grade).toMatchObject({ itemType: 'script', score: 1, state: 'correct', passed: true });
    expect(grade.marks.map((mark) => mark.subject)).toEqual(['hello', 'offer']);
    expect(grade.marks[0]?.explanation).toContain('您好');
    expect(grade.script.hits).toHaveLength(2);
  });

  it('quotes the violation and fails when a script answer says a forbidden word', () => {
    const grade = gradeItem(greeting, { type: 'script', answer: '喂,说吧,有什么可以帮您' });
    expect(grade.passed).toBe(false);
    expect(grade.score).toBe(0);
    expect(grade.marks.find((mark) => mark.subject === 'wei')?.explanation).toContain('喂');
    expect(grade.marks.find((mark) => mark.subject === 'hello')).toMatchObject({ awarded: 0, available: 1 });
  });

  it('accepts a compiled script item when the caller compiled it once', () => {
    const compiled = compileScriptItem(greeting);
    expect(gradeItem(compiled, { type: 'script', answer: '您好,有什么能帮助您' }).score).toBe(1);
  });

  it('throws InvalidResponse when the response type does not fit the item', () => {
    expect(() => gradeItem(greeting, { type: 'single-choice', choice: 'a' })).toThrow(InvalidResponse);
    expect(() => gradeItem(greeting, { type: 'script' } as never)).toThrow(InvalidResponse);
  });

  it('throws InvalidItem when the item type is unknown, the rubric is malformed or the model answer fails', () => {
    expect(() => gradeItem({ id: 'x', type: 'essay' } as never, { type: 'script', answer: '' })).toThrow(
      InvalidItem,
    );
    expect(() => gradeItem(null as never, { type: 'script', answer: '' })).toThrow(InvalidItem);
    expect(() =>
      gradeItem({ ...greeting, rubric: { concepts: [] } }, { type: 'script', answer: '' }),
    ).toThrow(InvalidItem);
    expect(() => gradeItem({ ...greeting, modelAnswer: '喂' }, { type: 'script', answer: '' })).toThrow(
      /modelAnswer/,
    );
  });

  it('keeps script scores in [0, 1] and never throws when the answer is any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (answer) => {
        const grade = gradeItem(greeting, { type: 'script', answer });
        expect(grade.score).toBeGreaterThanOrEqual(0);
        expect(grade.score).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseItem', () => {
  it('validates every item type when authored items are mixed', () => {
    const script = parseItem(greeting);
    expect(script.type === 'script' && script.compiled.concepts).toHaveLength(2);
    expect(
      parseItem({
        id: 'o',
        type: 'ordering',
        prompt: 'p',
        options: [
          { id: 'a', text: 'A' },
          { id: 'b', text: 'B' },
        ],
      }),
    ).toMatchObject({
      grading: 'absolute-position',
    });
  });

  it('throws InvalidItem with the rubric path when a script rubric is malformed', () => {
    expect(() =>
      parseItem({ ...greeting, rubric: { concepts: [{ id: 'Bad Id', phrases: ['x'] }] } }),
    ).toThrow(/rubric\.concepts\.0\.id/);
  });
});
