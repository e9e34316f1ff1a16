import { userInfo } from 'node:os';
import type { AttemptTryResult, FeedbackVisibility, ItemGrade } from '@kefu/scoring';
import type { SkillEstimate, TrainingStore } from '@kefu/training-store';
import { type Command, Option } from 'commander';
import { CliError, ExitCode } from '../cli-error.js';
import { createLineReader, type LineReader } from '../line-reader.js';
import { loadPublishedQuizLibrary, loadQuizLibrary } from '../load-quiz-library.js';
import { type DatabaseOptions, openDatabase } from '../open-database.js';
import { toItemResponse, UnreadableAnswer } from '../parse-answer.js';
import type { CliGrade, LibraryItem, LibraryQuiz } from '../quiz-library.js';
import { parseQuizLanguage, type QuizMessages, quizLanguages, quizMessages } from '../quiz-messages.js';
import { renderTable } from '../render-table.js';

interface RunOptions extends DatabaseOptions {
  trainee?: string;
  seed?: string;
  bank?: string;
  save: boolean;
  lang?: string;
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

/** The options as the terminal showed them: letters or numbers refer to these positions. */
export interface Display {
  options?: { id: string; text: string }[];
  stems?: { id: string; text: string }[];
  choices?: { id: string; text: string }[];
}

/** How an item is headed in a session: its title and id when it has a title, else its id. */
export function itemHeading(item: Pick<LibraryItem, 'id' | 'title'>): string {
  return item.title ? `${item.title} (${item.id})` : item.id;
}

function present(
  item: LibraryItem,
  random: () => number,
  messages: QuizMessages,
): { text: string; display: Display; hint: string } {
  const lines = [item.prompt];
  const display: Display = {};
  if (item.type === 'single-choice' || item.type === 'multiple-choice') {
    display.options = [...(item.options ?? [])];
    for (const [index, option] of display.options.entries()) lines.push(`  ${letter(index)}. ${option.text}`);
  } else if (item.type === 'ordering') {
    display.options = shuffled(item.options ?? [], random);
    for (const [index, option] of display.options.entries()) lines.push(`  ${index + 1}. ${option.text}`);
  } else if (item.type === 'matching') {
    display.stems = [...(item.stems ?? [])];
    display.choices = [...(item.choices ?? [])];
    for (const [index, stem] of display.stems.entries()) lines.push(`  ${index + 1}. ${stem.text}`);
    lines.push('');
    for (const [index, choice] of display.choices.entries()) lines.push(`  ${letter(index)}. ${choice.text}`);
  }
  return { text: lines.join('\n'), display, hint: messages.hint(item.type) };
}

/**
 * The right answer of an objective item in the letters and numbers the terminal showed
 * (`B. 客服主管`, `A C`, `3 1 2`, `1B 2A`), or undefined for a script item.
 */
export function renderRightAnswer(
  item: LibraryItem,
  display: Display,
  messages: QuizMessages,
): string | undefined {
  const options = display.options ?? [];
  const position = (id: string) => options.findIndex((option) => option.id === id);
  const answer = item.modelAnswer;
  switch (item.type) {
    case 'single-choice': {
      const index = position(String(answer));
      return messages.rightChoice(`${letter(index)}. ${options[index]?.text ?? ''}`);
    }
    case 'multiple-choice':
      return messages.rightChoice(
        (answer as string[])
          .map(position)
          .sort((a, b) => a - b)
          .map(letter)
          .join(' '),
      );
    case 'ordering': {
      const order = answer as string[];
      return messages.rightOrder(
        `${order.map((id) => position(id) + 1).join(' ')}(${order.map((id) => options[position(id)]?.text ?? id).join(' → ')})`,
      );
    }
    case 'matching': {
      const stems = display.stems ?? [];
      const choices = display.choices ?? [];
      const pairs = answer as Record<string, string>;
      return messages.rightPairs(
        stems
          .map(
            (stem, index) =>
              `${index + 1}${letter(choices.findIndex((choice) => choice.id === pairs[stem.id]))}`,
          )
          .join(' '),
      );
    }
    default:
      return undefined;
  }
}

/** What is shown once the item is over and was not shown before: the right answer and the explanation. */
function renderReveal(item: LibraryItem, display: Display, messages: QuizMessages): string[] {
  const lines: string[] = [];
  const right = renderRightAnswer(item, display, messages);
  if (right) lines.push(right);
  if (item.explanation) lines.push(`  → ${item.explanation}`);
  return lines;
}

/**
 * The explained feedback printed after a try, in the session's language: the verdict, what the
 * answer got right and wrong (a script's concepts with the words that proved them), the feedback on
 * the picked options — and the right answer and explanation only when `visibility` allows
 * (@kefu/scoring's `feedbackVisibility`: once the item is over, never before a retry).
 */
export function renderFeedback(
  grade: CliGrade,
  item: LibraryItem,
  display: Display,
  visibility: FeedbackVisibility,
  messages: QuizMessages,
): string {
  const detail = grade.detail as ItemGrade;
  const state = grade.passed ? 'correct' : grade.score > 0 ? 'partial' : 'incorrect';
  const lines = [messages.verdict(state, grade.score)];
  const hidden = new Set(detail.answerFeedback ?? []);
  if (grade.itemType === 'script') {
    for (const hit of grade.hits) {
      lines.push(
        `  ✓ ${hit.label}${hit.quote ? `「${hit.quote}」` : ''}${hit.tolerance && hit.tolerance !== 'exact' ? messages.tolerance(hit.tolerance) : ''}`,
      );
    }
    for (const miss of grade.misses)
      lines.push(`  ✗ ${messages.missing}${miss.label}${miss.feedback ? ` — ${miss.feedback}` : ''}`);
    for (const violation of grade.violations) {
      lines.push(
        `  ⚠ ${violation.label}${violation.quote ? `「${violation.quote}」` : ''}${violation.effect === 'auto-fail' ? messages.autoFail : ''}`,
      );
    }
    const shown = new Set(grade.misses.map((miss) => miss.feedback));
    for (const feedback of grade.feedback)
      if (!shown.has(feedback) && !hidden.has(feedback)) lines.push(`  → ${feedback}`);
  } else {
    // the authored feedback of the options picked; the engine's own lines name options by id, so
    // the right answer is rendered here in the letters shown
    for (const feedback of grade.feedback) if (!hidden.has(feedback)) lines.push(`  → ${feedback}`);
  }
  if (visibility.rightAnswer) lines.push(...renderReveal(item, display, messages));
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
  messages: QuizMessages,
  item: LibraryItem,
  quiz: LibraryQuiz,
  position: string,
  random: () => number,
  grade: (item: LibraryItem, answer: string, display: Display) => CliGrade,
  record: (
    tryNumber: number,
    answer: string,
    grade: CliGrade,
    penalty: number,
    feedback: string,
  ) => Promise<void>,
): Promise<ItemOutcome | null> {
  const { feedbackVisibility, scoreAttempt } = await import('@kefu/scoring');
  const policy = {
    maxTries: quiz.maxTries,
    penaltyPerTry: quiz.penaltyPerTry,
    certaintyBasedMarking: quiz.certaintyBasedMarking,
  };
  const { text, display, hint } = present(item, random, messages);
  write(`\n${position} ${itemHeading(item)} · ${messages.itemType(item.type)}\n${text}\n(${hint})\n`);
  const tries: { grade: ItemGrade; certainty?: 1 | 2 | 3 }[] = [];
  let outcome: ItemOutcome = { item, tries: 0, score: 0, passed: false };
  while (tries.length < quiz.maxTries) {
    let result: CliGrade | undefined;
    let answer = '';
    while (!result) {
      const line = await reader.ask('> ');
      if (line === null) return null;
      answer = line.trim();
      if (tries.length > 0 && answer === '') {
        // the trainee moves on: the item is over, so now the answer may be shown
        const reveal = renderReveal(item, display, messages);
        if (reveal.length > 0) write(`${reveal.join('\n')}\n`);
        return outcome;
      }
      try {
        result = grade(item, answer, display);
      } catch (error) {
        const invalid = (error as { code?: unknown }).code === 'INVALID_RESPONSE';
        if (!(error instanceof UnreadableAnswer) && !invalid) throw error;
        const detail = invalid
          ? ((error as { issues?: { message: string }[] }).issues ?? [])
              .map((issue) => issue.message)
              .join('; ')
          : error instanceof Error
            ? error.message
            : String(error);
        write(`${messages.unreadable(answer, detail, hint)}\n`);
      }
    }
    let certainty: 1 | 2 | 3 | undefined;
    while (quiz.certaintyBasedMarking && certainty === undefined) {
      const line = await reader.ask(messages.certaintyPrompt);
      if (line === null) return null;
      if (/^[123]$/.test(line.trim())) certainty = Number(line.trim()) as 1 | 2 | 3;
      else write(`${messages.certaintyInvalid}\n`);
    }
    tries.push({ grade: result.detail as ItemGrade, ...(certainty ? { certainty } : {}) });
    // @kefu/scoring's attempt scoring: each try loses the penalty of the tries before it; the best counts
    const attempt = scoreAttempt(tries, policy);
    const last = attempt.tries[attempt.tries.length - 1] as AttemptTryResult;
    // @kefu/scoring's rule of what may be shown after this try: the answer only once the item is over
    const visibility = feedbackVisibility({
      tryNumber: last.number,
      maxTries: quiz.maxTries,
      passed: result.passed,
    });
    const feedback = renderFeedback(result, item, display, visibility, messages);
    write(`${feedback}\n`);
    if (last.penalty > 0) write(`${messages.retryPenalty(last.penalty, last.score)}\n`);
    if (attempt.certainty) {
      write(
        `${messages.certaintyMark(attempt.certainty.certainty, attempt.score > 1e-7, attempt.certainty.mark, attempt.certainty.explanation)}\n`,
      );
    }
    await record(
      last.number,
      answer,
      certainty ? { ...result, detail: { ...(result.detail as object), certainty } } : result,
      last.penalty,
      feedback,
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
    if (!visibility.tryAgain) return outcome;
    const next = Math.min(1, tries.length * quiz.penaltyPerTry);
    write(`${messages.tryAgain(tries.length + 1, quiz.maxTries, 1 - next)}\n`);
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
    .option('--bank <dir>', 'take a quiz from DIR instead of the standard bank (no published versions)')
    .option(
      '--no-save',
      'do not open the database or save the attempt (grades with the standard bank as shipped)',
    )
    .addOption(
      new Option('--lang <language>', `the session's language: ${quizLanguages.join(' or ')}`)
        .env('KEFU_LANG')
        .default('zh-CN'),
    )
    .addHelpText(
      'after',
      `
Answers: type the script on one line; a letter for a choice (A C for several); the numbers of an
ordering in order (3 1 2); a letter for each numbered line of a matching item (B A C).
After a wrong try you may try again as the quiz allows (each retry costs its penalty) or press
Enter to move on; the right answer is shown once the item is over, never before a retry.
A saved session grades with the item versions trainers published (as the server does) and records
the quiz and item versions on the attempt.
Works with piped input: one answer a line. KEFU_LANG sets the default of --lang.
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
      const messages = quizMessages(parseQuizLanguage(options.lang));
      const write = (text: string) => process.stdout.write(text);
      const reader = createLineReader(process.stdin, process.stdout);
      const random = seededRandom(options.seed === undefined ? Date.now() : Number(options.seed));
      try {
        write(
          `${messages.header({
            title: quiz.title,
            id: quiz.id,
            items: quiz.itemIds.length,
            passMark: quiz.passMark,
            maxTries: quiz.maxTries,
            penaltyPerTry: quiz.penaltyPerTry,
          })}\n`,
        );
        let trainee = options.trainee?.trim();
        while (!trainee) {
          const line = await reader.ask(messages.traineePrompt(userInfo().username));
          if (line === null) throw new CliError(messages.inputEndedBeforeStart);
          trainee = line.trim() || userInfo().username;
        }
        const store = options.save
          ? await openDatabase(command.optsWithGlobals() as DatabaseOptions)
          : undefined;
        try {
          const { createTrainingStore } = await import('@kefu/training-store');
          const training = store ? createTrainingStore(store) : undefined;
          // a saved attempt is graded with the item versions trainers published, as the server grades
          const graded =
            training && options.bank === undefined ? await loadPublishedQuizLibrary(training) : library;
          const quizVersion = graded.quizzes.get(quiz.id)?.version;
          const attempt = await training?.startAttempt({
            quizId: quiz.id,
            quizTitle: quiz.title,
            trainee,
            passMark: quiz.passMark,
            at: new Date().toISOString(),
            ...(quizVersion !== undefined ? { quizVersion } : {}),
          });
          const outcomes: ItemOutcome[] = [];
          let ended = false;
          const order = quiz.shuffle ? shuffled(quiz.itemIds, random) : [...quiz.itemIds];
          for (const [index, itemId] of order.entries()) {
            const item = graded.items.get(itemId);
            if (!item) throw new CliError(`quiz "${quiz.id}" names unknown item "${itemId}"`);
            const outcome = await askItem(
              reader,
              write,
              messages,
              item,
              quiz,
              `[${index + 1}/${quiz.itemIds.length}]`,
              random,
              (target, answer, display) => graded.grade(target, toItemResponse(target, answer, display)),
              async (tryNumber, answer, result, penalty, feedback) => {
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
                  feedback,
                  at: new Date().toISOString(),
                  ...(item.version !== undefined ? { itemVersion: item.version } : {}),
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
              messages.summaryHeaders(quiz.certaintyBasedMarking),
              outcomes.map((outcome) => [
                itemHeading(outcome.item),
                String(outcome.tries),
                messages.percent(outcome.score),
                ...(quiz.certaintyBasedMarking
                  ? [outcome.certainty ? outcome.certainty.mark.toFixed(2) : '–']
                  : []),
                outcome.passed ? '✓' : '✗',
              ]),
              quiz.certaintyBasedMarking ? [1, 2, 3] : [1, 2],
            )}\n`,
          );
          if (ended || reader.interrupted) {
            write(`\n${messages.ended(reader.interrupted, outcomes.length, quiz.itemIds.length)}\n`);
          } else {
            write(`\n${messages.total(score, passed, quiz.passMark)}\n`);
            const marks = outcomes.flatMap((outcome) => (outcome.certainty ? [outcome.certainty.mark] : []));
            if (marks.length > 0) {
              const average = marks.reduce((sum, mark) => sum + mark, 0) / marks.length;
              write(`${messages.certaintyAverage(average)}\n`);
            }
            if (attempt && training) {
              const at = new Date().toISOString();
              await training.finishAttempt({ attemptId: attempt.id, score, passed, at });
              await updateSkillEstimates(training, trainee, outcomes, at);
            }
          }
          if (attempt && store) write(`${messages.saved(attempt.id, trainee, store.location)}\n`);
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
