import { describe, expect, it } from 'vitest';
import { compileRubric } from '../rubric/compile-rubric.js';
import { gradeScriptAnswer } from '../rubric/grade-script-answer.js';
import { isNegatedAt } from './negation-scope.js';

function negated(text: string, phrase: string): boolean {
  return isNegatedAt(text, text.indexOf(phrase));
}

describe('negation scope', () => {
  it('negates a phrase when a negation with modals or a pronoun stands right before it', () => {
    expect(negated('我不能帮您办理', '帮您')).toBe(true);
    expect(negated('我们无法为您处理', '处理')).toBe(true);
    expect(negated('这里没有什么可以帮您的', '可以帮您')).toBe(true);
    expect(negated('我们并没有做得不够', '做得不够')).toBe(true);
  });

  it('does not negate when the negation is a question, a courtesy word or inside a verb', () => {
    expect(negated('请问有没有什么可以帮您', '有什么')).toBe(false);
    expect(negated('不好意思帮您查一下', '帮您')).toBe(false);
    expect(negated('我听不清您能换个电话吗', '您能换')).toBe(false);
  });

  it('does not reach past other words or a clause boundary', () => {
    expect(negated('不用急我们马上帮您', '帮您')).toBe(false);
    expect(isNegatedAt('不帮您', 1, (index) => index === 1)).toBe(false);
  });

  it('fails the concept in grading when the answer says it under a negation', () => {
    const rubric = compileRubric({ concepts: [{ id: 'offer', phrases: ['{可以|能}帮您'] }] });
    expect(gradeScriptAnswer(rubric, '这个问题我不能帮您。').passed).toBe(false);
    expect(gradeScriptAnswer(rubric, '不用担心,我可以帮您。').passed).toBe(true);
  });
});
