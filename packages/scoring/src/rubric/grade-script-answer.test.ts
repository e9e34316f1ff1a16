import { describe, expect, it } from 'vitest';
import { compileRubric } from './compile-rubric.js';
import { gradeScriptAnswer } from './grade-script-answer.js';
import type { RubricInput } from './rubric-schema.js';

const openingRubric: RubricInput = {
  concepts: [
    { id: 'greeting', label: '问候"您好"', phrases: ['您好'] },
    { id: 'welcome', label: '欢迎致电', phrases: ['欢迎{致电|来电}'] },
    { id: 'glad', label: '很高兴为您服务', phrases: ['{很|}高兴为您服务'] },
    { id: 'offer', label: '询问需要什么帮助', phrases: ['有什么{可以|能}{帮助您|帮您|帮到您}'] },
  ],
  forbidden: [{ id: 'wei', label: '说"喂"', phrases: ['喂'], feedback: '不要说"喂"。' }],
  order: [{ sequence: ['greeting', 'offer'] }],
};
const opening = compileRubric(openingRubric);
const model = '您好,欢迎致电宏远客户服务热线,很高兴为您服务,请问有什么可以帮助您?';

describe('gradeScriptAnswer', () => {
  it('scores 1 and passes when every concept is said', () => {
    const grade = gradeScriptAnswer(opening, model);
    expect(grade.score).toBe(1);
    expect(grade.passed).toBe(true);
    expect(grade.misses).toEqual([]);
    expect(grade.hits.map((hit) => hit.concept)).toEqual(['greeting', 'welcome', 'glad', 'offer']);
  });

  it('reports the span of the original answer when a concept is found', () => {
    const grade = gradeScriptAnswer(opening, model);
    const offer = grade.hits.find((hit) => hit.concept === 'offer');
    expect(offer?.evidence[0]?.span).toEqual({ start: 26, end: 34, text: '有什么可以帮助您' });
    expect(offer?.evidence[0]?.tolerance).toBe('exact');
  });

  it('accepts a Traditional answer and marks the tolerance as variant', () => {
    const grade = gradeScriptAnswer(
      opening,
      '您好,歡迎致電宏远客戶服務熱線,很高興為您服務,請問有什麼可以幫助您?',
    );
    expect(grade.passed).toBe(true);
    const welcome = grade.hits.find((hit) => hit.concept === 'welcome')?.evidence[0];
    expect(welcome).toMatchObject({ tolerance: 'variant', span: { text: '歡迎致電' } });
  });

  it('accepts full-width, half-width and missing punctuation alike', () => {
    for (const answer of [
      model,
      model.replaceAll(',', ',').replaceAll('?', '?'),
      model.replace(/[,?]/g, ''),
      model.replace(/[,?]/g, ' '),
    ]) {
      expect(gradeScriptAnswer(opening, answer).passed).toBe(true);
    }
  });

  it('accepts a same-pinyin typo and says so when 致电 is written 至电', () => {
    const grade = gradeScriptAnswer(opening, model.replace('致电', '至电'));
    expect(grade.passed).toBe(true);
    expect(grade.hits.find((hit) => hit.concept === 'welcome')?.evidence[0]).toMatchObject({
      tolerance: 'same-pinyin',
      span: { text: '欢迎至电' },
    });
  });

  it('rejects a meaning-changing typo when 帮助您 becomes 帮助我', () => {
    const grade = gradeScriptAnswer(opening, model.replace('帮助您', '帮助我'));
    expect(grade.passed).toBe(false);
    expect(grade.misses.map((miss) => miss.concept)).toEqual(['offer']);
    expect(grade.feedback.join('')).toContain('询问需要什么帮助');
  });

  it('accepts a one-character edit in a long phrase when it is not a homophone', () => {
    const grade = gradeScriptAnswer(opening, model.replace('高兴为您服务', '高心为您服务'));
    expect(grade.passed).toBe(true);
    expect(grade.hits.find((hit) => hit.concept === 'glad')?.evidence[0]?.tolerance).toBe('edit');
  });

  it('never lets an edit add a negation when 不 is slipped into a phrase', () => {
    const grade = gradeScriptAnswer(opening, model.replace('很高兴为您服务', '不高兴为您服务'));
    expect(grade.misses.map((miss) => miss.concept)).toContain('glad');
  });

  it('auto-fails and quotes the words when a forbidden phrase is said', () => {
    const grade = gradeScriptAnswer(opening, `喂,${model}`);
    expect(grade.score).toBe(0);
    expect(grade.passed).toBe(false);
    expect(grade.autoFailed).toBe(true);
    expect(grade.violations).toMatchObject([
      { kind: 'forbidden', id: 'wei', quote: '喂', spans: [{ start: 0, end: 1 }] },
    ]);
    expect(grade.feedback[0]).toBe('不要说"喂"。');
  });

  it('gives partial credit and names each miss when concepts are missing', () => {
    const grade = gradeScriptAnswer(opening, '您好,请问有什么可以帮您?');
    expect(grade.score).toBe(0.5);
    expect(grade.passed).toBe(false);
    expect(grade.misses.map((miss) => miss.concept)).toEqual(['welcome', 'glad']);
    expect(grade.feedback).toHaveLength(2);
  });

  it('reports an order violation when concepts come in the wrong order', () => {
    const grade = gradeScriptAnswer(opening, '欢迎致电,很高兴为您服务,请问有什么可以帮助您?您好');
    expect(grade.violations).toMatchObject([{ kind: 'order', label: '问候"您好" → 询问需要什么帮助' }]);
    expect(grade.passed).toBe(false);
  });

  it('fills slots when a phrase names the customer', () => {
    const rubric = compileRubric({
      slots: { surname: ['王'] },
      concepts: [{ id: 'address', phrases: ['{surname}{先生|女士|小姐}'], tolerance: 'exact' }],
    });
    expect(gradeScriptAnswer(rubric, '王先生,您好').passed).toBe(true);
    expect(gradeScriptAnswer(rubric, '先生,您好').passed).toBe(false);
    expect(gradeScriptAnswer(rubric, '李先生,您好').passed).toBe(false);
  });

  it('counts separate occurrences when a concept must be said twice', () => {
    const rubric = compileRubric({ concepts: [{ id: 'ask', phrases: ['请问有什么可以帮助您'], min: 2 }] });
    expect(gradeScriptAnswer(rubric, '您好,请问有什么可以帮助您?').passed).toBe(false);
    expect(
      gradeScriptAnswer(rubric, '您好,请问有什么可以帮助您?(稍停5秒)您好,请问有什么可以帮助您?').passed,
    ).toBe(true);
  });

  it('matches across a gap of up to `gap` characters when a phrase has …', () => {
    const rubric = compileRubric({ gap: 4, concepts: [{ id: 'thanks', phrases: ['感谢您…服务'] }] });
    expect(gradeScriptAnswer(rubric, '感谢您接受了服务').passed).toBe(true);
    expect(gradeScriptAnswer(rubric, '感谢您在三月五日接受了我们的服务').passed).toBe(false);
  });

  it('keeps a bounded gap between its minimum and maximum when a phrase has …{m,n}', () => {
    const rubric = compileRubric({ concepts: [{ id: 'who', phrases: ['您是…{1,3}先生'] }] });
    expect(gradeScriptAnswer(rubric, '请问您是王先生吗').passed).toBe(true);
    expect(gradeScriptAnswer(rubric, '请问您是先生吗').passed).toBe(false);
    expect(gradeScriptAnswer(rubric, '请问您是那位姓王的先生吗').passed).toBe(false);
  });

  it('subtracts a penalty when concepts are too far apart', () => {
    const rubric = compileRubric({
      concepts: [
        { id: 'sorry', phrases: ['对不起'] },
        { id: 'reason', phrases: ['声音太小'] },
      ],
      proximity: [{ concepts: ['sorry', 'reason'], within: 4, penalty: 0.25 }],
    });
    expect(gradeScriptAnswer(rubric, '对不起,您的声音太小').score).toBe(1);
    const far = gradeScriptAnswer(rubric, '对不起,请您稍等一下,我看看,您那边的声音太小');
    expect(far.score).toBe(0.75);
    expect(far.violations[0]?.kind).toBe('proximity');
  });

  it('fails a bare keyword list when the answer is words separated by spaces', () => {
    const rubric = compileRubric({
      concepts: [
        { id: 'a', phrases: ['您好'] },
        { id: 'b', phrases: ['再见'] },
      ],
    });
    expect(gradeScriptAnswer(rubric, '您好 我是 请问 先生吗 感谢 再见').violations[0]?.kind).toBe(
      'keyword-list',
    );
    expect(gradeScriptAnswer(rubric, '您好 我是客服小李 请问您是王先生吗 再见').passed).toBe(true);
  });

  it('grades the empty answer as a miss of everything when nothing is said', () => {
    const grade = gradeScriptAnswer(opening, '');
    expect(grade).toMatchObject({ score: 0, passed: false, autoFailed: false });
    expect(grade.misses).toHaveLength(4);
  });
});

describe('stage directions and negations', () => {
  const rubric = compileRubric({
    concepts: [
      { id: 'cannot-hear', label: '说明听不清', phrases: ['听不清'] },
      { id: 'call-back', label: '承诺回电', phrases: ['回电'] },
      { id: 'hang-up', phrases: ['挂机'], required: false, where: 'anywhere' },
    ],
    order: [{ sequence: ['cannot-hear', 'hang-up'] }],
  });

  it('ignores words inside brackets when the concept is speech', () => {
    const grade = gradeScriptAnswer(rubric, '(若仍听不清)我们会给您回电。');
    expect(grade.misses.map((miss) => miss.concept)).toEqual(['cannot-hear']);
  });

  it('counts an action in brackets when the concept may be anywhere', () => {
    const grade = gradeScriptAnswer(rubric, '(挂机)对不起,我听不清,稍后给您回电。');
    expect(grade.violations.map((violation) => `${violation.kind}:${violation.id}`)).toEqual([
      'direction:hang-up-without-pause',
      'direction:hang-up-before-speaking',
      'order:order-1',
    ]);
  });

  it('does not count a phrase when a negation with a modal comes right before it', () => {
    expect(
      gradeScriptAnswer(rubric, '我听不清,我们不会给您回电。').misses.map((miss) => miss.concept),
    ).toEqual(['call-back']);
    expect(gradeScriptAnswer(rubric, '我听不清,不,我们马上给您回电。').passed).toBe(true);
  });

  it('never lets a gap jump over a negation', () => {
    const gapRubric = compileRubric({ concepts: [{ id: 'contact', phrases: ['随时…联系'] }] });
    expect(gradeScriptAnswer(gapRubric, '随时欢迎您联系我们').passed).toBe(true);
    expect(gradeScriptAnswer(gapRubric, '随时都不要联系我们').passed).toBe(false);
  });
});
