import { describe, expect, it } from 'vitest';
import { compileRubric } from '../rubric/compile-rubric.js';
import { gradeScriptAnswer } from '../rubric/grade-script-answer.js';
import { normalizeText } from '../text/normalize-text.js';
import { applyThesaurus, canonicalWord, foldSynonyms, thesaurusGroups } from './thesaurus.js';

describe('thesaurus', () => {
  it('folds regional words opencc leaves alone to the first word of their group', () => {
    expect(canonicalWord('国语')).toBe('普通话');
    expect(canonicalWord('杂讯')).toBe('杂音');
    expect(canonicalWord('扩音')).toBe('免提');
    expect(canonicalWord('挂线')).toBe('挂机');
    expect(canonicalWord('电子锅')).toBe('电饭煲');
    expect(canonicalWord('讲电话')).toBe('通话');
    expect(canonicalWord('普通话')).toBe('普通话');
  });

  it('keeps the map back to the original when a variant is folded in an answer', () => {
    const normalized = applyThesaurus(normalizeText('請您說國語,好嗎', { dropPunctuation: true }));
    expect(normalized.text).toBe('请您说普通话好吗');
    const at = normalized.text.indexOf('普通话');
    expect(normalized.original.slice(normalized.starts[at], normalized.ends[at + 2])).toBe('國語');
  });

  it('returns the same text when no variant is present', () => {
    const plain = normalizeText('您好', { dropPunctuation: true });
    expect(applyThesaurus(plain)).toBe(plain);
    expect(foldSynonyms('您好')).toBe('您好');
  });

  it('lets every rubric match a regional word, with the original words as evidence', () => {
    const rubric = compileRubric({ concepts: [{ id: 'mandarin', phrases: ['讲普通话'] }] });
    const grade = gradeScriptAnswer(rubric, '麻煩您講國語好嗎?');
    expect(grade.passed).toBe(true);
    expect(grade.hits[0]?.evidence[0]?.span.text).toBe('講國語');
    expect(gradeScriptAnswer(rubric, '麻煩您講英語好嗎?').passed).toBe(false);
  });

  it('lists each word in one group only', () => {
    const words = thesaurusGroups.flat();
    expect(new Set(words).size).toBe(words.length);
  });
});
