import { describe, expect, it } from 'vitest';
import { compileRubric } from '../rubric/compile-rubric.js';
import { gradeScriptAnswer } from '../rubric/grade-script-answer.js';
import { compileFact, scenarioFactSchema, statedValues } from './scenario-facts.js';

function stated(fact: unknown, text: string) {
  return statedValues(compileFact(scenarioFactSchema.parse(fact)), text).map(({ value, agrees }) => ({
    value,
    agrees,
  }));
}

describe('scenario facts', () => {
  it('agrees when the answer names the scenario customer and conflicts on another surname or title', () => {
    const customer = { slot: 'customer', type: 'person', value: '李女士' } as const;
    expect(stated(customer, '请问您是李女士吗')).toEqual([{ value: '李女士', agrees: true }]);
    expect(stated(customer, '请问您是李小姐吗')).toEqual([{ value: '李小姐', agrees: true }]);
    expect(stated(customer, '请问您是黎女士吗')).toEqual([{ value: '黎女士', agrees: false }]);
    expect(stated(customer, '请问您是李先生吗')).toEqual([{ value: '李先生', agrees: false }]);
  });

  it('treats any name as invented when the scenario gives none', () => {
    expect(stated({ slot: 'customer', type: 'person', value: 'none' }, '赵先生您好')).toEqual([
      { value: '赵先生', agrees: false },
    ]);
    expect(stated({ slot: 'customer', type: 'person', value: 'none' }, '先生您好')).toEqual([]);
  });

  it('finds the company an agent introduces and compares it with the scenario', () => {
    const company = { slot: 'company', type: 'company', value: '百顺快递' } as const;
    expect(stated(company, '您好,我是百顺快递的客服小林')).toEqual([{ value: '百顺快递', agrees: true }]);
    expect(stated(company, '您好,我是千顺快递客服小林')).toEqual([{ value: '千顺快递', agrees: false }]);
    expect(stated(company, '您好,我是客服小林')).toEqual([]);
  });

  it('only counts a look-alike company as wrong when conflicts are similar', () => {
    const company = { slot: 'company', type: 'company', value: '百顺', conflicts: 'similar' } as const;
    expect(stated(company, '欢迎致电百川客服热线')).toEqual([{ value: '百川', agrees: false }]);
    expect(stated(company, '欢迎致电东方客服热线')).toEqual([{ value: '东方', agrees: true }]);
    expect(stated(company, '欢迎致电佰顺客服热线')).toEqual([{ value: '佰顺', agrees: false }]);
  });

  it('compares dates near the event and leaves other dates alone', () => {
    const date = { slot: 'date', type: 'date', value: '6月18日', near: ['送货', '送到'] } as const;
    expect(stated(date, '感谢您六月十八号收下我们送货上门')).toEqual([{ value: '六月十八号', agrees: true }]);
    expect(stated(date, '感谢您6月8日收下我们送货上门')).toEqual([{ value: '6月8日', agrees: false }]);
    expect(stated(date, '我们会在6月20日前给您回电')).toEqual([]);
  });

  it('conflicts on another product or service of the lexicon and agrees on an alias', () => {
    const product = { slot: 'product', type: 'product', value: '洗衣机' } as const;
    expect(stated(product, '您的洗衣机和冰箱')).toEqual([
      { value: '洗衣机', agrees: true },
      { value: '冰箱', agrees: false },
    ]);
    const service = { slot: 'service', type: 'service', value: '清洗' } as const;
    expect(stated(service, '上次的清洗服务')).toEqual([{ value: '清洗', agrees: true }]);
    expect(stated(service, '上次的保养服务')).toEqual([{ value: '保养', agrees: false }]);
  });

  it('fails an answer with a conflicting value and quotes it, and leaves an answer without one to the rubric', () => {
    const rubric = compileRubric({
      facts: [{ slot: 'customer', type: 'person', value: '周先生' }],
      concepts: [{ id: 'ask', phrases: ['请问您是…先生吗'] }],
    });
    const wrong = gradeScriptAnswer(rubric, '您好,请问您是邹先生吗?');
    expect(wrong.passed).toBe(false);
    expect(wrong.violations).toMatchObject([{ kind: 'fact', id: 'customer', quote: '邹先生' }]);
    expect(wrong.feedback[0]).toContain('周先生');
    expect(gradeScriptAnswer(rubric, '您好,请问您是周先生吗?').passed).toBe(true);
    expect(gradeScriptAnswer(rubric, '您好,请问是本人吗?').violations).toEqual([]);
  });
});
