import { describe, expect, it } from 'vitest';
import { compileRubric } from '../rubric/compile-rubric.js';
import { gradeScriptAnswer } from '../rubric/grade-script-answer.js';
import { defaultHouseRules, houseRuleClasses } from './house-rules.js';

// A small rubric: any answer that greets and offers help has every concept; only house rules can fail it.
const rubric = compileRubric({
  concepts: [
    { id: 'greeting', phrases: ['您好'] },
    { id: 'offer', phrases: ['有什么{可以|能}{帮您|帮助您}'] },
  ],
});
const polite = '您好,请问有什么可以帮您?';

/** One answer per class that keeps every expected phrase and breaks the class, and the words it should quote. */
const breaches: Record<(typeof houseRuleClasses)[number], { answer: string; quote: string }> = {
  rudeness: { answer: `${polite}这破手机信号真差。`, quote: '破手机' },
  blame: { answer: `${polite}这种问题多半是您自己没弄好。`, quote: '多半是您' },
  sarcasm: { answer: `${polite}您今天总算想起我们了。`, quote: '总算' },
  impatience: { answer: `${polite}我这边很忙,长话短说。`, quote: '我这边很忙' },
  threat: { answer: `${polite}您再不出声,我就挂了。`, quote: '我就挂' },
  'negated-help': { answer: '您好,这件事我们帮不了,请问有什么可以帮您?', quote: '帮不了' },
  'unauthorised-promise': { answer: `${polite}这次的费用我私下给您免了。`, quote: '私下' },
  'rating-pressure': { answer: `${polite}通话结束后记得给个好评哦。`, quote: '给个好评' },
  'dialect-switching': { answer: `${polite}我同你讲广东话啦。`, quote: '同你讲广东话' },
};

/** Courteous answers near each class that must not be caught. */
const nearMisses: Record<(typeof houseRuleClasses)[number], string> = {
  rudeness: `${polite}麻烦您稍等,我帮您查一下。`,
  blame: `${polite}这次是我们没有做好,给您添麻烦了。`,
  sarcasm: `${polite}很高兴您的问题解决了。`,
  impatience: `${polite}您慢慢说,我在听。`,
  threat: `${polite}如果信号不好,请您换一部电话再打来,好吗?`,
  'negated-help': `${polite}这件事我马上帮您处理。`,
  'unauthorised-promise': `${polite}补偿的事我登记后请主管给您答复。`,
  'rating-pressure': `${polite}稍后您会收到一条满意度短信,按您的真实感受评价就好。`,
  'dialect-switching': `${polite}不好意思,请您讲普通话好吗?`,
};

describe('house rules of conduct', () => {
  it('passes the plain courteous answer when no class is broken', () => {
    expect(gradeScriptAnswer(rubric, polite).passed).toBe(true);
  });

  for (const id of houseRuleClasses) {
    it(`fails and quotes the words when an answer breaks the ${id} rule`, () => {
      const { answer, quote } = breaches[id];
      const grade = gradeScriptAnswer(rubric, answer);
      expect(grade.passed).toBe(false);
      expect(grade.autoFailed).toBe(true);
      const violation = grade.violations.find((candidate) => candidate.id === id);
      expect(violation?.kind).toBe('house-rule');
      // Every hit is quoted with its span in the answer.
      const quoted = (violation?.spans ?? []).map((span) => answer.slice(span.start, span.end));
      expect(quoted).toContain(quote);
      expect(violation?.quote).toBe(quoted.join(' … '));
      expect(grade.feedback.join('')).toContain(quote);
    });

    it(`passes a courteous answer near the ${id} rule when nothing is broken`, () => {
      const grade = gradeScriptAnswer(rubric, nearMisses[id]);
      expect(grade.violations).toEqual([]);
      expect(grade.passed).toBe(true);
    });
  }

  it('declares every class once with a label, feedback and phrasings', () => {
    expect(defaultHouseRules.map((rule) => rule.id)).toEqual([...houseRuleClasses]);
    for (const rule of defaultHouseRules) {
      expect(rule.label.length).toBeGreaterThan(0);
      expect(rule.feedback.length).toBeGreaterThan(0);
      expect(rule.phrases.length).toBeGreaterThan(2);
    }
  });

  it('ignores house-rule words inside a stage direction when they describe an action', () => {
    expect(gradeScriptAnswer(rubric, `${polite}(客户说他很忙)`).passed).toBe(true);
  });

  it('applies a phrase a trainer adds in YAML and drops a class the item excepts', () => {
    const extended = compileRubric({
      concepts: [{ id: 'greeting', phrases: ['您好'] }],
      houseRules: { add: { impatience: ['赶时间'] }, except: ['rating-pressure'] },
    });
    expect(gradeScriptAnswer(extended, '您好,我赶时间。').violations).toMatchObject([
      { kind: 'house-rule', id: 'impatience', quote: '赶时间' },
    ]);
    expect(gradeScriptAnswer(extended, '您好,记得给个好评。').passed).toBe(true);
  });

  it('rejects a malformed added phrase with the path of the field', () => {
    expect(() =>
      compileRubric({
        concepts: [{ id: 'greeting', phrases: ['您好'] }],
        houseRules: { add: { threat: ['{挂'] } },
      }),
    ).toThrow(/houseRules\.add/);
  });

  it('fails an order not to do something and passes a soothing one', () => {
    expect(gradeScriptAnswer(rubric, `${polite}您别再问这个了。`).violations).toMatchObject([
      { kind: 'house-rule', id: 'rudeness', quote: '别' },
    ]);
    expect(gradeScriptAnswer(rubric, `您先别着急,${polite}`).passed).toBe(true);
    expect(gradeScriptAnswer(rubric, `${polite}请您别挂机,我马上查。`).passed).toBe(true);
    expect(gradeScriptAnswer(rubric, `${polite}您别太担心,也别忘了带上保修卡。`).passed).toBe(true);
  });

  it('fails a scare-quoted courtesy word as sarcasm', () => {
    const grade = gradeScriptAnswer(rubric, '您好,很“高兴”再次接到您的电话,请问有什么可以帮您?');
    expect(grade.violations).toMatchObject([{ kind: 'house-rule', id: 'sarcasm', quote: '“高兴”' }]);
  });
});
