import { z } from 'zod';

/**
 * Zod schemas for the objective item types as authored in YAML (the quiz bank) or JSON. Every item
 * has an `id`, a `type` and a `prompt`; `skill` names the skill it assesses (for ability estimates),
 * `explanation` is the general feedback shown after grading and `source` names the document the
 * standard comes from. Unknown fields are refused, so a misspelt key is reported, not ignored.
 *
 * ```yaml
 * id: opening-greeting
 * type: single-choice
 * prompt: 来电接通后,第一句话应该说什么?
 * options:
 *   - { id: a, text: 您好,欢迎致电客户服务热线…… }
 *   - { id: b, text: 喂,说话呀! }
 * answer: a
 * ```
 */

const idSchema = z.string().trim().min(1, 'must not be empty');

/** One choice shown to the agent. `feedback` is shown when the agent picks it. */
export const itemOptionSchema = z.strictObject({
  id: idSchema,
  text: z.string().min(1, 'must not be empty'),
  feedback: z.string().optional(),
});

const itemBaseShape = {
  id: idSchema,
  /** A short title for lists (Chinese). */
  title: z.string().min(1, 'must not be empty').optional(),
  prompt: z.string().min(1, 'must not be empty'),
  skill: idSchema.optional(),
  tags: z.array(z.string()).optional(),
  explanation: z.string().optional(),
  /** Where the standard comes from, e.g. `001 客诉办理流程`. */
  source: z.string().optional(),
};

function checkUniqueIds(
  ids: readonly string[],
  path: string,
  context: { addIssue: (issue: { code: 'custom'; message: string; path: (string | number)[] }) => void },
): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id))
      context.addIssue({ code: 'custom', message: `duplicate id "${id}"`, path: [path, index, 'id'] });
    seen.add(id);
  });
}

/** One correct option among several. */
export const singleChoiceItemSchema = z
  .strictObject({
    ...itemBaseShape,
    type: z.literal('single-choice'),
    options: z.array(itemOptionSchema).min(2, 'needs at least 2 options'),
    answer: idSchema,
  })
  .superRefine((item, context) => {
    checkUniqueIds(
      item.options.map((option) => option.id),
      'options',
      context,
    );
    if (!item.options.some((option) => option.id === item.answer)) {
      context.addIssue({
        code: 'custom',
        message: `answer "${item.answer}" is not an option id`,
        path: ['answer'],
      });
    }
  });

/**
 * Several correct options. Partial credit is Moodle-style: each correct pick earns 1/k (k correct
 * options), each wrong pick costs `wrongPickPenalty` (default 1/(n−k), so picking every option
 * scores 0), and the total is clamped to [0, 1]. `grading: all-or-nothing` gives 1 only for exactly
 * the correct set.
 */
export const multipleChoiceItemSchema = z
  .strictObject({
    ...itemBaseShape,
    type: z.literal('multiple-choice'),
    options: z.array(itemOptionSchema).min(2, 'needs at least 2 options'),
    answer: z.array(idSchema).min(1, 'needs at least 1 correct option'),
    grading: z.enum(['partial', 'all-or-nothing']).default('partial'),
    wrongPickPenalty: z.number().min(0).max(1).optional(),
  })
  .superRefine((item, context) => {
    checkUniqueIds(
      item.options.map((option) => option.id),
      'options',
      context,
    );
    const optionIds = new Set(item.options.map((option) => option.id));
    const seen = new Set<string>();
    item.answer.forEach((id, index) => {
      if (!optionIds.has(id)) {
        context.addIssue({
          code: 'custom',
          message: `answer "${id}" is not an option id`,
          path: ['answer', index],
        });
      }
      if (seen.has(id))
        context.addIssue({ code: 'custom', message: `duplicate answer "${id}"`, path: ['answer', index] });
      seen.add(id);
    });
  });

/**
 * Moodle's ordering grading modes (qtype_ordering):
 * - `all-or-nothing`: 1 only when every item is in place.
 * - `absolute-position`: one mark per item in its correct position.
 * - `relative-to-correct`: each item earns (n − 1) − |distance from its correct position|.
 * - `relative-next-exclude-last`: one mark per item followed by its correct successor (the last item is not marked).
 * - `relative-next-include-last`: as above, and the correct last item must come last.
 * - `relative-one-previous-and-next`: two marks per item: its correct predecessor and successor (none for the ends).
 * - `relative-all-previous-and-next`: n − 1 marks per item: every item that should precede it does, every one that should follow does.
 * - `longest-ordered-subset`: the longest run of items in correct relative order, gaps allowed (at least 2 items).
 * - `longest-contiguous-subset`: the longest run of adjacent items that are also adjacent and in order in the answer (at least 2 items).
 */
export const orderingGradingModes = [
  'all-or-nothing',
  'absolute-position',
  'relative-to-correct',
  'relative-next-exclude-last',
  'relative-next-include-last',
  'relative-one-previous-and-next',
  'relative-all-previous-and-next',
  'longest-ordered-subset',
  'longest-contiguous-subset',
] as const;

export const orderingGradingModeSchema = z.enum(orderingGradingModes);

/**
 * Put the options in order. `answer` lists the option ids in the correct order; when it is left out
 * the options are already listed in the correct order (they are shuffled for display).
 */
export const orderingItemSchema = z
  .strictObject({
    ...itemBaseShape,
    type: z.literal('ordering'),
    options: z.array(itemOptionSchema).min(2, 'needs at least 2 options'),
    answer: z.array(idSchema).optional(),
    grading: orderingGradingModeSchema.default('absolute-position'),
  })
  .superRefine((item, context) => {
    checkUniqueIds(
      item.options.map((option) => option.id),
      'options',
      context,
    );
    if (!item.answer) return;
    const optionIds = new Set(item.options.map((option) => option.id));
    const seen = new Set<string>();
    item.answer.forEach((id, index) => {
      if (!optionIds.has(id)) {
        context.addIssue({
          code: 'custom',
          message: `answer "${id}" is not an option id`,
          path: ['answer', index],
        });
      }
      if (seen.has(id))
        context.addIssue({ code: 'custom', message: `duplicate answer "${id}"`, path: ['answer', index] });
      seen.add(id);
    });
    for (const id of optionIds) {
      if (!seen.has(id)) {
        context.addIssue({ code: 'custom', message: `answer leaves out option "${id}"`, path: ['answer'] });
      }
    }
  });

/**
 * Match each stem to a choice (Moodle's matching question: each stem is worth the same, no penalty
 * for a wrong pair). `choices` may hold distractors that match no stem; `answer` maps every stem id
 * to its choice id.
 */
export const matchingItemSchema = z
  .strictObject({
    ...itemBaseShape,
    type: z.literal('matching'),
    stems: z.array(itemOptionSchema).min(1, 'needs at least 1 stem'),
    choices: z.array(itemOptionSchema).min(2, 'needs at least 2 choices'),
    answer: z.record(z.string(), idSchema),
  })
  .superRefine((item, context) => {
    checkUniqueIds(
      item.stems.map((stem) => stem.id),
      'stems',
      context,
    );
    checkUniqueIds(
      item.choices.map((choice) => choice.id),
      'choices',
      context,
    );
    const choiceIds = new Set(item.choices.map((choice) => choice.id));
    const stemIds = new Set(item.stems.map((stem) => stem.id));
    for (const stem of item.stems) {
      const choice = item.answer[stem.id];
      if (choice === undefined) {
        context.addIssue({ code: 'custom', message: `stem "${stem.id}" has no answer`, path: ['answer'] });
      } else if (!choiceIds.has(choice)) {
        context.addIssue({
          code: 'custom',
          message: `choice "${choice}" is not a choice id`,
          path: ['answer', stem.id],
        });
      }
    }
    for (const stemId of Object.keys(item.answer)) {
      if (!stemIds.has(stemId)) {
        context.addIssue({
          code: 'custom',
          message: `"${stemId}" is not a stem id`,
          path: ['answer', stemId],
        });
      }
    }
  });

/** Any objective (machine-graded, non-text) item. */
export const objectiveItemSchema = z.discriminatedUnion('type', [
  singleChoiceItemSchema,
  multipleChoiceItemSchema,
  orderingItemSchema,
  matchingItemSchema,
]);

export const singleChoiceResponseSchema = z.strictObject({
  type: z.literal('single-choice'),
  /** The picked option id, or null when the agent left it unanswered. */
  choice: idSchema.nullable(),
});

export const multipleChoiceResponseSchema = z.strictObject({
  type: z.literal('multiple-choice'),
  choices: z.array(idSchema),
});

export const orderingResponseSchema = z.strictObject({
  type: z.literal('ordering'),
  /** Every option id, in the order the agent put them. */
  order: z.array(idSchema),
});

export const matchingResponseSchema = z.strictObject({
  type: z.literal('matching'),
  /** stem id → choice id; a stem left out is unanswered. */
  pairs: z.record(z.string(), idSchema),
});

export const scriptResponseSchema = z.strictObject({
  type: z.literal('script'),
  /** The agent's free-text answer, as typed or transcribed. */
  answer: z.string(),
});

/** Any response to any item type, script answers included. */
export const itemResponseSchema = z.discriminatedUnion('type', [
  singleChoiceResponseSchema,
  multipleChoiceResponseSchema,
  orderingResponseSchema,
  matchingResponseSchema,
  scriptResponseSchema,
]);

export type ItemOption = z.infer<typeof itemOptionSchema>;
export type SingleChoiceItem = z.output<typeof singleChoiceItemSchema>;
export type MultipleChoiceItem = z.output<typeof multipleChoiceItemSchema>;
export type OrderingGradingMode = z.infer<typeof orderingGradingModeSchema>;
export type OrderingItem = z.output<typeof orderingItemSchema>;
export type MatchingItem = z.output<typeof matchingItemSchema>;
export type ObjectiveItem = z.output<typeof objectiveItemSchema>;
/** An objective item as authored (defaults such as `grading` may be left out). */
export type ObjectiveItemInput = z.input<typeof objectiveItemSchema>;

export type SingleChoiceResponse = z.infer<typeof singleChoiceResponseSchema>;
export type MultipleChoiceResponse = z.infer<typeof multipleChoiceResponseSchema>;
export type OrderingResponse = z.infer<typeof orderingResponseSchema>;
export type MatchingResponse = z.infer<typeof matchingResponseSchema>;
export type ScriptResponse = z.infer<typeof scriptResponseSchema>;
export type ItemResponse = z.infer<typeof itemResponseSchema>;
