import { describe, expect, it } from 'vitest';
import { compileRubric } from '../rubric/compile-rubric.js';
import { gradeScriptAnswer } from '../rubric/grade-script-answer.js';
import { parseSmallNumber, parseStageDirections } from './stage-directions.js';

function kinds(answer: string) {
  return parseStageDirections(answer).flatMap((direction) =>
    direction.actions.map((action) => ({
      kind: action.kind,
      ...(action.seconds === undefined ? {} : { seconds: action.seconds }),
      ...(action.immediate ? { immediate: true } : {}),
      ...(action.hour === undefined ? {} : { hour: action.hour }),
    })),
  );
}

describe('parseStageDirections', () => {
  it('turns bracketed text into actions with their positions when an answer has directions', () => {
    const answer = '您好。(停顿三秒)请讲。【稍候5秒后掛斷】';
    const directions = parseStageDirections(answer);
    expect(directions.map((direction) => answer.slice(direction.start, direction.end))).toEqual([
      '(停顿三秒)',
      '【稍候5秒后掛斷】',
    ]);
    expect(kinds(answer)).toEqual([
      { kind: 'wait', seconds: 3 },
      { kind: 'wait', seconds: 5 },
      { kind: 'hang-up', seconds: 5 },
    ]);
  });

  it('marks a hang-up as immediate when the direction says it does not wait', () => {
    expect(kinds('再见!(话音刚落,立刻挂断)')).toEqual([{ kind: 'hang-up', immediate: true }]);
    expect(kinds('请稍等。(客户还没回答就挂了电话)')).toEqual([{ kind: 'hang-up', immediate: true }]);
  });

  it('reads volume, customer and call-time notes when a direction holds them', () => {
    expect(kinds('(把嗓门提高)您好')).toEqual([{ kind: 'raise-volume' }]);
    expect(kinds('(音量不变)您好')).toEqual([{ kind: 'keep-volume' }]);
    expect(kinds('(对方依然没有回应)您好')).toEqual([{ kind: 'customer-still' }]);
    expect(kinds('(晚上十点半拨出)您好')).toEqual([{ kind: 'call-time', hour: 22.5 }]);
  });

  it('reads a bare direction between spaces when the answer has no brackets', () => {
    expect(kinds('您好 停5秒 您好 10秒后挂机')).toEqual([
      { kind: 'wait', seconds: 5 },
      { kind: 'wait', seconds: 10 },
      { kind: 'hang-up', seconds: 10 },
    ]);
  });

  it('does not treat a mention of hanging up as the act when it is only a time reference', () => {
    expect(kinds('(挂机前小声说)好的')).toEqual([]);
  });

  it('ignores an unclosed bracket when the answer is sloppy', () => {
    expect(parseStageDirections('您好(稍停5秒')).toEqual([]);
  });

  it('reads small numbers in digits or Chinese when a wait gives seconds', () => {
    expect([
      parseSmallNumber('5'),
      parseSmallNumber('五'),
      parseSmallNumber('十二'),
      parseSmallNumber('二十'),
    ]).toEqual([5, 5, 12, 20]);
  });
});

describe('stage-direction rules in grading', () => {
  const rubric = compileRubric({
    directions: { minWaitSeconds: 4, forbid: ['raise-volume'] },
    concepts: [
      { id: 'ask', label: '询问', phrases: ['请问您还在吗'], min: 2 },
      { id: 'bye', label: '道别', phrases: ['再见'] },
    ],
    order: [
      { sequence: ['ask', '@wait', 'ask', '@wait', 'bye'], required: true },
      { sequence: ['bye', '@hang-up'] },
    ],
  });
  const good = '请问您还在吗?(等五秒)请问您还在吗?(再等五秒)再见!(五秒后挂机)';

  it('passes when every prompt is followed by a long enough wait and the farewell comes before the hang-up', () => {
    expect(gradeScriptAnswer(rubric, good).passed).toBe(true);
  });

  it('fails with the direction quoted when a wait is shorter than the rubric allows', () => {
    const grade = gradeScriptAnswer(rubric, good.replace('(等五秒)', '(等一秒)'));
    expect(grade.violations).toMatchObject([{ kind: 'direction', id: 'wait-too-short', quote: '(等一秒)' }]);
  });

  it('fails the order when a wait between the prompts is missing', () => {
    const grade = gradeScriptAnswer(rubric, '请问您还在吗?请问您还在吗?(再等五秒)再见!(五秒后挂机)');
    expect(grade.violations.map((violation) => violation.kind)).toEqual(['order']);
    expect(grade.feedback[0]).toContain('(稍停)');
  });

  it('fails when the agent hangs up before saying goodbye', () => {
    const grade = gradeScriptAnswer(rubric, '请问您还在吗?(等五秒)请问您还在吗?(再等五秒)(挂机)再见!');
    expect(grade.violations.map((violation) => violation.id)).toEqual(['hang-up-before-speaking', 'order-2']);
  });

  it('fails when the agent hangs up at once or without a pause', () => {
    expect(
      gradeScriptAnswer(rubric, good.replace('(五秒后挂机)', '(说完马上挂机)')).violations.map((v) => v.id),
    ).toEqual(['hang-up-at-once']);
    expect(
      gradeScriptAnswer(rubric, good.replace('(五秒后挂机)', '(挂机)')).violations.map((v) => v.id),
    ).toEqual(['hang-up-without-pause']);
  });

  it('fails a forbidden action and a call placed in rest hours', () => {
    expect(gradeScriptAnswer(rubric, `(提高音量)${good}`).violations.map((v) => v.id)).toEqual([
      'raise-volume',
      'forbid-raise-volume',
    ]);
    expect(gradeScriptAnswer(rubric, `(凌晨五点拨打)${good}`).violations.map((v) => v.id)).toEqual([
      'rest-hours',
    ]);
  });

  it('allows raising the voice when the rubric allows it', () => {
    const loud = compileRubric({
      directions: { allow: ['raise-volume'] },
      concepts: [{ id: 'ask', phrases: ['请问有什么可以帮您'] }],
    });
    expect(gradeScriptAnswer(loud, '对不起,(提高音量)请问有什么可以帮您?').passed).toBe(true);
  });
});
