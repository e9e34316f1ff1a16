import { loadStandardBank, type Quiz } from '@kefu/quiz-bank';
import type { Item } from '@kefu/scoring';
import {
  createTrainingStore,
  publishedQuizBank,
  itemAtVersion as storedItemAtVersion,
} from '@kefu/training-store';
import type { KefuContext } from './context.js';

/** An item as it is graded now: the standard bank's (version 1) or the newest version a trainer published. */
export interface VersionedItem {
  item: Item;
  version: number;
}

/** The items and quizzes as they stand: the standard bank with every published item version applied. */
export interface CurrentQuizBank {
  item(id: string): VersionedItem | undefined;
  quiz(id: string): { quiz: Quiz; version: number } | undefined;
  /** The standard quizzes that use the item. */
  quizzesWith(itemId: string): Quiz[];
}

const perRequest = new WeakMap<KefuContext, Promise<CurrentQuizBank>>();

/**
 * The published versions from the training store laid over the standard bank (`@kefu/training-store`'s
 * `publishedQuizBank`, as `kefu quiz run` grades); read once per request (a publication later in the same request
 * is not seen).
 */
export function currentQuizBank(context: KefuContext): Promise<CurrentQuizBank> {
  let bank = perRequest.get(context);
  if (!bank) {
    bank = readCurrentQuizBank(context);
    perRequest.set(context, bank);
  }
  return bank;
}

async function readCurrentQuizBank(context: KefuContext): Promise<CurrentQuizBank> {
  const published = await publishedQuizBank(createTrainingStore(context.runtime.store), loadStandardBank());
  return {
    item(id) {
      const item = published.item(id);
      return item ? { item, version: published.itemVersion(id) ?? 1 } : undefined;
    },
    quiz(id) {
      const quiz = published.quiz(id);
      return quiz ? { quiz, version: published.quizVersion(id) ?? 1 } : undefined;
    },
    quizzesWith: (itemId) => published.quizzesWith(itemId),
  };
}

/**
 * The item as it was at `version` (what a stored try was graded with): a published version from the training
 * store, or the standard bank's own for version 1 or an unversioned try (null).
 */
export function itemAtVersion(
  context: KefuContext,
  itemId: string,
  version: number | null,
): Promise<Item | undefined> {
  return storedItemAtVersion(createTrainingStore(context.runtime.store), loadStandardBank(), itemId, version);
}
