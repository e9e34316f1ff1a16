import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CompiledRubric,
  type CriterionRating,
  compileRubric,
  createScorecardLibrary,
  gradeScriptAnswer,
  InvalidItem,
  type LocatedIssue,
  parseYamlSource,
  rubricSchema,
  type Scorecard,
  type ScorecardLibrary,
  scorecardSchema,
  YamlValidationError,
} from '@kefu/scoring';
import { z } from 'zod';
import { standardBankDirectory } from './load-bank.js';

/**
 * How the script grader may suggest a criterion's rating from text: `passed` suggests "yes" when
 * the rubric passes and "no" otherwise; `no-violations` suggests "no" when a forbidden phrase or a
 * house rule of conduct is broken (quoting it) and "yes" otherwise.
 */
export const criterionPrefillSchema = z.strictObject({
  mode: z.enum(['passed', 'no-violations']),
  rubric: rubricSchema,
});

export type CriterionPrefill = z.output<typeof criterionPrefillSchema>;

/** A published scorecard version with the grader rules of the criteria that have them. */
export interface BankScorecard {
  scorecard: Scorecard;
  /** criterion id → how the grader suggests its rating. */
  prefill: Readonly<Record<string, { mode: CriterionPrefill['mode']; rubric: CompiledRubric }>>;
  file: string;
}

/** A rating the script grader suggests for one criterion, with the words that decided it. */
export interface SuggestedRating {
  criterionId: string;
  rating: Extract<CriterionRating, 'yes' | 'no'>;
  /** Why (Chinese): the quoted violation, or the concepts found or missing. */
  evidence: string;
}

/** Reads scorecard YAML files: every problem located at file:line:column (`YamlValidationError`). */
export function loadScorecardFiles(files: readonly { file: string; text: string }[]): BankScorecard[] {
  const issues: LocatedIssue[] = [];
  const cards: BankScorecard[] = [];
  for (const { file, text } of files) {
    let source: ReturnType<typeof parseYamlSource>;
    try {
      source = parseYamlSource(text, file);
    } catch (error) {
      if (error instanceof YamlValidationError) {
        issues.push(...error.located);
        continue;
      }
      throw error;
    }
    const parsed = scorecardSchema.safeParse(source.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push(source.locate(issue.path.map(String), issue.message));
      continue;
    }
    const prefill: BankScorecard['prefill'] = {};
    const raw = source.value as { sections?: { criteria?: { id?: string; prefill?: unknown }[] }[] };
    raw.sections?.forEach((section, sectionIndex) => {
      section.criteria?.forEach((criterion, criterionIndex) => {
        if (criterion.prefill === undefined || typeof criterion.id !== 'string') return;
        const path = ['sections', String(sectionIndex), 'criteria', String(criterionIndex), 'prefill'];
        const rule = criterionPrefillSchema.safeParse(criterion.prefill);
        if (!rule.success) {
          for (const issue of rule.error.issues)
            issues.push(source.locate([...path, ...issue.path.map(String)], issue.message));
          return;
        }
        try {
          (prefill as Record<string, unknown>)[criterion.id] = {
            mode: rule.data.mode,
            rubric: compileRubric(rule.data.rubric),
          };
        } catch (error) {
          if (!(error instanceof InvalidItem)) throw error;
          issues.push(source.locate([...path, 'rubric'], error.message));
        }
      });
    });
    cards.push({ scorecard: parsed.data, prefill, file });
  }
  if (issues.length > 0) throw new YamlValidationError(issues);
  return cards;
}

let standard: { cards: BankScorecard[]; library: ScorecardLibrary } | undefined;

function loadStandard() {
  if (!standard) {
    const directory = join(standardBankDirectory, 'scorecards');
    const files = readdirSync(directory)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => ({ file: join(directory, name), text: readFileSync(join(directory, name), 'utf8') }));
    const cards = loadScorecardFiles(files);
    standard = { cards, library: createScorecardLibrary(cards.map((card) => card.scorecard)) };
  }
  return standard;
}

/** The id of the standard complaint QA scorecard (投诉服务质检评分表). */
export const standardScorecardId = 'complaint-qa';

/** Every published version of the standard scorecards (`scorecards/*.yaml`), frozen. */
export function standardScorecards(): ScorecardLibrary {
  return loadStandard().library;
}

/** One version of a standard scorecard with its grader rules; the newest when `version` is left out. */
export function standardScorecard(id: string = standardScorecardId, version?: number): BankScorecard {
  const { cards, library } = loadStandard();
  const scorecard = version === undefined ? library.latest(id) : library.get(id, version);
  return cards.find(
    (card) => card.scorecard.id === scorecard.id && card.scorecard.version === scorecard.version,
  ) as BankScorecard;
}

/**
 * What the script grader suggests for the criteria that have grader rules, from the interaction's
 * text (notes, transcript lines). Empty when there is no text: nothing to grade.
 */
export function suggestRatings(card: BankScorecard, texts: readonly string[]): SuggestedRating[] {
  const text = texts
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
  if (text === '') return [];
  return Object.entries(card.prefill).map(([criterionId, rule]) => {
    const grade = gradeScriptAnswer(rule.rubric, text);
    if (rule.mode === 'no-violations') {
      const broken = grade.violations.filter(
        (violation) => violation.kind === 'forbidden' || violation.kind === 'house-rule',
      );
      return broken.length > 0
        ? {
            criterionId,
            rating: 'no' as const,
            evidence: broken.map((violation) => `${violation.label}:“${violation.quote}”`).join(';'),
          }
        : { criterionId, rating: 'yes' as const, evidence: '未发现禁语或违反行为规范的用语' };
    }
    const found = grade.hits.map((hit) => hit.label).join('、');
    const missing = grade.misses.map((miss) => miss.label).join('、');
    return {
      criterionId,
      rating: grade.passed ? ('yes' as const) : ('no' as const),
      evidence: [found && `已有:${found}`, missing && `缺少:${missing}`].filter(Boolean).join(';'),
    };
  });
}
