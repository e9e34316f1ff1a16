/**
 * Rule tests of the standard rubrics against a labelled JSONL file (default: the dev labels in
 * ../shared/labels): accuracy, Cohen's kappa, the confusion matrix and each disagreement.
 * Usage: npx tsx bench/rule-tests.ts [labels.jsonl]
 */
import { readFileSync } from 'node:fs';
import { formatRuleTestReport, parseLabelledAnswers, testRules } from '@kefu/scoring';
import { loadStandardBank } from '../src/index.js';

const path =
  process.argv[2] ?? new URL('../../../../shared/labels/script-answers.dev.jsonl', import.meta.url).pathname;
const report = testRules(parseLabelledAnswers(readFileSync(path, 'utf8'), path), loadStandardBank());
console.log(formatRuleTestReport(report));
process.exitCode = report.kappa >= 0.8 ? 0 : 1;
