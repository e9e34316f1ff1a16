import type { RuleTestReport } from '@kefu/scoring';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../cli-error.js';
import { loadQuizLibrary } from '../load-quiz-library.js';
import type { QuizLibrary } from '../quiz-library.js';
import { describeSource, readInputText, throwLineErrors } from '../read-jsonl.js';
import { percent, renderTable } from '../render-table.js';

export interface RuleTestOutcome {
  file: string;
  minKappa?: number;
  /** False when kappa is below `minKappa`. */
  passed: boolean;
  report: RuleTestReport;
}

/**
 * Reads labelled answers (`{"id","item","answer","pass"[,"why"]}`), checks every item is a script
 * item of the library (exit 2 naming the lines otherwise) and runs @kefu/scoring's `testRules`.
 */
export async function runRuleTest(
  library: QuizLibrary,
  text: string,
  source: string,
  minKappa?: number,
): Promise<RuleTestOutcome> {
  const { InvalidJsonl, parseLabelledAnswers, testRules } = await import('@kefu/scoring');
  let answers: ReturnType<typeof parseLabelledAnswers>;
  try {
    answers = parseLabelledAnswers(text, source);
  } catch (error) {
    if (error instanceof InvalidJsonl) throwLineErrors(source, error.errors);
    throw error;
  }
  const problems: { line: number; message: string }[] = [];
  for (const answer of answers) {
    const item = library.items.get(answer.item);
    if (!item)
      problems.push({ line: answer.line, message: `unknown item "${answer.item}" (see \`kefu quiz list\`)` });
    else if (!library.rubricFor(answer.item)) {
      problems.push({
        line: answer.line,
        message: `item "${answer.item}" is a ${item.type} item; rule tests grade script items`,
      });
    }
  }
  throwLineErrors(source, problems);
  if (answers.length === 0) throw new CliError(`${source}: no labelled answers`);
  const report = testRules(answers, library);
  return {
    file: source,
    ...(minKappa === undefined ? {} : { minKappa }),
    passed: minKappa === undefined || report.kappa >= minKappa,
    report,
  };
}

export async function renderRuleTest(outcome: RuleTestOutcome): Promise<string> {
  const { formatRuleTestReport } = await import('@kefu/scoring');
  const { report } = outcome;
  const lines = [
    `Rule test of ${outcome.file}: ${report.total} labelled answers, ${report.perItem.length} items`,
    '',
    formatRuleTestReport(report),
    '',
    renderTable(
      ['item', 'answers', 'agreed', 'accuracy'],
      [...report.perItem]
        .sort((a, b) => a.item.localeCompare(b.item))
        .map((item) => [item.item, String(item.total), String(item.agreements), percent(item.accuracy)]),
      [1, 2, 3],
    ),
    '',
    outcome.minKappa === undefined
      ? 'No --min-kappa given: reporting only.'
      : outcome.passed
        ? `PASS: kappa ${report.kappa.toFixed(3)} ≥ ${outcome.minKappa}`
        : `FAIL: kappa ${report.kappa.toFixed(3)} < ${outcome.minKappa}`,
  ];
  return `${lines.join('\n')}\n`;
}

function parseKappa(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < -1 || value > 1) {
    throw new CliError(`--min-kappa "${text}" must be a number from -1 to 1`);
  }
  return value;
}

export function registerQuizTestRulesCommand(quiz: Command): void {
  quiz
    .command('test-rules')
    .description(
      "Test the rubrics against labelled answers: accuracy, Cohen's kappa, confusion matrix, each disagreement.",
    )
    .argument(
      '<file>',
      'labelled answers, one {"id","item","answer","pass"[,"why"]} a line; - reads standard input',
    )
    .option('--min-kappa <k>', 'exit 1 when kappa is below K (e.g. 0.8)', parseKappa)
    .option('--json', 'print the result as one JSON object')
    .option('--bank <dir>', 'test the items in DIR instead of the standard bank (always as written)')
    .addHelpText(
      'after',
      '\nExample:\n  kefu quiz test-rules ../shared/labels/script-answers.dev.jsonl --min-kappa 0.8',
    )
    .action(async (file: string, options: { minKappa?: number; json?: boolean; bank?: string }) => {
      const text = await readInputText(file);
      // the rubrics as written in the bank's files, never a database's published versions: a rule test checks a
      // change to those files (CI runs it on the repository), whatever a database holds
      const library = await loadQuizLibrary(options.bank);
      process.stderr.write(`kefu: items from ${options.bank ?? 'the standard bank'} as written\n`);
      const outcome = await runRuleTest(library, text, describeSource(file), options.minKappa);
      process.stdout.write(options.json ? `${JSON.stringify(outcome)}\n` : await renderRuleTest(outcome));
      if (!outcome.passed) process.exitCode = ExitCode.failure;
    });
}
