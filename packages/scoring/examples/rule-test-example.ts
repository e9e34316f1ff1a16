import { compileRubric, formatRuleTestReport, parseLabelledAnswers, testRules } from '@kefu/scoring';

// The rubrics under test, by item id: a Map, or anything with rubricFor(itemId) such as @kefu/quiz-bank's bank.
const bank = new Map([
  [
    'greeting.reply',
    compileRubric({
      concepts: [
        { id: 'greeting', label: '问候"您好"', phrases: ['您好'] },
        { id: 'offer', label: '询问需要什么帮助', phrases: ['有什么可以{帮您|帮助您}'] },
      ],
      forbidden: [{ id: 'wei', label: '说"喂"', phrases: ['喂'] }],
    }),
  ],
]);

// Answers a trainer has marked, one JSON object per line: {"id","item","answer","pass"} and an optional "why".
const text = [
  '{"id":"a1","item":"greeting.reply","answer":"您好,请问有什么可以帮您?","pass":true}',
  '{"id":"a2","item":"greeting.reply","answer":"喂,您好,有什么可以帮您?","pass":false}',
  '{"id":"a3","item":"greeting.reply","answer":"您好。","pass":false}',
  '{"id":"a4","item":"greeting.reply","answer":"您好,请问有什么事吗?","pass":true,"why":"问了来意"}',
].join('\n');

const answers = parseLabelledAnswers(text, 'labels.jsonl'); // a malformed line throws InvalidJsonl, naming it
export const report = testRules(answers, bank);
// report.accuracy === 0.75 (3 of 4 agree), report.kappa === 0.5
// report.disagreements[0] → { id: 'a4', expected: true, got: false, why: '问了来意', reason: 'score 0.50; missing …' }
export const printed = formatRuleTestReport(report); // what `kefu quiz test-rules` prints
