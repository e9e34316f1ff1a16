import { z } from 'zod';
import type { ItemGrade } from '../items/item-grade.js';
import { InvalidItem, toScoringIssues } from '../items/scoring-input-error.js';
import { type CompiledRubric, compileRubric } from './compile-rubric.js';
import { gradeScriptAnswer, type ScriptGrade } from './grade-script-answer.js';

/**
 * A script item: the agent answers in their own words (Chinese, typed or transcribed) and the
 * rubric grades it. `modelAnswer` must score 1.0 against the rubric.
 */
export const scriptItemSchema = z.strictObject({
  id: z.string().trim().min(1, 'must not be empty'),
  type: z.literal('script'),
  /** A short title for lists (Chinese). */
  title: z.string().min(1).optional(),
  /** The situation and task the trainee reads (Chinese). */
  prompt: z.string().min(1, 'must not be empty'),
  skill: z.string().trim().min(1).optional(),
  tags: z.array(z.string()).optional(),
  /** A full-marks answer; must pass its own rubric with score 1. */
  modelAnswer: z.string().min(1, 'must not be empty'),
  /** General feedback shown after grading (Chinese): the rule behind the item. */
  explanation: z.string().optional(),
  /** Where the standard comes from, e.g. 000 篇3. */
  source: z.string().optional(),
  /** The rubric (see the rubric language); validated and compiled separately. */
  rubric: z.unknown(),
});

export type ScriptItem = Omit<z.output<typeof scriptItemSchema>, 'rubric'> & { rubric: unknown };

/** A script item with its rubric compiled. */
export interface CompiledScriptItem extends ScriptItem {
  readonly compiled: CompiledRubric;
}

/**
 * Validates a script item and compiles its rubric. Throws `InvalidItem` whose issue paths start
 * at the item (`rubric.concepts.0.phrases`), including a model answer that does not score 1.
 */
export function compileScriptItem(input: unknown): CompiledScriptItem {
  const parsed = scriptItemSchema.safeParse(input);
  if (!parsed.success) throw new InvalidItem(toScoringIssues(parsed.error.issues), 'script item');
  let compiled: CompiledRubric;
  try {
    compiled = compileRubric(parsed.data.rubric);
  } catch (error) {
    if (error instanceof InvalidItem) {
      throw new InvalidItem(
        error.issues.map((issue) => ({
          path: issue.path ? `rubric.${issue.path}` : 'rubric',
          message: issue.message,
        })),
        'script item',
      );
    }
    throw error;
  }
  const grade = gradeScriptAnswer(compiled, parsed.data.modelAnswer);
  if (grade.score < 1 || !grade.passed) {
    throw new InvalidItem(
      [
        {
          path: 'modelAnswer',
          message: `the model answer scores ${grade.score.toFixed(2)}, not 1: ${grade.feedback.join(' ')}`,
        },
      ],
      'script item',
    );
  }
  return { ...parsed.data, compiled };
}

/** The script grade as an `ItemGrade` (one mark per required concept, violations as negative marks). */
export function scriptItemGrade(itemId: string, grade: ScriptGrade): ItemGrade {
  const marks = [
    ...grade.hits
      .filter((hit) => hit.required)
      .map((hit) => ({
        subject: hit.concept,
        awarded: hit.weight,
        available: hit.weight,
        explanation: `说到了"${hit.label}":「${hit.evidence[0]?.span.text ?? ''}」`,
      })),
    ...grade.misses.map((miss) => ({
      subject: miss.concept,
      awarded: 0,
      available: miss.weight,
      explanation: miss.feedback,
    })),
    ...grade.violations.map((violation) => ({
      subject: violation.id,
      awarded: -violation.penalty,
      available: 0,
      explanation: violation.feedback,
    })),
  ];
  const state = grade.score >= 1 ? 'correct' : grade.score <= 0 ? 'incorrect' : 'partial';
  return {
    itemId,
    itemType: 'script',
    score: grade.score,
    state,
    passed: grade.passed,
    marks,
    feedback: grade.feedback,
  };
}

/** Grades an answer to a compiled script item. */
export function gradeScriptItem(item: CompiledScriptItem, answer: string): ScriptGrade & { itemId: string } {
  return { itemId: item.id, ...gradeScriptAnswer(item.compiled, answer) };
}
