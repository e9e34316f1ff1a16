import type { CompiledRubric } from '../rubric/compile-rubric.js';
import { gradeScriptAnswer, type ScriptGrade } from '../rubric/grade-script-answer.js';
import { type ConfusionMatrix, cohenKappa, confusionMatrix } from '../statistics/cohen-kappa.js';
import type { LabelledAnswer } from './read-jsonl.js';

/** Where rule tests find an item's compiled rubric: a map, or anything with `rubricFor` (a quiz bank). */
export type RubricSource =
  | ReadonlyMap<string, CompiledRubric>
  | { rubricFor(itemId: string): CompiledRubric | undefined };

/** An answer where the rubric and the human label disagree, with the grade's explanation. */
export interface RuleDisagreement {
  id: string;
  item: string;
  line?: number;
  answer: string;
  expected: boolean;
  got: boolean;
  score: number;
  /** The marker's reason, when the label file gives one. */
  why?: string;
  /** Why the rubric decided as it did (missing concepts, violations), in one line. */
  reason: string;
  grade: ScriptGrade;
}

/** How often a concept was found, overall and among answers labelled pass / fail. */
export interface ConceptCoverage {
  item: string;
  concept: string;
  label: string;
  kind: 'required' | 'optional' | 'forbidden';
  /** Answers of this item graded. */
  answers: number;
  found: number;
  foundInPassing: number;
  foundInFailing: number;
}

export interface RuleTestReport {
  total: number;
  agreements: number;
  accuracy: number;
  kappa: number;
  /** Rows: the label (pass, fail); columns: the rubric (pass, fail). */
  confusion: ConfusionMatrix<'pass' | 'fail'>;
  truePositives: number;
  trueNegatives: number;
  falsePositives: number;
  falseNegatives: number;
  disagreements: RuleDisagreement[];
  coverage: ConceptCoverage[];
  perItem: { item: string; total: number; agreements: number; accuracy: number }[];
  /** Answers naming an item the rubric source does not know (not counted above). */
  unknownItems: { id: string; item: string; line?: number }[];
}

function lookup(source: RubricSource, itemId: string): CompiledRubric | undefined {
  return 'rubricFor' in source
    ? source.rubricFor(itemId)
    : (source as ReadonlyMap<string, CompiledRubric>).get(itemId);
}

/** Explains a grade in one line: what was missing and which rule was broken. */
export function explainGrade(grade: ScriptGrade): string {
  const parts: string[] = [];
  for (const violation of grade.violations) {
    parts.push(
      `${violation.kind === 'forbidden' ? 'forbidden' : violation.kind} "${violation.label}"${violation.quote ? `: 「${violation.quote}」` : ''} (${violation.effect === 'auto-fail' ? 'auto-fail' : `−${violation.penalty}`})`,
    );
  }
  for (const miss of grade.misses)
    parts.push(`missing "${miss.label}"${miss.needed > 1 ? ` (${miss.found}/${miss.needed})` : ''}`);
  if (parts.length === 0)
    parts.push(`all concepts found (${grade.hits.map((hit) => hit.concept).join(', ')})`);
  return `score ${grade.score.toFixed(2)}; ${parts.join('; ')}`;
}

/**
 * Grades labelled answers with the rubrics and compares with the labels: accuracy, Cohen's
 * kappa, the confusion matrix, per-concept coverage, and each disagreement with its reason.
 */
export function testRules(answers: readonly LabelledAnswer[], rubrics: RubricSource): RuleTestReport {
  const labels: ('pass' | 'fail')[] = [];
  const predictions: ('pass' | 'fail')[] = [];
  const disagreements: RuleDisagreement[] = [];
  const unknownItems: RuleTestReport['unknownItems'] = [];
  const coverage = new Map<string, ConceptCoverage>();
  const perItem = new Map<string, { item: string; total: number; agreements: number; accuracy: number }>();

  for (const answer of answers) {
    const rubric = lookup(rubrics, answer.item);
    if (!rubric) {
      unknownItems.push({
        id: answer.id,
        item: answer.item,
        ...(answer.line !== undefined ? { line: answer.line } : {}),
      });
      continue;
    }
    const grade = gradeScriptAnswer(rubric, answer.answer);
    labels.push(answer.pass ? 'pass' : 'fail');
    predictions.push(grade.passed ? 'pass' : 'fail');
    const itemStats = perItem.get(answer.item) ?? { item: answer.item, total: 0, agreements: 0, accuracy: 0 };
    itemStats.total++;
    if (grade.passed === answer.pass) itemStats.agreements++;
    perItem.set(answer.item, itemStats);

    const hitIds = new Set(grade.hits.map((hit) => hit.concept));
    const violated = new Set(
      grade.violations.filter((violation) => violation.kind === 'forbidden').map((violation) => violation.id),
    );
    const track = (concept: string, label: string, kind: ConceptCoverage['kind'], found: boolean) => {
      const key = `${answer.item}\u0000${concept}`;
      const entry = coverage.get(key) ?? {
        item: answer.item,
        concept,
        label,
        kind,
        answers: 0,
        found: 0,
        foundInPassing: 0,
        foundInFailing: 0,
      };
      entry.answers++;
      if (found) {
        entry.found++;
        if (answer.pass) entry.foundInPassing++;
        else entry.foundInFailing++;
      }
      coverage.set(key, entry);
    };
    for (const concept of rubric.concepts)
      track(concept.id, concept.label, concept.required ? 'required' : 'optional', hitIds.has(concept.id));
    for (const concept of rubric.forbidden)
      track(concept.id, concept.label, 'forbidden', violated.has(concept.id));

    if (grade.passed !== answer.pass) {
      disagreements.push({
        id: answer.id,
        item: answer.item,
        ...(answer.line !== undefined ? { line: answer.line } : {}),
        answer: answer.answer,
        expected: answer.pass,
        got: grade.passed,
        score: grade.score,
        ...(answer.why !== undefined ? { why: answer.why } : {}),
        reason: explainGrade(grade),
        grade,
      });
    }
  }

  const confusion = confusionMatrix(labels, predictions, ['pass', 'fail'] as const);
  const [[truePositives, falseNegatives], [falsePositives, trueNegatives]] = confusion.counts as [
    [number, number],
    [number, number],
  ];
  const total = labels.length;
  const agreements = truePositives + trueNegatives;
  for (const stats of perItem.values()) stats.accuracy = stats.total ? stats.agreements / stats.total : 0;
  return {
    total,
    agreements,
    accuracy: total ? agreements / total : Number.NaN,
    kappa: cohenKappa(confusion),
    confusion,
    truePositives,
    trueNegatives,
    falsePositives,
    falseNegatives,
    disagreements,
    coverage: [...coverage.values()],
    perItem: [...perItem.values()],
    unknownItems,
  };
}

/** The report as plain text lines (what `kefu quiz test-rules` prints). */
export function formatRuleTestReport(report: RuleTestReport): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const lines = [
    `answers: ${report.total}  agreements: ${report.agreements}  accuracy: ${percent(report.accuracy)}  Cohen's kappa: ${report.kappa.toFixed(3)}`,
    '',
    '                 rubric pass  rubric fail',
    `label pass       ${String(report.truePositives).padStart(11)}  ${String(report.falseNegatives).padStart(11)}`,
    `label fail       ${String(report.falsePositives).padStart(11)}  ${String(report.trueNegatives).padStart(11)}`,
  ];
  if (report.disagreements.length > 0) {
    lines.push('', `disagreements (${report.disagreements.length}):`);
    for (const disagreement of report.disagreements) {
      lines.push(
        `  ${disagreement.id} [${disagreement.item}] label ${disagreement.expected ? 'pass' : 'fail'}, rubric ${disagreement.got ? 'pass' : 'fail'}: ${disagreement.reason}`,
        `    answer: ${disagreement.answer}`,
      );
      if (disagreement.why) lines.push(`    marker: ${disagreement.why}`);
    }
  }
  if (report.unknownItems.length > 0) {
    lines.push(
      '',
      `unknown items (${report.unknownItems.length}): ${report.unknownItems.map((entry) => `${entry.id} → ${entry.item}`).join(', ')}`,
    );
  }
  return lines.join('\n');
}
