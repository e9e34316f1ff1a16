import { compileRubric, gradeScriptAnswer, normalizeText } from '@kefu/scoring';

// A rubric for the reply to a customer who greeted first (seed 000 篇3), compiled once.
const rubric = compileRubric({
  concepts: [
    { id: 'greeting', label: '问候"您好"', phrases: ['您好'] },
    { id: 'offer', label: '询问需要什么帮助', phrases: ['有什么{可以|能}{帮助您|帮您|帮到您}'] },
  ],
  forbidden: [{ id: 'wei', label: '说"喂"', phrases: ['喂'], feedback: '不要说"喂"。' }],
  order: [{ sequence: ['greeting', 'offer'] }],
});

// Traditional script, no punctuation and a same-pinyin typo (幫住 for 幫助) still pass.
export const good = gradeScriptAnswer(rubric, '您好 請問有什麼可以幫住您');
// good.passed === true, good.score === 1
// good.hits[1].evidence[0] → { span: { start: 5, end: 13, text: '有什麼可以幫住您' }, tolerance: 'same-pinyin', … }

// A forbidden word fails the answer and is quoted; a missing concept is named in the feedback.
export const bad = gradeScriptAnswer(rubric, '喂,有什么事?');
// bad.passed === false, bad.autoFailed === true
// bad.violations[0].quote === '喂'
// bad.feedback → ['不要说"喂"。', '请加上"问候"您好"",例如"您好"。', …]

// Normalisation keeps offsets into the original text.
export const normalized = normalizeText('嗯,請問有甚麼可以幫您?');
// normalized.text === ',请问有什么可以帮您?'
