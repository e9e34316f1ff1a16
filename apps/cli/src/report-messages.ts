import { CliError } from './cli-error.js';
import type { QuizLanguage } from './quiz-messages.js';

/** The zone report times are shown in when `--time-zone` / `KEFU_TIME_ZONE` is unset: the standard bank's team works in China. */
export const defaultReportTimeZone = 'Asia/Shanghai';

/** How `kefu report` shows times: the report's language and an IANA time zone. */
export interface ReportLocale {
  language: QuizLanguage;
  timeZone: string;
}

/** Checks an IANA time zone name (`Asia/Shanghai`, `UTC`); an unknown one is a usage error. */
export function parseTimeZone(value: string | undefined): string {
  const zone = value === undefined || value === '' ? defaultReportTimeZone : value;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new CliError(`unknown time zone "${zone}" (an IANA name such as Asia/Shanghai or UTC)`);
  }
}

/** An ISO instant as a date and time in the locale and zone: `2026年12月1日 22:30`, `Dec 1, 2026, 22:30`. */
export function formatInstant(iso: string, locale: ReportLocale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale.language, {
    timeZone: locale.timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
  }).format(date);
}

/** The words of `kefu report` (terminal and HTML) in one language. */
export interface ReportMessages {
  title: string;
  generated(at: string, timeZone: string, filter: string): string;
  filterQuiz(quiz: string): string;
  filterTrainee(trainee: string): string;
  trainees: string;
  items: string;
  skills: string;
  meanScorePerTrainee: string;
  facilityPerItem: string;
  firstTryPassRatePerItem: string;
  traineeHeaders: string[];
  itemHeaders: string[];
  skillHeaders: string[];
  itemType(type: string): string;
  noAttempts: string;
}

const chinese: ReportMessages = {
  title: 'kefu 培训报告',
  generated: (at, zone, filter) => `生成于 ${at}(${zone})${filter ? ` — ${filter}` : ''}。`,
  filterQuiz: (quiz) => `测验 ${quiz}`,
  filterTrainee: (trainee) => `学员 ${trainee}`,
  trainees: '学员',
  items: '题目',
  skills: '技能评估',
  meanScorePerTrainee: '各学员平均分',
  facilityPerItem: '各题难易度(平均最终得分)',
  firstTryPassRatePerItem: '各题首次作答通过率',
  traineeHeaders: ['学员', '作答次数', '完成', '通过', '平均分', '最高分', '最近作答'],
  itemHeaders: ['题目', '题型', '作答数', '平均分', '通过率', '首次通过率', '平均作答次数'],
  skillHeaders: ['学员', '技能', '评分', '不确定度', '依据数'],
  itemType: (type) =>
    ({
      script: '话术',
      'single-choice': '单选',
      'multiple-choice': '多选',
      ordering: '排序',
      matching: '配对',
    })[type] ?? type,
  noAttempts: '还没有测验记录。请先运行 `kefu quiz run QUIZ`。',
};

const english: ReportMessages = {
  title: 'kefu training report',
  generated: (at, zone, filter) => `Generated ${at} (${zone})${filter ? ` — ${filter}` : ''}.`,
  filterQuiz: (quiz) => `quiz ${quiz}`,
  filterTrainee: (trainee) => `trainee ${trainee}`,
  trainees: 'Trainees',
  items: 'Items',
  skills: 'Skill estimates',
  meanScorePerTrainee: 'Mean score per trainee',
  facilityPerItem: 'Facility (mean final score) per item',
  firstTryPassRatePerItem: 'First-try pass rate per item',
  traineeHeaders: ['Trainee', 'Attempts', 'Finished', 'Passed', 'Mean score', 'Best score', 'Last attempt'],
  itemHeaders: ['Item', 'Type', 'Responses', 'Mean score', 'Pass rate', 'First-try pass rate', 'Mean tries'],
  skillHeaders: ['Trainee', 'Skill', 'Rating', 'Uncertainty', 'Evidence'],
  itemType: (type) => type.replace('-', ' '),
  noAttempts: 'No quiz attempts recorded yet. Run `kefu quiz run QUIZ` first.',
};

/** The report's words in a language. */
export function reportMessages(language: QuizLanguage): ReportMessages {
  return language === 'en' ? english : chinese;
}
