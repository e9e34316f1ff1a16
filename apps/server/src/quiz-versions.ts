import { loadStandardBank, parseItemSource, type Quiz } from '@kefu/quiz-bank';
import type { Item } from '@kefu/scoring';
import { createTrainingStore, type ItemVersion } from '@kefu/training-store';
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

/** Parsed published versions, by `id@version`: a version never changes once published. */
const parsed = new Map<string, Item>();

function parsedVersion(version: ItemVersion): Item {
  const key = `${version.itemId}@${version.version}`;
  let item = parsed.get(key);
  if (!item) {
    item = parseItemSource(version.source, `${version.itemId}@${version.version}.yaml`);
    parsed.set(key, item);
  }
  return item;
}

const perRequest = new WeakMap<KefuContext, Promise<CurrentQuizBank>>();

/**
 * The published versions from the training store laid over the standard bank; read once per request (a
 * publication later in the same request is not seen).
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
  const training = createTrainingStore(context.runtime.store);
  const bank = loadStandardBank();
  const latest = new Map((await training.latestItemVersions()).map((version) => [version.itemId, version]));
  const quizVersions = new Map<string, number>();
  for (const quiz of bank.quizzes) {
    if (quiz.items.some((reference) => latest.has(reference.id))) {
      quizVersions.set(quiz.id, (await training.latestQuizVersion(quiz.id))?.version ?? 1);
    }
  }
  return {
    item(id) {
      const published = latest.get(id);
      if (published) return { item: parsedVersion(published), version: published.version };
      const item = bank.item(id);
      return item ? { item, version: 1 } : undefined;
    },
    quiz(id) {
      const quiz = bank.quiz(id);
      return quiz ? { quiz, version: quizVersions.get(id) ?? 1 } : undefined;
    },
    quizzesWith: (itemId) =>
      bank.quizzes.filter((quiz) => quiz.items.some((reference) => reference.id === itemId)),
  };
}

/**
 * The item as it was at `version` (what a stored try was graded with): a published version from the training
 * store, or the standard bank's own for version 1 or an unversioned try (null).
 */
export async function itemAtVersion(
  context: KefuContext,
  itemId: string,
  version: number | null,
): Promise<Item | undefined> {
  if (version !== null && version > 1) {
    const published = (await createTrainingStore(context.runtime.store).itemVersions(itemId)).find(
      (candidate) => candidate.version === version,
    );
    if (published) return parsedVersion(published);
  }
  return loadStandardBank().item(itemId);
}
