import { z } from 'zod';
import { houseRulesOptionsSchema } from '../rules/house-rules.js';
import { scenarioFactSchema } from '../rules/scenario-facts.js';

/**
 * The rubric language for free-text script answers, as authored in YAML.
 *
 * A phrase is matched as a character sequence on the normalised answer (punctuation and spaces
 * ignored). Inside a phrase:
 * - `{a|b|c}` any one alternative (an empty alternative makes the group optional: `{|请}您`);
 * - `{name}` a slot, filled from the rubric's `slots` (`{surname}{先生|女士|小姐}`);
 * - `…` a gap of up to `gap` characters (default 8) of anything.
 *
 * ```yaml
 * passScore: 1
 * slots: { surname: [王] }
 * concepts:
 *   - id: address
 *     label: 称呼客户"王先生"
 *     phrases: ['{surname}{先生|女士|小姐}']
 *   - id: offer
 *     label: 询问需要什么帮助
 *     phrases: ['有什么{可以|能}{帮|帮助|帮到}您']
 * forbidden:
 *   - id: wei
 *     label: 说"喂"
 *     phrases: ['喂']
 * order:
 *   - sequence: [address, offer]
 * ```
 */

const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be lower-case letters, digits, "-" or "." (e.g. "offer-help")');

/** How far a phrase may differ from the answer. Each level includes the ones before it. */
export const toleranceLevels = ['exact', 'same-pinyin', 'edit'] as const;
export const toleranceSchema = z.enum(toleranceLevels);

/**
 * Where in the answer a concept counts. Text in brackets — (稍停5秒), (挂机), （客户仍讲方言） — is a
 * stage direction: what the agent does, not what they say. `speech` (the default) ignores
 * occurrences inside brackets, `directions` only counts them there, `anywhere` counts both.
 */
export const whereSchema = z.enum(['speech', 'directions', 'anywhere']);

const phrasesSchema = z
  .array(z.string().min(1, 'a phrase must not be empty'))
  .min(1, 'needs at least 1 phrase');

/** Something the answer must say: any one of `phrases`, at least `min` times. */
export const requiredConceptSchema = z.strictObject({
  id: idSchema,
  /** Shown in feedback and reports (Chinese), e.g. 问候"您好". */
  label: z.string().min(1).optional(),
  phrases: phrasesSchema,
  /** Relative weight in the score (default 1). 0 makes the concept only a landmark for order/proximity. */
  weight: z.number().min(0).default(1),
  /** false: not needed for the score; still found and usable in `order` / `proximity`. */
  required: z.boolean().default(true),
  /** How many separate occurrences are needed (e.g. 2 for "ask twice"). Default 1. */
  min: z.number().int().min(1).max(10).default(1),
  /** Most lenient tolerance (default: the rubric's `tolerance`). */
  tolerance: toleranceSchema.optional(),
  /** Where the concept counts: `speech` (default, outside brackets), `directions` or `anywhere`. */
  where: whereSchema.default('speech'),
  /** What to tell the agent when it is missing (Chinese). */
  feedback: z.string().optional(),
});

/** Something the answer must not say. */
export const forbiddenConceptSchema = z.strictObject({
  id: idSchema,
  label: z.string().min(1).optional(),
  phrases: phrasesSchema,
  /** `auto-fail` (default) sets the score to 0; `penalty` subtracts `penalty`. */
  effect: z.enum(['auto-fail', 'penalty']).default('auto-fail'),
  penalty: z.number().min(0).max(1).default(0.5),
  /** Default `exact`: a forbidden phrase is never matched loosely. */
  tolerance: toleranceSchema.default('exact'),
  /** Where the phrase counts: `speech` (default, outside brackets), `directions` or `anywhere`. */
  where: whereSchema.default('speech'),
  feedback: z.string().optional(),
});

/** Stage-direction actions an order constraint may name, written `@wait`, `@hang-up` … */
export const actionReferences = [
  '@wait',
  '@hang-up',
  '@raise-volume',
  '@keep-volume',
  '@customer-still',
] as const;

const sequenceElementSchema = z.union([idSchema, z.enum(actionReferences)]);

/**
 * The concepts (and stage-direction actions, `@wait`, `@hang-up`) must appear in this order; a
 * concept may repeat: `[offer, '@wait', offer, '@wait', no-sound]`.
 */
export const orderConstraintSchema = z.strictObject({
  id: idSchema.optional(),
  sequence: z.array(sequenceElementSchema).min(2, 'needs at least 2 concepts'),
  /** true: an element missing from the answer breaks the constraint too (default: only checked when all are present). */
  required: z.boolean().default(false),
  effect: z.enum(['auto-fail', 'penalty']).default('auto-fail'),
  penalty: z.number().min(0).max(1).default(0.5),
  feedback: z.string().optional(),
});

/** The concepts must occur within `within` characters of each other (normalised, no punctuation). */
export const proximityConstraintSchema = z.strictObject({
  id: idSchema.optional(),
  concepts: z.array(idSchema).min(2, 'needs at least 2 concepts'),
  within: z.number().int().min(0),
  effect: z.enum(['auto-fail', 'penalty']).default('penalty'),
  penalty: z.number().min(0).max(1).default(0.5),
  feedback: z.string().optional(),
});

/** What the rubric asks of the stage directions, beyond the house rules. */
export const directionRulesSchema = z.strictObject({
  /** Actions that fail the answer wherever they occur, e.g. `raise-volume` where the agent keeps their volume. */
  forbid: z.array(z.enum(['wait', 'hang-up', 'raise-volume', 'keep-volume'])).default([]),
  /**
   * Actions the house rules forbid that this item allows: `raise-volume` where the customer
   * says the agent is too quiet (everywhere else the agent keeps their own volume).
   */
  allow: z.array(z.enum(['raise-volume'])).default([]),
  /** A stated wait shorter than this (seconds) fails: the rule waits about 5 s. */
  minWaitSeconds: z.number().min(0).max(120).optional(),
  feedback: z.string().optional(),
});

export const rubricSchema = z.strictObject({
  /** Score needed to pass, in [0, 1]. Default 1 (every required concept, no violation). */
  passScore: z.number().min(0).max(1).default(1),
  /** Default tolerance of required concepts. Default `edit` (which includes same-pinyin). */
  tolerance: toleranceSchema.default('edit'),
  /** Longest gap `…` stands for, in characters. Default 8. */
  gap: z.number().int().min(0).max(200).default(8),
  /** Edits are only tried on phrase pieces at least this long (default 6); one edit per this many characters, at most 2. */
  minEditLength: z.number().int().min(4).max(50).default(6),
  /**
   * Reject a bare keyword list ("您好 我是 请问您是 先生吗 …"): no punctuation, at least 5
   * fragments separated by spaces, 60% or more of them 4 characters or shorter. Default true (auto-fail).
   */
  rejectKeywordLists: z.boolean().default(true),
  /**
   * Ignore a required concept's occurrence when a negation (不 没 别 勿 未 无 莫) comes right
   * before it in the answer: 不高兴为您服务 does not say 高兴为您服务. Default true.
   */
  negationGuard: z.boolean().default(true),
  slots: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'slot names are lower-case'), z.array(z.string()).min(1))
    .default({}),
  /** Facts of the item's scenario as typed slots; an answer stating a conflicting value fails. */
  facts: z.array(scenarioFactSchema).default([]),
  /** Stage-direction rules of this item (the house rules on hanging up apply everywhere). */
  directions: directionRulesSchema.default({ forbid: [], allow: [] }),
  /** Adjusts the shared house rules of conduct for this item: `except` classes, `add` phrases. */
  houseRules: houseRulesOptionsSchema.default({ except: [], add: {} }),
  concepts: z.array(requiredConceptSchema).min(1, 'needs at least 1 concept'),
  forbidden: z.array(forbiddenConceptSchema).default([]),
  order: z.array(orderConstraintSchema).default([]),
  proximity: z.array(proximityConstraintSchema).default([]),
});

export type DirectionRules = z.output<typeof directionRulesSchema>;
export type Tolerance = z.infer<typeof toleranceSchema>;
export type Where = z.infer<typeof whereSchema>;
export type RequiredConcept = z.output<typeof requiredConceptSchema>;
export type ForbiddenConcept = z.output<typeof forbiddenConceptSchema>;
export type OrderConstraint = z.output<typeof orderConstraintSchema>;
export type ProximityConstraint = z.output<typeof proximityConstraintSchema>;
/** A rubric with its defaults filled. */
export type Rubric = z.output<typeof rubricSchema>;
/** A rubric as authored (defaults may be left out). */
export type RubricInput = z.input<typeof rubricSchema>;
