import { CliError } from './cli-error.js';

/** The languages a quiz session and a report can be shown in. */
export const quizLanguages = ['zh-CN', 'en'] as const;
export type QuizLanguage = (typeof quizLanguages)[number];

/** The session language when neither `--lang` nor `KEFU_LANG` names one: the bank's items are Chinese. */
export const defaultQuizLanguage: QuizLanguage = 'zh-CN';

/** Reads `--lang` / `KEFU_LANG`: `zh-CN` (also `zh`, `zh-Hans`) or `en` (also `en-US` …); anything else is a usage error. */
export function parseQuizLanguage(value: string | undefined): QuizLanguage {
  if (value === undefined || value === '') return defaultQuizLanguage;
  const lower = value.toLowerCase();
  if (lower === 'zh' || lower === 'zh-cn' || lower === 'zh-hans') return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  throw new CliError(`unknown language "${value}" (use ${quizLanguages.join(' or ')})`);
}

const itemTypeNames = {
  'zh-CN': {
    script: '话术',
    'single-choice': '单选',
    'multiple-choice': '多选',
    ordering: '排序',
    matching: '配对',
  },
  en: {
    script: 'script',
    'single-choice': 'single choice',
    'multiple-choice': 'multiple choice',
    ordering: 'ordering',
    matching: 'matching',
  },
} as const;

/** Everything `kefu quiz run` and `kefu report` say around the items' own (authored) text. */
export interface QuizMessages {
  language: QuizLanguage;
  percent(value: number): string;
  itemType(type: string): string;
  header(quiz: {
    title: string;
    id: string;
    items: number;
    passMark: number;
    maxTries: number;
    penaltyPerTry: number;
  }): string;
  traineePrompt(defaultName: string): string;
  inputEndedBeforeStart: string;
  hint(type: string): string;
  /** An answer that cannot be read; `detail` is the reader's (English) reason. */
  unreadable(answer: string, detail: string, hint: string): string;
  certaintyPrompt: string;
  certaintyInvalid: string;
  verdict(state: 'correct' | 'partial' | 'incorrect', score: number): string;
  tolerance(name: string): string;
  missing: string;
  autoFail: string;
  retryPenalty(penalty: number, score: number): string;
  /** `explanation` is @kefu/scoring's (Chinese) explanation of the mark. */
  certaintyMark(certainty: 1 | 2 | 3, correct: boolean, mark: number, explanation: string): string;
  tryAgain(next: number, maxTries: number, best: number): string;
  /** After the last try: the right answer, already in the letters or numbers shown. */
  rightChoice(shown: string): string;
  rightOrder(shown: string): string;
  rightPairs(shown: string): string;
  summaryHeaders(certainty: boolean): string[];
  ended(interrupted: boolean, done: number, total: number): string;
  total(score: number, passed: boolean, passMark: number): string;
  certaintyAverage(average: number): string;
  saved(attemptId: string, trainee: string, location: string): string;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

const certaintyNames = { en: { 1: 'not sure', 2: 'fairly sure', 3: 'very sure' } } as const;

const chinese: QuizMessages = {
  language: 'zh-CN',
  percent,
  itemType: (type) => itemTypeNames['zh-CN'][type as keyof (typeof itemTypeNames)['zh-CN']] ?? type,
  header: (quiz) =>
    `${quiz.title} (${quiz.id}) — ${quiz.items} 题,及格线 ${percent(quiz.passMark)}` +
    (quiz.maxTries > 1 ? `,每题最多 ${quiz.maxTries} 次,重答每次扣 ${percent(quiz.penaltyPerTry)}` : ''),
  traineePrompt: (name) => `学员姓名 [${name}]: `,
  inputEndedBeforeStart: '测验开始前输入就结束了',
  hint: (type) =>
    ({
      'single-choice': '一个字母,例如 B',
      'multiple-choice': '几个字母,例如 A C D',
      ordering: '按正确顺序输入编号,例如 3 1 2',
      matching: '为每个编号的行输入一个字母,按顺序,例如 B A C(或 1B 2A 3C)',
    })[type] ?? '输入你要说的话,写在一行里',
  unreadable: (answer, _detail, hint) => `  ? 无法识别「${answer}」:请输入${hint}。`,
  certaintyPrompt: '把握程度? 1 不太确定 / 2 比较确定 / 3 非常确定 > ',
  certaintyInvalid: '  ? 请输入 1、2 或 3。',
  verdict: (state, score) =>
    `${state === 'correct' ? '✓ 正确' : state === 'partial' ? '△ 部分正确' : '✗ 不正确'}  得分 ${percent(score)}`,
  tolerance: (name) =>
    `(容错:${{ variant: '异体字', 'same-pinyin': '同音字', edit: '错别字' }[name] ?? name})`,
  missing: '缺少:',
  autoFail: '(直接判为不通过)',
  retryPenalty: (penalty, score) => `  重答扣分 ${percent(penalty)} → 本题得分 ${percent(score)}`,
  certaintyMark: (_certainty, _correct, _mark, explanation) => `  把握度计分:${explanation}`,
  tryAgain: (next, maxTries, best) =>
    `再试一次(第 ${next}/${maxTries} 次,最多得 ${percent(best)});直接回车跳过。`,
  rightChoice: (shown) => `  → 正确答案:${shown}`,
  rightOrder: (shown) => `  → 正确顺序:${shown}`,
  rightPairs: (shown) => `  → 正确配对:${shown}`,
  summaryHeaders: (certainty) => ['题目', '作答次数', '得分', ...(certainty ? ['把握度计分'] : []), ''],
  ended: (interrupted, done, total) =>
    `${interrupted ? '已中断' : '输入已结束'}:完成 ${done}/${total} 题,本次测验未完成。`,
  total: (score, passed, passMark) =>
    `总分 ${percent(score)} — ${passed ? '通过' : '未通过'}(及格线 ${percent(passMark)})`,
  certaintyAverage: (average) =>
    `把握度计分(CBM)平均 ${average.toFixed(2)}(−6 到 3;越高说明判断自己对错越准)`,
  saved: (attemptId, trainee, location) => `已保存 ${trainee} 的作答 ${attemptId}(${location})。`,
};

const english: QuizMessages = {
  language: 'en',
  percent,
  itemType: (type) => itemTypeNames.en[type as keyof (typeof itemTypeNames)['en']] ?? type,
  header: (quiz) =>
    `${quiz.title} (${quiz.id}) — ${quiz.items} items, pass mark ${percent(quiz.passMark)}` +
    (quiz.maxTries > 1
      ? `, up to ${quiz.maxTries} tries an item, −${percent(quiz.penaltyPerTry)} a retry`
      : ''),
  traineePrompt: (name) => `Trainee [${name}]: `,
  inputEndedBeforeStart: 'input ended before the quiz started',
  hint: (type) =>
    ({
      'single-choice': 'one letter, e.g. B',
      'multiple-choice': 'letters, e.g. A C D',
      ordering: 'the numbers in the right order, e.g. 3 1 2',
      matching: 'a letter for each numbered line, in order, e.g. B A C (or 1B 2A 3C)',
    })[type] ?? 'type what you would say, on one line',
  unreadable: (_answer, detail, hint) => `  ? ${detail}. Answer with ${hint}.`,
  certaintyPrompt: 'How sure are you? 1 not sure / 2 fairly sure / 3 very sure > ',
  certaintyInvalid: '  ? Type 1, 2 or 3.',
  verdict: (state, score) =>
    `${state === 'correct' ? '✓ Correct' : state === 'partial' ? '△ Partly correct' : '✗ Incorrect'}  score ${percent(score)}`,
  tolerance: (name) =>
    ` (tolerated: ${{ variant: 'variant form', 'same-pinyin': 'same pinyin', edit: 'typo' }[name] ?? name})`,
  missing: 'missing: ',
  autoFail: ' (fails the answer)',
  retryPenalty: (penalty, score) => `  retry penalty ${percent(penalty)} → item score ${percent(score)}`,
  certaintyMark: (certainty, correct, mark) =>
    `  certainty-based mark: ${correct ? 'right' : 'wrong'} and ${certaintyNames.en[certainty]}: ${Math.round(mark * 100) / 100}`,
  tryAgain: (next, maxTries, best) =>
    `Try again (try ${next} of ${maxTries}, worth at most ${percent(best)}); press Enter to move on.`,
  rightChoice: (shown) => `  → right answer: ${shown}`,
  rightOrder: (shown) => `  → right order: ${shown}`,
  rightPairs: (shown) => `  → right pairs: ${shown}`,
  summaryHeaders: (certainty) => ['item', 'tries', 'score', ...(certainty ? ['CBM'] : []), ''],
  ended: (interrupted, done, total) =>
    `${interrupted ? 'Interrupted' : 'Input ended'} after ${done} of ${total} items; the attempt is left unfinished.`,
  total: (score, passed, passMark) =>
    `Total ${percent(score)} — ${passed ? 'passed' : 'not passed'} (pass mark ${percent(passMark)})`,
  certaintyAverage: (average) =>
    `Mean certainty-based mark ${average.toFixed(2)} (−6 to 3; higher means you judged your own answers better)`,
  saved: (attemptId, trainee, location) => `Saved attempt ${attemptId} for ${trainee} (${location}).`,
};

/** The message catalogue of a language. */
export function quizMessages(language: QuizLanguage): QuizMessages {
  return language === 'en' ? english : chinese;
}
