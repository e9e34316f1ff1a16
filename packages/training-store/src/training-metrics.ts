import type { Database } from '@kefu/runtime';
import { type Kysely, sql } from 'kysely';

/**
 * Training read models over the training tables (`training_attempts`, `training_responses`,
 * `training_skill_estimates`, migration `0100_training`): one SQL statement each.
 */
type Db = Kysely<Database>;

export interface TrainingWindow {
  from?: string | undefined;
  to?: string | undefined;
  quizId?: string | undefined;
  trainee?: string | undefined;
}

function round(value: unknown, digits = 4): number | null {
  if (value === null || value === undefined) return null;
  const factor = 10 ** digits;
  return Math.round(Number(value) * factor) / factor;
}

function attemptConditions(window: TrainingWindow) {
  return sql.join(
    [
      sql`a.status = 'finished'`,
      window.from ? sql`a.finished_at >= ${window.from}` : sql`true`,
      window.to ? sql`a.finished_at < ${window.to}` : sql`true`,
      window.quizId ? sql`a.quiz_id = ${window.quizId}` : sql`true`,
      window.trainee ? sql`a.trainee = ${window.trainee}` : sql`true`,
    ],
    sql` and `,
  );
}

export interface QuizPassRate {
  quizId: string;
  quizTitle: string | null;
  attempts: number;
  trainees: number;
  passed: number;
  passRate: number | null;
  meanScore: number | null;
}

/** Finished attempts per quiz: how many passed, and the mean score. */
export async function quizPassRates(db: Db, window: TrainingWindow): Promise<QuizPassRate[]> {
  const { rows } = await sql<{
    quiz_id: string;
    quiz_title: string | null;
    attempts: string;
    trainees: string;
    passed: string;
    mean: unknown;
  }>`
    select a.quiz_id, max(a.quiz_title) as quiz_title, count(*) as attempts, count(distinct a.trainee) as trainees,
           count(*) filter (where a.passed) as passed, avg(a.score) as mean
    from training_attempts a where ${attemptConditions(window)}
    group by a.quiz_id order by a.quiz_id`.execute(db);
  return rows.map((row) => ({
    quizId: row.quiz_id,
    quizTitle: row.quiz_title,
    attempts: Number(row.attempts),
    trainees: Number(row.trainees),
    passed: Number(row.passed),
    passRate: Number(row.attempts) === 0 ? null : round(Number(row.passed) / Number(row.attempts)),
    meanScore: round(row.mean),
  }));
}

export interface ItemAnalysis {
  itemId: string;
  itemType: string;
  quizId: string;
  responses: number;
  /** Mean final score 0..1 (classical facility index). */
  facility: number | null;
  passRate: number | null;
  firstTryPassRate: number | null;
  meanTries: number | null;
  /** Correlation between the item's final score and the rest of the attempt's score (corrected item-total). */
  discrimination: number | null;
}

/** Classical item analysis per item over finished attempts: facility, pass rates, tries, discrimination. */
export async function itemAnalysis(db: Db, window: TrainingWindow): Promise<ItemAnalysis[]> {
  const { rows } = await sql<{
    item_id: string;
    item_type: string;
    quiz_id: string;
    responses: string;
    facility: unknown;
    pass_rate: unknown;
    first_try: unknown;
    tries: unknown;
    discrimination: unknown;
  }>`
    with finals as (
      select distinct on (r.attempt_id, r.item_id) r.attempt_id, r.item_id, r.item_type, r.score, r.passed, r.try_number,
             a.quiz_id
      from training_responses r join training_attempts a on a.id = r.attempt_id
      where ${attemptConditions(window)}
      order by r.attempt_id, r.item_id, r.try_number desc
    ),
    firsts as (
      select r.attempt_id, r.item_id, r.passed from training_responses r where r.try_number = 1
    ),
    totals as (
      select attempt_id, sum(score) as total from finals group by attempt_id
    )
    select f.item_id, max(f.item_type) as item_type, max(f.quiz_id) as quiz_id, count(*) as responses,
           avg(f.score) as facility, avg(case when f.passed then 1.0 else 0.0 end) as pass_rate,
           avg(case when fi.passed then 1.0 else 0.0 end) as first_try, avg(f.try_number) as tries,
           corr(f.score, t.total - f.score) as discrimination
    from finals f join totals t using (attempt_id)
    left join firsts fi on fi.attempt_id = f.attempt_id and fi.item_id = f.item_id
    group by f.item_id order by f.item_id`.execute(db);
  return rows.map((row) => ({
    itemId: row.item_id,
    itemType: row.item_type,
    quizId: row.quiz_id,
    responses: Number(row.responses),
    facility: round(row.facility),
    passRate: round(row.pass_rate),
    firstTryPassRate: round(row.first_try),
    meanTries: round(row.tries, 2),
    discrimination: round(row.discrimination),
  }));
}

export interface SkillLevel {
  trainee: string;
  skill: string;
  rating: number;
  uncertainty: number | null;
  evidence: number;
  updatedAt: string;
  /** rating − 1.645 × uncertainty: the one-sided 95% lower confidence bound (rating itself when no uncertainty). */
  lowerBound: number;
}

/** Current ability estimates per trainee and skill; `trainee` narrows to one person or a batch. */
export async function skillLevels(db: Db, trainee?: string | readonly string[]): Promise<SkillLevel[]> {
  const { rows } = await sql<{
    trainee: string;
    skill: string;
    rating: number;
    uncertainty: number | null;
    evidence: number;
    updated_at: Date;
  }>`
    select trainee, skill, rating, uncertainty, evidence, updated_at from training_skill_estimates
    where ${
      trainee === undefined
        ? sql`true`
        : typeof trainee === 'string'
          ? sql`trainee = ${trainee}`
          : sql`trainee in (${sql.join(trainee.length > 0 ? [...trainee] : [''])})`
    }
    order by trainee, skill`.execute(db);
  return rows.map((row) => {
    const rating = Number(row.rating);
    const uncertainty = row.uncertainty === null ? null : Number(row.uncertainty);
    return {
      trainee: row.trainee,
      skill: row.skill,
      rating,
      uncertainty,
      evidence: Number(row.evidence),
      updatedAt: new Date(row.updated_at).toISOString(),
      lowerBound: round(rating - 1.645 * (uncertainty ?? 0)) ?? rating,
    };
  });
}
