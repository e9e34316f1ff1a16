import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeMatching } from './grade-matching.js';
import { gradeMultipleChoice } from './grade-multiple-choice.js';
import { gradeSingleChoice } from './grade-single-choice.js';
import { parseObjectiveItem } from './parse-objective-item.js';
import { InvalidItem, InvalidResponse } from './scoring-input-error.js';

const opening = {
  id: 'opening',
  type: 'single-choice' as const,
  prompt: '来电接通后第一句话应该说什么?',
  options: [
    { id: 'a', text: '您好,欢迎致电客户服务热线,请问有什么可以帮助您!' },
    { id: 'b', text: '喂,说话呀!', feedback: '这是禁语。' },
    { id: 'c', text: '喂,说吧!' },
  ],
  answer: 'a',
};

describe('gradeSingleChoice', () => {
  it('scores 1 and passes when the correct option is picked', () => {
    const grade = gradeSingleChoice(opening, { type: 'single-choice', choice: 'a' });
    expect(grade).toMatchObject({ score: 1, state: 'correct', passed: true });
    expect(grade.marks).toEqual([{ subject: 'a', awarded: 1, available: 1, explanation: '选对了 a +1' }]);
  });

  it('scores 0 and shows the option feedback and the answer when a wrong option is picked', () => {
    const grade = gradeSingleChoice(opening, { type: 'single-choice', choice: 'b' });
    expect(grade).toMatchObject({ score: 0, state: 'incorrect', passed: false });
    expect(grade.feedback).toEqual(['这是禁语。', `正确答案:a. ${opening.options[0]?.text}`]);
  });

  it('scores 0 when unanswered', () => {
    expect(gradeSingleChoice(opening, { type: 'single-choice', choice: null }).score).toBe(0);
  });

  it('throws InvalidResponse when the choice is not an option', () => {
    expect(() => gradeSingleChoice(opening, { type: 'single-choice', choice: 'z' })).toThrow(InvalidResponse);
  });
});

// Moodle-style partial credit: 2 correct of 5 → +1/2 each; 3 wrong → −1/3 each.
const politeWords = {
  id: 'polite-words',
  type: 'multiple-choice' as const,
  prompt: '哪些是规范的礼貌用语?',
  options: [
    { id: 'a', text: '您好' },
    { id: 'b', text: '请问' },
    { id: 'c', text: '喂' },
    { id: 'd', text: '说吧' },
    { id: 'e', text: '大声点' },
  ],
  answer: ['a', 'b'],
};
const pick = (...choices: string[]) => gradeMultipleChoice(politeWords, { type: 'multiple-choice', choices });

describe('gradeMultipleChoice', () => {
  it('scores 1 when exactly the correct options are picked', () => {
    expect(pick('a', 'b')).toMatchObject({ score: 1, state: 'correct', passed: true });
  });

  it('gives 1/k per correct pick when some are missed', () => {
    const grade = pick('a');
    expect(grade.score).toBeCloseTo(0.5, 12);
    expect(grade.marks.find((mark) => mark.subject === 'b')?.explanation).toBe('漏选了 b');
  });

  it('takes 1/(n−k) per wrong pick and clamps at 0 when wrong options are picked', () => {
    expect(pick('a', 'b', 'c').score).toBeCloseTo(1 - 1 / 3, 12);
    expect(pick('a', 'c').score).toBeCloseTo(0.5 - 1 / 3, 12);
    expect(pick('a', 'b', 'c', 'd', 'e').score).toBe(0);
    expect(pick('c').score).toBe(0);
    const wrong = pick('a', 'c').marks.find((mark) => mark.subject === 'c');
    expect(wrong).toMatchObject({ awarded: -1 / 3, available: 0, explanation: '错选了 c −0.33' });
  });

  it('uses the authored wrongPickPenalty when given', () => {
    const grade = gradeMultipleChoice(
      { ...politeWords, wrongPickPenalty: 0.25 },
      { type: 'multiple-choice', choices: ['a', 'b', 'c'] },
    );
    expect(grade.score).toBeCloseTo(0.75, 12);
  });

  it('scores 0 unless exact when all-or-nothing', () => {
    const strict = { ...politeWords, grading: 'all-or-nothing' as const };
    expect(gradeMultipleChoice(strict, { type: 'multiple-choice', choices: ['a'] }).score).toBe(0);
    expect(gradeMultipleChoice(strict, { type: 'multiple-choice', choices: ['b', 'a'] }).score).toBe(1);
  });

  it('throws InvalidResponse when a choice is repeated or unknown', () => {
    expect(() => pick('a', 'a')).toThrow(/"a" is given twice/);
    expect(() => pick('x')).toThrow(InvalidResponse);
  });
});

const roles = {
  id: 'roles',
  type: 'matching' as const,
  prompt: '把职责和角色配对',
  stems: [
    { id: 'first-owner', text: '客诉第一责任人' },
    { id: 'decides', text: '决定处理方案' },
    { id: 'receives', text: '受理来电' },
  ],
  choices: [
    { id: 'supervisor', text: '客服主管' },
    { id: 'director', text: '营销总监' },
    { id: 'agent', text: '客服专员' },
    { id: 'trainer', text: '培训师' },
  ],
  answer: { 'first-owner': 'supervisor', decides: 'director', receives: 'agent' },
};

describe('gradeMatching', () => {
  it('gives 1/s per correct pair and nothing else when some pairs are wrong or missing', () => {
    const grade = gradeMatching(roles, {
      type: 'matching',
      pairs: { 'first-owner': 'supervisor', decides: 'agent' },
    });
    expect(grade.score).toBeCloseTo(1 / 3, 12);
    expect(grade.marks.map((mark) => mark.explanation)).toEqual([
      'first-owner → supervisor 正确 +0.33',
      'decides 配了 agent,应配 director',
      'receives 未配对,应配 agent',
    ]);
    expect(grade.feedback).toContain('决定处理方案 → 营销总监');
  });

  it('scores 1 when every stem is matched', () => {
    expect(gradeMatching(roles, { type: 'matching', pairs: roles.answer }).passed).toBe(true);
  });

  it('throws InvalidResponse when a pair names an unknown stem or choice', () => {
    expect(() => gradeMatching(roles, { type: 'matching', pairs: { nobody: 'agent' } })).toThrow(
      InvalidResponse,
    );
    expect(() => gradeMatching(roles, { type: 'matching', pairs: { decides: 'ceo' } })).toThrow(
      InvalidResponse,
    );
  });
});

describe('parseObjectiveItem', () => {
  it('fills defaults when an authored item leaves them out', () => {
    const parsed = parseObjectiveItem({ ...politeWords });
    expect(parsed.type === 'multiple-choice' && parsed.grading).toBe('partial');
  });

  it('throws InvalidItem with the path of each bad field when an item is malformed', () => {
    try {
      parseObjectiveItem({
        ...opening,
        answer: 'z',
        options: [...opening.options, { id: 'a', text: 'again' }],
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidItem);
      expect((error as InvalidItem).issues).toEqual([
        { path: 'options.3.id', message: 'duplicate id "a"' },
        { path: 'answer', message: 'answer "z" is not an option id' },
      ]);
    }
    expect(() => parseObjectiveItem({ id: 'x', type: 'essay', prompt: 'p' })).toThrow(InvalidItem);
    expect(() => parseObjectiveItem({ ...roles, answer: { decides: 'director' } })).toThrow(
      /stem "first-owner" has no answer/,
    );
  });
});

describe('strict authored shapes', () => {
  it('refuses a misspelt key when an item is authored with a typo', () => {
    expect(() => parseObjectiveItem({ ...opening, anwser: 'a' })).toThrow(/Unrecognized key: "anwser"/);
  });

  it('says to quote the text when YAML split an option text at a comma', () => {
    // `{ id: a, text: 收到客诉信息,采集异常状况 }` parses as text "收到客诉信息" plus a key "采集异常状况".
    const split = {
      ...opening,
      options: [{ id: 'a', text: '收到客诉信息', 采集异常状况: null }, ...opening.options.slice(1)],
    };
    expect(() => parseObjectiveItem(split)).toThrow(/options\.0: .*put quotes around text that contains ","/);
  });
});

describe('properties', () => {
  const optionIds = ['a', 'b', 'c', 'd', 'e', 'f'];
  it('keeps multiple-choice scores in [0, 1] when any subset is picked from any answer set', () => {
    fc.assert(
      fc.property(
        fc.subarray(optionIds, { minLength: 1 }),
        fc.subarray(optionIds),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        (answer, picked, penalty) => {
          const grade = gradeMultipleChoice(
            {
              id: 'p',
              type: 'multiple-choice',
              prompt: 'p',
              options: optionIds.map((id) => ({ id, text: id })),
              answer,
              ...(penalty === undefined ? {} : { wrongPickPenalty: penalty }),
            },
            { type: 'multiple-choice', choices: picked },
          );
          expect(grade.score).toBeGreaterThanOrEqual(0);
          expect(grade.score).toBeLessThanOrEqual(1);
          const exact = picked.length === answer.length && answer.every((id) => picked.includes(id));
          if (exact) expect(grade.score).toBe(1);
          if (!answer.every((id) => picked.includes(id))) expect(grade.score).toBeLessThan(1);
        },
      ),
    );
  });

  it('keeps matching scores in [0, 1] when any stems are paired with any choices', () => {
    const choiceIds = roles.choices.map((choice) => choice.id);
    fc.assert(
      fc.property(
        fc.record(
          {
            'first-owner': fc.constantFrom(...choiceIds),
            decides: fc.constantFrom(...choiceIds),
            receives: fc.constantFrom(...choiceIds),
          },
          { requiredKeys: [] },
        ),
        (pairs) => {
          const grade = gradeMatching(roles, { type: 'matching', pairs: pairs as Record<string, string> });
          expect(grade.score).toBeGreaterThanOrEqual(0);
          expect(grade.score).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
