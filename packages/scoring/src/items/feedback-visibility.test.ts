import { describe, expect, it } from 'vitest';
import { feedbackVisibility, visibleGrade } from './feedback-visibility.js';
import { gradeItem } from './grade-item.js';
import { gradeMatching } from './grade-matching.js';
import { gradeMultipleChoice } from './grade-multiple-choice.js';
import { gradeOrdering } from './grade-ordering.js';
import { gradeSingleChoice } from './grade-single-choice.js';

const opening = {
  id: 'opening',
  type: 'single-choice' as const,
  prompt: '来电接通后第一句话应该说什么?',
  options: [
    { id: 'a', text: '您好,请问有什么可以帮助您!' },
    { id: 'b', text: '喂,说话呀!', feedback: '这是禁语。' },
  ],
  answer: 'a',
  explanation: '开口先说"您好"。',
};

describe('feedbackVisibility', () => {
  it('offers another try and keeps the right answer back when a wrong try leaves tries', () => {
    expect(feedbackVisibility({ tryNumber: 1, maxTries: 3, passed: false })).toEqual({
      final: false,
      tryAgain: true,
      triesLeft: 2,
      responseFeedback: true,
      rightAnswer: false,
    });
  });

  it('shows the right answer when the last allowed try is wrong', () => {
    expect(feedbackVisibility({ tryNumber: 3, maxTries: 3, passed: false })).toMatchObject({
      final: true,
      tryAgain: false,
      triesLeft: 0,
      rightAnswer: true,
    });
  });

  it('shows the right answer when a try passes before the tries are used up', () => {
    expect(feedbackVisibility({ tryNumber: 1, maxTries: 3, passed: true })).toMatchObject({
      final: true,
      rightAnswer: true,
    });
  });

  it('shows the right answer when the trainee finishes the item with tries left', () => {
    expect(feedbackVisibility({ tryNumber: 1, maxTries: 3, passed: false, finished: true })).toMatchObject({
      final: true,
      tryAgain: false,
      rightAnswer: true,
    });
  });

  it('shows the right answer at once when the quiz allows one try', () => {
    expect(feedbackVisibility({ tryNumber: 1, maxTries: 1, passed: false }).rightAnswer).toBe(true);
  });

  it('throws a RangeError when the try number is beyond the tries allowed', () => {
    expect(() => feedbackVisibility({ tryNumber: 4, maxTries: 3, passed: false })).toThrow(RangeError);
    expect(() => feedbackVisibility({ tryNumber: 1, maxTries: 0, passed: false })).toThrow(RangeError);
  });
});

describe('visibleGrade', () => {
  const retry = feedbackVisibility({ tryNumber: 1, maxTries: 3, passed: false });
  const last = feedbackVisibility({ tryNumber: 3, maxTries: 3, passed: false });

  it('keeps the picked option’s feedback but drops the right answer, the explanation and the marks when tries are left', () => {
    const grade = gradeSingleChoice(opening, { type: 'single-choice', choice: 'b' });
    const shown = visibleGrade(grade, retry);
    expect(shown.feedback).toEqual(['这是禁语。']);
    expect(shown.marks).toEqual([]);
    expect(shown.score).toBe(0);
    expect(JSON.stringify(shown)).not.toContain('正确答案');
  });

  it('returns the whole grade when the tries are used up', () => {
    const grade = gradeSingleChoice(opening, { type: 'single-choice', choice: 'b' });
    expect(visibleGrade(grade, last)).toEqual(grade);
    expect(grade.feedback).toEqual([
      '这是禁语。',
      '正确答案:a. 您好,请问有什么可以帮助您!',
      '开口先说"您好"。',
    ]);
  });

  it('hides the right options of a multiple choice, the right order and the right pairs when tries are left', () => {
    const multiple = gradeMultipleChoice(
      {
        id: 'polite',
        type: 'multiple-choice',
        prompt: '哪些是礼貌用语?',
        options: [
          { id: 'a', text: '您好' },
          { id: 'b', text: '谢谢' },
          { id: 'c', text: '喂' },
        ],
        answer: ['a', 'b'],
      },
      { type: 'multiple-choice', choices: ['a'] },
    );
    const ordering = gradeOrdering(
      {
        id: 'steps',
        type: 'ordering',
        prompt: '排序',
        options: [
          { id: 'first', text: '受理' },
          { id: 'second', text: '处理' },
        ],
      },
      { type: 'ordering', order: ['second', 'first'] },
    );
    const matching = gradeMatching(
      {
        id: 'owners',
        type: 'matching',
        prompt: '配对',
        stems: [{ id: 'decide', text: '决定方案' }],
        choices: [
          { id: 'director', text: '营销总监' },
          { id: 'agent', text: '客服专员' },
        ],
        answer: { decide: 'director' },
      },
      { type: 'matching', pairs: { decide: 'agent' } },
    );
    for (const grade of [multiple, ordering, matching]) {
      expect(grade.feedback.length).toBeGreaterThan(0);
      const shown = visibleGrade(grade, retry);
      expect(shown.feedback).toEqual([]);
      expect(shown.marks).toEqual([]);
    }
  });

  it('keeps a script answer’s concept feedback and drops only the item explanation when tries are left', () => {
    const grade = gradeItem(
      {
        id: 'greet',
        type: 'script',
        prompt: '接听电话时怎么说?',
        modelAnswer: '您好,请问有什么可以帮助您?',
        explanation: '先问候,再询问需要。',
        rubric: {
          concepts: [
            { id: 'hello', label: '问候"您好"', phrases: ['您好'], feedback: '开口先说"您好"。' },
            { id: 'help', label: '询问需要', phrases: ['有什么可以帮助您'] },
          ],
        },
      },
      { type: 'script', answer: '请问有什么可以帮助您?' },
    );
    expect(grade.feedback).toContain('先问候,再询问需要。');
    const shown = visibleGrade(grade, retry);
    expect(shown.feedback).toContain('开口先说"您好"。');
    expect(shown.feedback).not.toContain('先问候,再询问需要。');
    expect(shown.marks).toEqual(grade.marks);
  });
});
