import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeOrdering, scoreOrdering } from './grade-ordering.js';
import type { OrderingGradingMode } from './item-schemas.js';
import { InvalidItem, InvalidResponse } from './scoring-input-error.js';

// Moodle's own worked example (qtype_ordering tests): put "Modular Object Oriented Dynamic
// Learning Environment" in order. Expected fractions are Moodle's.
const correct = ['Modular', 'Object', 'Oriented', 'Dynamic', 'Learning', 'Environment'];
const reversed = ['Environment', 'Learning', 'Dynamic', 'Oriented', 'Object', 'Modular'];
const endsSwapped = ['Environment', 'Object', 'Oriented', 'Dynamic', 'Learning', 'Modular'];
const orientedFirst = ['Oriented', 'Object', 'Dynamic', 'Learning', 'Environment', 'Modular'];
const modularLast = ['Object', 'Oriented', 'Dynamic', 'Learning', 'Environment', 'Modular'];

const item = (grading: OrderingGradingMode) => ({
  id: 'moodle',
  type: 'ordering' as const,
  prompt: 'Put the words of MOODLE in order',
  options: correct.map((id) => ({ id, text: id })),
  grading,
});

const score = (grading: OrderingGradingMode, order: string[]) =>
  gradeOrdering(item(grading), { type: 'ordering', order }).score;

describe('ordering grading modes (Moodle worked examples)', () => {
  it('scores 1 in every mode when the order is correct', () => {
    for (const mode of [
      'all-or-nothing',
      'absolute-position',
      'relative-to-correct',
      'relative-next-exclude-last',
      'relative-next-include-last',
      'relative-one-previous-and-next',
      'relative-all-previous-and-next',
      'longest-ordered-subset',
      'longest-contiguous-subset',
    ] as const) {
      expect(score(mode, correct), mode).toBe(1);
    }
  });

  it('scores 0 when all-or-nothing and any item is out of place', () => {
    expect(score('all-or-nothing', reversed)).toBe(0);
    expect(score('all-or-nothing', orientedFirst)).toBe(0);
  });

  it('counts items in their absolute position when absolute-position', () => {
    expect(score('absolute-position', reversed)).toBe(0);
    expect(score('absolute-position', endsSwapped)).toBeCloseTo(4 / 6, 12);
    expect(score('absolute-position', orientedFirst)).toBeCloseTo(1 / 6, 12);
  });

  it('counts correct successors, last excluded, when relative-next-exclude-last', () => {
    expect(score('relative-next-exclude-last', reversed)).toBe(0);
    expect(score('relative-next-exclude-last', endsSwapped)).toBeCloseTo(0.6, 12);
    expect(score('relative-next-exclude-last', orientedFirst)).toBeCloseTo(0.4, 12);
  });

  it('also checks the last item when relative-next-include-last', () => {
    expect(score('relative-next-include-last', reversed)).toBe(0);
    expect(score('relative-next-include-last', endsSwapped)).toBeCloseTo(0.5, 12);
  });

  it('checks each neighbour when relative-one-previous-and-next', () => {
    expect(score('relative-one-previous-and-next', reversed)).toBe(0);
    // 4 of 12 neighbour checks hold: Dynamic→Learning, Learning's both sides, Environment after Learning.
    expect(score('relative-one-previous-and-next', orientedFirst)).toBeCloseTo(4 / 12, 12);
  });

  it('checks every pair when relative-all-previous-and-next', () => {
    expect(score('relative-all-previous-and-next', reversed)).toBe(0);
    expect(score('relative-all-previous-and-next', orientedFirst)).toBeCloseTo(0.6, 12);
    expect(score('relative-all-previous-and-next', modularLast)).toBeCloseTo(20 / 30, 12);
  });

  it('is generous when relative-to-correct, even reversed', () => {
    expect(score('relative-to-correct', reversed)).toBeCloseTo(0.4, 12);
    expect(score('relative-to-correct', modularLast)).toBeCloseTo(20 / 30, 12);
  });

  it('counts the longest ordered subset, single items ignored, when longest-ordered-subset', () => {
    expect(score('longest-ordered-subset', reversed)).toBe(0);
    expect(score('longest-ordered-subset', modularLast)).toBeCloseTo(5 / 6, 12);
    // Gaps allowed: Object, Dynamic, Learning, Environment (4 of 6) is in order in orientedFirst.
    expect(score('longest-ordered-subset', orientedFirst)).toBeCloseTo(4 / 6, 12);
  });

  it('counts only adjacent runs when longest-contiguous-subset', () => {
    expect(score('longest-contiguous-subset', reversed)).toBe(0);
    expect(score('longest-contiguous-subset', modularLast)).toBeCloseTo(5 / 6, 12);
    // Dynamic, Learning, Environment is the longest run that is adjacent in both orders.
    expect(score('longest-contiguous-subset', orientedFirst)).toBeCloseTo(3 / 6, 12);
    // A, C, B, D: ordered subset A-C-D or A-B-D (3 of 4); no two neighbours are also neighbours in the answer except none → 0.
    expect(
      scoreOrdering('longest-contiguous-subset', ['a', 'b', 'c', 'd'], ['a', 'c', 'b', 'd']).earned,
    ).toBe(0);
    expect(scoreOrdering('longest-ordered-subset', ['a', 'b', 'c', 'd'], ['a', 'c', 'b', 'd']).earned).toBe(
      3,
    );
  });
});

describe('gradeOrdering', () => {
  it('explains each item when absolute-position', () => {
    const grade = gradeOrdering(item('absolute-position'), { type: 'ordering', order: endsSwapped });
    expect(grade.state).toBe('partial');
    expect(grade.passed).toBe(false);
    expect(grade.marks).toHaveLength(6);
    expect(grade.marks[0]).toMatchObject({ subject: 'Environment', awarded: 0, available: 1 });
    expect(grade.marks[0]?.explanation).toContain('第 6 位');
    expect(grade.marks[1]).toMatchObject({ subject: 'Object', awarded: 1, available: 1 });
    expect(grade.feedback[0]).toBe(`正确顺序:${correct.join(' → ')}`);
  });

  it('uses answer as the correct order when the options are listed shuffled', () => {
    const grade = gradeOrdering(
      {
        id: 'steps',
        type: 'ordering',
        prompt: '客诉办理步骤',
        options: [
          { id: 'decide', text: '决定处理方案' },
          { id: 'record', text: '反馈并记录' },
          { id: 'receive', text: '接到客诉' },
        ],
        answer: ['receive', 'record', 'decide'],
      },
      { type: 'ordering', order: ['receive', 'record', 'decide'] },
    );
    expect(grade.score).toBe(1);
    expect(grade.passed).toBe(true);
  });

  it('throws InvalidResponse when an option is left out, repeated or unknown', () => {
    const bad = [
      ['Modular', 'Object', 'Oriented', 'Dynamic', 'Learning'],
      ['Modular', 'Modular', 'Oriented', 'Dynamic', 'Learning', 'Environment'],
      ['Modular', 'Object', 'Oriented', 'Dynamic', 'Learning', 'Environment', 'Extra'],
    ];
    for (const order of bad) {
      expect(() => gradeOrdering(item('absolute-position'), { type: 'ordering', order })).toThrow(
        InvalidResponse,
      );
    }
  });

  it('throws InvalidItem naming the field when the answer leaves out an option', () => {
    const invalid = { ...item('absolute-position'), answer: ['Modular', 'Object'] };
    expect(() => gradeOrdering(invalid, { type: 'ordering', order: correct })).toThrow(
      /answer: answer leaves out option "Oriented"/,
    );
    expect(() =>
      gradeOrdering(
        { ...item('absolute-position'), grading: 'sideways' as never },
        { type: 'ordering', order: correct },
      ),
    ).toThrow(InvalidItem);
  });
});

describe('ordering properties', () => {
  const modes = [
    'all-or-nothing',
    'absolute-position',
    'relative-to-correct',
    'relative-next-exclude-last',
    'relative-next-include-last',
    'relative-one-previous-and-next',
    'relative-all-previous-and-next',
    'longest-ordered-subset',
    'longest-contiguous-subset',
  ] as const;

  it('keeps every mode in [0, 1], 1 only for the correct order, when the answer is any permutation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.shuffledSubarray(
              Array.from({ length: n }, (_, i) => `o${i}`),
              { minLength: n, maxLength: n },
            ),
          ),
        ),
        fc.constantFrom(...modes),
        ([n, order], mode) => {
          const options = Array.from({ length: n }, (_, i) => ({ id: `o${i}`, text: `o${i}` }));
          const grade = gradeOrdering(
            { id: 'p', type: 'ordering', prompt: 'p', options, grading: mode },
            { type: 'ordering', order },
          );
          expect(grade.score).toBeGreaterThanOrEqual(0);
          expect(grade.score).toBeLessThanOrEqual(1);
          const isCorrect = order.every((id, index) => id === `o${index}`);
          if (isCorrect) expect(grade.score).toBe(1);
          else expect(grade.score).toBeLessThan(1);
        },
      ),
    );
  });
});
