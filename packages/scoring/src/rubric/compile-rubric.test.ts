import { describe, expect, it } from 'vitest';
import { InvalidItem } from '../items/scoring-input-error.js';
import { compileRubric, expandPhrase } from './compile-rubric.js';

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    compileRubric(input);
  } catch (error) {
    if (error instanceof InvalidItem) return error.issues;
    throw error;
  }
  throw new Error('expected the rubric to be rejected');
}

describe('compileRubric', () => {
  it('expands alternatives, slots and gaps when a phrase uses them', () => {
    expect(expandPhrase('{surname}{先生|女士}', { surname: ['王', '汪'] })).toEqual([
      '王先生',
      '王女士',
      '汪先生',
      '汪女士',
    ]);
    expect(expandPhrase('{|请}您', {})).toEqual(['您', '请您']);
    expect(expandPhrase('感谢…服务', {})).toEqual(['感谢\uE000\uE001服务']);
    expect(expandPhrase('您是…{1,4}先生', {})).toEqual(['您是\uE0001,4\uE001先生']);
  });

  it('names the field when a phrase is malformed', () => {
    expect(issuesOf({ concepts: [{ id: 'a', phrases: ['好', '{先生'] }] })).toEqual([
      { path: 'concepts.0.phrases.1', message: 'unclosed "{" at character 1 of "{先生"' },
    ]);
  });

  it('names the field when a slot is not declared', () => {
    expect(issuesOf({ concepts: [{ id: 'a', phrases: ['{surname}先生'] }] })[0]).toMatchObject({
      path: 'concepts.0.phrases.0',
      message: expect.stringContaining('unknown slot "{surname}"'),
    });
  });

  it('names the position when an order names an unknown concept', () => {
    expect(issuesOf({ concepts: [{ id: 'a', phrases: ['好'] }], order: [{ sequence: ['a', 'b'] }] })).toEqual(
      [{ path: 'order.0.sequence.1', message: 'unknown concept "b" (known: a)' }],
    );
  });

  it('rejects unknown keys and bad types when the schema does not fit', () => {
    const issues = issuesOf({ concepts: [{ id: 'a', phrase: ['好'] }], passScore: 2 });
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'concepts.0',
      'concepts.0.phrases',
      'passScore',
    ]);
  });

  it('rejects a phrase made only of punctuation when nothing is left to match', () => {
    expect(issuesOf({ concepts: [{ id: 'a', phrases: ['!?'] }] })[0]?.message).toContain('empty');
  });

  it('rejects duplicate concept ids when two concepts share one', () => {
    expect(
      issuesOf({ concepts: [{ id: 'a', phrases: ['好'] }], forbidden: [{ id: 'a', phrases: ['喂'] }] }),
    ).toEqual([{ path: 'forbidden.0.id', message: 'duplicate concept id "a"' }]);
  });
});
