import { z } from 'zod';

const idSchema = z.string().trim().min(1, 'must not be empty');

/**
 * A criterion of a QA scorecard. `scale` is `yes-no` (met / not met) or `{ points: N }` (0…N).
 * A `critical` criterion (yes-no only) rated "no" fails the whole review whatever else scored
 * (auto-fail); `critical: section` zeroes only its section. `allowNotApplicable: false` forbids
 * rating it N/A.
 */
export const scorecardCriterionSchema = z.object({
  id: idSchema,
  title: z.string().min(1, 'must not be empty'),
  weight: z.number().positive('must be > 0').default(1),
  /** `true` or `review`: a "no" fails the whole review; `section`: a "no" zeroes its section only. */
  critical: z.union([z.boolean(), z.enum(['review', 'section'])]).default(false),
  allowNotApplicable: z.boolean().default(true),
  scale: z
    .union([z.literal('yes-no'), z.object({ points: z.number().int().min(1, 'must be ≥ 1') })])
    .default('yes-no'),
  guidance: z.string().optional(),
});

export const scorecardSectionSchema = z.object({
  id: idSchema,
  title: z.string().min(1, 'must not be empty'),
  weight: z.number().positive('must be > 0').default(1),
  criteria: z.array(scorecardCriterionSchema).min(1, 'needs at least 1 criterion'),
});

/**
 * A versioned QA scorecard for real interactions (a transcript or a call record). A review records
 * the id and version it used; publishing a new version never changes old reviews.
 *
 * ```yaml
 * id: call-qa
 * version: 2
 * title: 来电质检
 * passScore: 0.8
 * sections:
 *   - id: opening
 *     title: 开场
 *     weight: 20
 *     criteria:
 *       - { id: greeting, title: 使用标准问候语, weight: 2 }
 *       - { id: no-rude-words, title: 未使用禁语, critical: true, allowNotApplicable: false }
 * ```
 */
export const scorecardSchema = z
  .object({
    id: idSchema,
    version: z.number().int().min(1, 'must be a whole number ≥ 1'),
    title: z.string().min(1, 'must not be empty'),
    passScore: z.number().min(0).max(1).default(0.8),
    sections: z.array(scorecardSectionSchema).min(1, 'needs at least 1 section'),
  })
  .superRefine((scorecard, context) => {
    const sectionIds = new Set<string>();
    const criterionIds = new Set<string>();
    scorecard.sections.forEach((section, sectionIndex) => {
      if (sectionIds.has(section.id)) {
        context.addIssue({
          code: 'custom',
          message: `duplicate section id "${section.id}"`,
          path: ['sections', sectionIndex, 'id'],
        });
      }
      sectionIds.add(section.id);
      section.criteria.forEach((criterion, criterionIndex) => {
        const path = ['sections', sectionIndex, 'criteria', criterionIndex];
        if (criterionIds.has(criterion.id)) {
          context.addIssue({
            code: 'custom',
            message: `duplicate criterion id "${criterion.id}" (criterion ids are unique across the scorecard)`,
            path: [...path, 'id'],
          });
        }
        criterionIds.add(criterion.id);
        if (criterion.critical !== false && criterion.scale !== 'yes-no') {
          context.addIssue({
            code: 'custom',
            message: 'a critical criterion must use the yes-no scale',
            path: [...path, 'scale'],
          });
        }
      });
    });
  });

/** A rating of one criterion: yes/no for a yes-no criterion, 0…points for a points one, or N/A. */
export const criterionRatingSchema = z.union([
  z.literal('yes'),
  z.literal('no'),
  z.literal('na'),
  z.number().int().min(0),
]);

/** One reviewer's review of one interaction with one scorecard version. */
export const scorecardReviewSchema = z.object({
  id: idSchema.optional(),
  scorecardId: idSchema,
  scorecardVersion: z.number().int().min(1),
  interactionId: idSchema,
  reviewerId: idSchema,
  /** criterion id → rating; every criterion must be rated (N/A where allowed). */
  ratings: z.record(z.string(), criterionRatingSchema),
  /** criterion id → the reviewer's note or the quoted evidence. */
  comments: z.record(z.string(), z.string()).optional(),
});

export type ScorecardCriterion = z.output<typeof scorecardCriterionSchema>;
export type ScorecardSection = z.output<typeof scorecardSectionSchema>;
export type Scorecard = z.output<typeof scorecardSchema>;
/** A scorecard as authored (defaults may be left out). */
export type ScorecardInput = z.input<typeof scorecardSchema>;
export type CriterionRating = z.infer<typeof criterionRatingSchema>;
export type ScorecardReview = z.infer<typeof scorecardReviewSchema>;
