import { userInfo } from 'node:os';
import type { AttemptTryResult, ItemGrade } from '@kefu/scoring';
import type { SkillEstimate, TrainingStore } from '@kefu/training-store';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../cli-error.js';
import { createLineReader, type LineReader } from '../line-reader.js';
import { loadQuizLibrary } from '../load-quiz-library.js';
import { type DatabaseOptions, openDatabase } from '../open-database.js';
import { toItemResponse, UnreadableAnswer } from '../parse-answer.js';
import type { CliGrade, LibraryItem, LibraryQuiz } from '../quiz-library.js';
import { percent, renderTable } from '../render-table.js';

interface RunOptions extends DatabaseOptions {
  trainee?: string;
  seed?: string;
  bank?: string;
  save: boolean;
}

/** A small seeded generator (mulberry32) so a shuffled ordering item can be replayed with --seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffled<T>(values: readonly T[], random: () => number): T[] {
  const copy = [...values];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  // never show an ordering item already in order
  if (copy.length > 1 && copy.every((value, index) => value === values[index])) copy.push(copy.shift() as T);
  return copy;
}

const letter = (index: number) => String.fromCharCode(65 + index);

interface Display {
  options?: { id: string; text: string }[];
  stems?: { id: string; text: string }[];
  choices?: { id: string; text: string }[];
}

function present(item: LibraryItem, random: () => number): { text: string; display: Display; hint: string } {
  const lines = [item.prompt];
  const display: Display = {};
  let hint = '';
  if (item.type === 'single-choice' || item.type === 'multiple-choice') {
    display.options = [...(item.options ?? [])];
    for (const [index, option] of display.options.entries()) lines.push(`  ${letter(index)}. ${option.text}`);
    hint = item.type === 'single-choice' ? 'one letter, e.g. B' : 'letters, e.g. A C D';
  } else if (item.type === 'ordering') {
    display.options = shuffled(item.options ?? [], random);
    for (const [index, option] of display.options.entries()) lines.push(`  ${index + 1}. ${option.text}`);
    hint = 'the numbers in the right order, e.g. 3 1 2';
  } else if (item.type === 'matching') {
    display.stems = [...(item.stems ?? [])];
    display.choices = [...(item.choices ?? [])];
    for (const [index, stem] of display.stems.entries()) lines.push(`  ${index + 1}. ${stem.text}`);
    lines.push('');
    for (const [index, choice] of display.choices.entries()) lines.push(`  ${letter(index)}. ${choice.text}`);
    hint = 'a letter for each numbered line, in order, e.g. B A C (or 1B 2A 3C)';
  } else {
    hint = 'type what you would say, on one line';
  }
  return { text: lines.join('\n'), display, hint };
}

/** The explained feedback printed after each try. */
export function renderFeedback(grade: CliGrade): string {
  const lines = [
    `${grade.passed ? '✓ 正确' : grade.score > 0 ? '△ 部分正确' : '✗ 不正确'}  得分 ${percent(grade.score)}`,
  ];
  for (const hit of grade.hits) {
    lines.push(
      `  ✓ ${hit.label}${hit.quote ? `「${hit.quote}」` : ''}${hit.tolerance && hit.tolerance !== 'exact' ? `(容错:${hit.tolerance})` : ''}`,
    );
  }
  const missing = grade.itemType === 'script' ? '缺少:' : '';
  for (const miss of grade.misses)
    lines.push(`  ✗ ${missing}${miss.label}${miss.feedback ? ` — ${miss.feedback}` : ''}`);
  for (const violation of grade.violations) {
    lines.push(
      `  ⚠ ${violation.label}${violation.quote ? `「${violation.quote}」` : ''}${violation.effect === 'auto-fail' ? '(直接判为不通过)' : ''}`,
    );
  }
  const shown = new Set(grade.misses.map((miss) => miss.feedback));
  for (const feedback of grade.feedback) if (!shown.has(feedback)) lines.push(`  → ${feedback}`);
  return lines.join('\n');
}

interface ItemOutcome {
  item: LibraryItem;
  tries: number;
  /** The best penalised try. */
  score: number;
  /** Whether the last try passed. */
  passed: boolean;
  /** With certainty-based marking: the CBM mark (−6…3) of the item. */
  certainty?: { certainty: 1 | 2 | 3; mark: number };
}

async function askItem(
  reader: LineReader,
  write: (text: string) => void,
  item: LibraryItem,
  quiz: LibraryQuiz,
  position: string,
  random: () => number,
  grade: (item: LibraryItem, answer: string, display: Display) => CliGrade,
  record: (tryNumber: number, answer: string, grade: CliGrade, penalty: number) => Promise<void>,
): Promise<ItemOutcome | null> {
  const { scoreAttempt } = await import('@kefu/scoring');
  const policy = {
    maxTries: quiz.maxTries,
    penaltyPerTry: quiz.penaltyPerTry,
    certaintyBasedMarking: quiz.certaintyBasedMarking,
  };
  const { text, display, hint } = present(item, random);
  write(`\n${position} ${item.id} · ${item.type}\n${text}\n(${hint})\n`);
  const tries: { grade: ItemGrade; certainty?: 1 | 2 | 3 }[] = [];
  let outcome: ItemOutcome = { item, tries: 0, score: 0, passed: false };
  while (tries.length < quiz.maxTries) {
    let result: CliGrade | undefined;
    let answer = '';
    while (!result) {
      const line = await reader.ask('> ');
      if (line === null) return null;
      answer = line.trim();
      if (tries.length > 0 && answer === '') return outcome;
      try {
        result = grade(item, answer, display);
      } catch (error) {
        const invalid = (error as { code?: unknown }).code === 'INVALID_RESPONSE';
        if (!(error instanceof UnreadableAnswer) && !invalid) throw error;
        const message = invalid
          ? ((error as { issues?: { message: string }[] }).issues ?? [])
              .map((issue) => issue.message)
              .join('; ')
          : error instanceof Error
            ? error.message
            : String(error);
        write(`  ? ${message}. Answer with ${hint}.\n`);
      }
    }
    let certainty: 1 | 2 | 3 | undefined;
    while (quiz.certaintyBasedMarking && certainty === undefined) {
      const line = await reader.ask('把握程度? 1 不太确定 / 2 比较确定 / 3 非常确定 > ');
      if (line === null) return null;
      if (/^[123]$/.test(line.trim())) certainty = Number(line.trim()) as 1 | 2 | 3;
      else write('  ? 请输入 1、2 或 3。\n');
    }
    tries.push({ grade: result.detail as ItemGrade, ...(certainty ? { certainty } : {}) });
    // @kefu/scoring's attempt scoring: each try loses the penalty of the tries before it; the best counts
    const attempt = scoreAttempt(tries, policy);
    const last = attempt.tries[attempt.tries.length - 1] as AttemptTryResult;
    write(`${renderFeedback(result)}\n`);
    if (last.penalty > 0) write(`  重答扣分 ${percent(last.penalty)} → 本题得分 ${percent(last.score)}\n`);
    if (attempt.certainty) write(`  把握度计分:${attempt.certainty.explanation}\n`);
    await record(
      last.number,
      answer,
      certainty ? { ...result, detail: { ...(result.detail as object), certainty } } : result,
      last.penalty,
    );
    outcome = {
      item,
      tries: attempt.triesUsed,
      score: attempt.score,
      passed: attempt.passed,
      ...(attempt.certainty
        ? { certainty: { certainty: attempt.certainty.certainty, mark: attempt.certainty.mark } }
        : {}),
    };
    if (result.passed) return outcome;
    if (tries.length < quiz.maxTries) {
      const next = Math.min(1, tries.length * quiz.penaltyPerTry);
      write(
        `再试一次(第 ${tries.length + 1}/${quiz.maxTries} 次,最多得 ${percent(1 - next)});直接回车跳过。\n`,
      );
    }
  }
  return outcome;
}

/**
 * Moves the trainee's Elo rating of each skill by each item's final score (items rated at the
 * default 1500, fixed), and saves it with the number of results it rests on.
 */
async function updateSkillEstimates(
  training: TrainingStore,
  trainee: string,
  outcomes: readonly ItemOutcome[],
  at: string,
) {
  const { defaultEloRating, updateElo } = await import('@kefu/scoring');
  const current = new Map(
    (await training.skillEstimates({ trainee })).map((estimate) => [estimate.skill, estimate]),
  );
  const changed = new Set<string>();
  for (const outcome of outcomes) {
    const skill = outcome.item.skill ?? 'general';
    const before = current.get(skill);
    const update = updateElo({
      agentRating: before?.rating ?? defaultEloRating,
      itemRating: defaultEloRating,
      score: outcome.score,
      itemKFactor: 0,
    });
    current.set(skill, {
      trainee,
      skill,
      rating: update.agentRating,
      uncertainty: null,
      evidence: (before?.evidence ?? 0) + 1,
      updatedAt: at,
    });
    changed.add(skill);
  }
  for (const skill of changed) {
    const estimate = current.get(skill) as SkillEstimate;
    await training.saveSkillEstimate({
      trainee,
      skill,
      rating: estimate.rating,
      evidence: estimate.evidence,
      at,
    });
  }
}

export function registerQuizRunCommand(quiz: Command): void {
  quiz
    .command('run')
    .description(
      'Take a quiz in the terminal: each item, your answer, explained feedback, retries, a summary; saved to the database.',
    )
    .argument('<quiz>', 'the quiz id (see kefu quiz list)')
    .option('--trainee <name>', 'who is taking the quiz (asked when not given)')
    .option('--seed <n>', 'shuffle ordering items with this seed (to replay a session)')
    .option('--bank <dir>', 'take a quiz from DIR instead of the standard bank')
    .option('--no-save', 'do not save the attempt')
    .addHelpText(
      'after',
      `
Answers: type the script on one line; a letter for a choice (A C for several); the numbers of an
ordering in order (3 1 2); a letter for each numbered line of a matching item (B A C).
After a wrong try you may try again as the quiz allows (each retry costs its penalty) or press
Enter to move on. Works with piped input: one answer a line.
Exit code: 0 passed, 1 not passed (or input ended early), 2 unknown quiz.`,
    )
    .action(async (quizId: string, options: RunOptions, command: Command) => {
      const library = await loadQuizLibrary(options.bank);
      const quiz = library.quizzes.get(quizId);
      if (!quiz) {
        throw new CliError(
          `unknown quiz "${quizId}" (known: ${[...library.quizzes.keys()].join(', ') || 'none'})`,
        );
      }
      const write = (text: string) => process.stdout.write(text);
      const reader = createLineReader(process.stdin, process.stdout);
      const random = seededRandom(options.seed === undefined ? Date.now() : Number(options.seed));
      try {
        write(
          `${quiz.title} (${quiz.id}) — ${quiz.itemIds.length} 题,及格线 ${percent(quiz.passMark)}` +
            (quiz.maxTries > 1
              ? `,每题最多 ${quiz.maxTries} 次,重答每次扣 ${percent(quiz.penaltyPerTry)}`
              : '') +
            '\n',
        );
        let trainee = options.trainee?.trim();
        while (!trainee) {
          const line = await reader.ask(`学员姓名 [${userInfo().username}]: `);
          if (line === null) throw new CliError('input ended before the quiz started');
          trainee = line.trim() || userInfo().username;
        }
        const store = options.save
          ? await openDatabase(command.optsWithGlobals() as DatabaseOptions)
          : undefined;
        try {
          const { createTrainingStore } = await import('@kefu/training-store');
          const training = store ? createTrainingStore(store) : undefined;
          const attempt = await training?.startAttempt({
            quizId: quiz.id,
            quizTitle: quiz.title,
            trainee,
            passMark: quiz.passMark,
            at: new Date().toISOString(),
          });
          const outcomes: ItemOutcome[] = [];
          let ended = false;
          const order = quiz.shuffle ? shuffled(quiz.itemIds, random) : [...quiz.itemIds];
          for (const [index, itemId] of order.entries()) {
            const item = library.items.get(itemId);
            if (!item) throw new CliError(`quiz "${quiz.id}" names unknown item "${itemId}"`);
            const outcome = await askItem(
              reader,
              write,
              item,
              quiz,
              `[${index + 1}/${quiz.itemIds.length}]`,
              random,
              (target, answer, display) => library.grade(target, toItemResponse(target, answer, display)),
              async (tryNumber, answer, result, penalty) => {
                await training?.recordResponse({
                  attemptId: attempt?.id ?? '',
                  itemId: item.id,
                  itemType: item.type,
                  tryNumber,
                  answer,
                  rawScore: result.score,
                  penalty,
                  passed: result.passed,
                  grade: result.detail,
                  feedback: renderFeedback(result),
                  at: new Date().toISOString(),
                });
              },
            );
            if (!outcome) {
              ended = true;
              break;
            }
            outcomes.push(outcome);
          }
          const weights = new Map(quiz.items.map((reference) => [reference.id, reference.weight]));
          const totalWeight = quiz.items.reduce((sum, reference) => sum + reference.weight, 0) || 1;
          const score =
            outcomes.reduce((sum, outcome) => sum + outcome.score * (weights.get(outcome.item.id) ?? 1), 0) /
            totalWeight;
          const passed = !ended && score >= quiz.passMark;
          write(
            `\n${renderTable(
              ['item', 'tries', 'score', ...(quiz.certaintyBasedMarking ? ['CBM'] : []), ''],
              outcomes.map((outcome) => [
                outcome.item.id,
                String(outcome.tries),
                percent(outcome.score),
                ...(quiz.certaintyBasedMarking
                  ? [outcome.certainty ? outcome.certainty.mark.toFixed(2) : '–']
                  : []),
                outcome.passed ? '✓' : '✗',
              ]),
              quiz.certaintyBasedMarking ? [1, 2, 3] : [1, 2],
            )}\n`,
          );
          if (ended || reader.interrupted) {
            write(
              `\n${reader.interrupted ? 'Interrupted' : 'Input ended'} after ${outcomes.length} of ${quiz.itemIds.length} items; the attempt is left unfinished.\n`,
            );
          } else {
            write(
              `\n总分 ${percent(score)} — ${passed ? '通过' : '未通过'}(及格线 ${percent(quiz.passMark)})\n`,
            );
            const marks = outcomes.flatMap((outcome) => (outcome.certainty ? [outcome.certainty.mark] : []));
            if (marks.length > 0) {
              const average = marks.reduce((sum, mark) => sum + mark, 0) / marks.length;
              write(`把握度计分(CBM)平均 ${average.toFixed(2)}(−6 到 3;越高说明判断自己对错越准)\n`);
            }
            if (attempt && training) {
              const at = new Date().toISOString();
              await training.finishAttempt({ attemptId: attempt.id, score, passed, at });
              await updateSkillEstimates(training, trainee, outcomes, at);
            }
          }
          if (attempt && store) write(`Saved attempt ${attempt.id} for ${trainee} (${store.location}).\n`);
          process.exitCode = reader.interrupted
            ? ExitCode.interrupted
            : passed
              ? ExitCode.ok
              : ExitCode.failure;
        } finally {
          await store?.close();
        }
      } finally {
        reader.close();
      }
    });
}
