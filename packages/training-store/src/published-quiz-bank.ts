import { parseItemSource, type Quiz, type QuizBank } from '@kefu/quiz-bank';
import type { CompiledScriptItem, Item } from '@kefu/scoring';
import type { ItemVersion, TrainingStore } from './training-store.js';

/**
 * A bank as trainers published it: a `QuizBank` (grade with it as with the bank it was made from) whose items are
 * the newest published versions, and which says which version of each item and quiz it holds.
 */
export interface PublishedQuizBank extends QuizBank {
  /** The version of the item it holds: the newest published, 1 for the base bank's own; undefined for no such item. */
  itemVersion(itemId: string): number | undefined;
  /** The newest version of the quiz, 1 while none of its items was published; undefined for no such quiz. */
  quizVersion(quizId: string): number | undefined;
  /** The quizzes of the bank that use the item. */
  quizzesWith(itemId: string): Quiz[];
}

/** Parsed published versions, by `id@version`: a version never changes once published. */
const parsed = new Map<string, Item>();

/** The item a published version holds, parsed from its YAML as the bank loader parses an item. */
export function publishedItem(version: ItemVersion): Item {
  const key = `${version.itemId}@${version.version}`;
  let item = parsed.get(key);
  if (!item) {
    item = parseItemSource(version.source, `${key}.yaml`);
    parsed.set(key, item);
  }
  return item;
}

/**
 * Reads the newest published item versions from the training store and lays them over `base` (usually
 * `loadStandardBank()`). Versions of items `base` does not have are left out; a quiz with a published item gets
 * its newest quiz version. Reads the store once: a version published later is not seen.
 */
export async function publishedQuizBank(
  store: Pick<TrainingStore, 'latestItemVersions' | 'latestQuizVersion'>,
  base: QuizBank,
): Promise<PublishedQuizBank> {
  const latest = new Map(
    (await store.latestItemVersions())
      .filter((version) => base.item(version.itemId) !== undefined)
      .map((version) => [version.itemId, version]),
  );
  const quizVersions = new Map<string, number>();
  for (const quiz of base.quizzes) {
    if (quiz.items.some((reference) => latest.has(reference.id))) {
      quizVersions.set(quiz.id, (await store.latestQuizVersion(quiz.id))?.version ?? 1);
    }
  }
  const item = (id: string): Item | undefined => {
    const published = latest.get(id);
    return published ? publishedItem(published) : base.item(id);
  };
  return {
    items: base.items.map((original) => item(original.id) as Item),
    quizzes: base.quizzes,
    item,
    quiz: (id) => base.quiz(id),
    rubricFor(id) {
      if (!latest.has(id)) return base.rubricFor(id);
      const current = item(id);
      return current?.type === 'script' ? (current as CompiledScriptItem).compiled : undefined;
    },
    // a published version was written in the browser, not in the bank's files
    locationOf: (id) => (latest.has(id) ? undefined : base.locationOf(id)),
    itemVersion: (id) => latest.get(id)?.version ?? (base.item(id) ? 1 : undefined),
    quizVersion: (id) => quizVersions.get(id) ?? (base.quiz(id) ? 1 : undefined),
    quizzesWith: (itemId) =>
      base.quizzes.filter((quiz) => quiz.items.some((reference) => reference.id === itemId)),
  };
}

/**
 * The item as it was at `version` (what a stored try was graded with): a published version from the training
 * store, or `base`'s own for version 1, an unversioned try (null) or a version the store does not have.
 */
export async function itemAtVersion(
  store: Pick<TrainingStore, 'itemVersions'>,
  base: QuizBank,
  itemId: string,
  version: number | null,
): Promise<Item | undefined> {
  if (version !== null && version > 1) {
    const published = (await store.itemVersions(itemId)).find((candidate) => candidate.version === version);
    if (published) return publishedItem(published);
  }
  return base.item(itemId);
}
