import { z } from 'zod';

const itemReferenceSchema = z.union([
  z.string().min(1, 'an item id must not be empty'),
  z.strictObject({
    id: z.string().min(1, 'an item id must not be empty'),
    /** Marks the item is worth in the quiz (default 1). */
    weight: z.number().positive().default(1),
  }),
]);

/**
 * A quiz: items in order with weights, a pass mark and the attempt policy (tries, penalty per
 * extra try, certainty-based marking) — the names of `@kefu/scoring`'s `AttemptPolicy`.
 *
 * ```yaml
 * id: phone-etiquette
 * title: 电话礼仪与规范用语
 * passMark: 0.8
 * attempts: { maxTries: 3, penaltyPerTry: 0.2 }
 * items: [greeting.opening, { id: call.silent, weight: 2 }]
 * ```
 */
export const quizSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be lower-case letters, digits, "-" or "."'),
  title: z.string().min(1, 'must not be empty'),
  description: z.string().optional(),
  /** Fraction of the weighted marks needed to pass, in [0, 1]. */
  passMark: z.number().min(0).max(1),
  attempts: z
    .strictObject({
      /** Tries allowed per item (default 1). */
      maxTries: z.number().int().min(1).max(10).default(1),
      /** Fraction of the item lost for each earlier try (default 1/3). */
      penaltyPerTry: z
        .number()
        .min(0)
        .max(1)
        .default(1 / 3),
      /** Ask for a certainty (1–3) with each answer and mark it (default false). */
      certaintyBasedMarking: z.boolean().default(false),
    })
    .default({ maxTries: 1, penaltyPerTry: 1 / 3, certaintyBasedMarking: false }),
  /** Show items in a random order (default false). */
  shuffle: z.boolean().default(false),
  items: z.array(itemReferenceSchema).min(1, 'needs at least 1 item'),
});

export interface QuizItemReference {
  id: string;
  weight: number;
}

/** A validated quiz with its item references normalised to `{ id, weight }`. */
export type Quiz = Omit<z.output<typeof quizSchema>, 'items'> & { items: QuizItemReference[] };
export type QuizInput = z.input<typeof quizSchema>;

/** A file of items: `items:` and, optionally, `shared:` holding YAML anchors the items reuse. */
export const itemsFileSchema = z.strictObject({
  shared: z.unknown().optional(),
  items: z.array(z.unknown()).min(1, 'needs at least 1 item'),
});
