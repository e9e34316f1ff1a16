import { itemSourceOf, loadStandardBank } from '@kefu/quiz-bank';
import { openStore } from '@kefu/runtime';
import { createTrainingStore } from '@kefu/training-store';

/**
 * Publishes version 2 of the standard item `complaint.first-owner` in the embedded database in `dataDir`, as a
 * trainer does in the dashboard: its answer moves from b (客服主管, as the bank's file has it) to c (市场部经理).
 */
export async function publishFirstOwnerAnswerC(dataDir: string): Promise<void> {
  const bank = loadStandardBank();
  const source = itemSourceOf(bank, 'complaint.first-owner');
  if (!source?.match(/^answer: b$/m))
    throw new Error('complaint.first-owner no longer has answer b in the bank');
  const store = await openStore({ dataDir, backups: false });
  try {
    await createTrainingStore(store).publishItemVersion({
      itemId: 'complaint.first-owner',
      source: source.replace(/^answer: b$/m, 'answer: c'),
      item: { id: 'complaint.first-owner' },
      publishedBy: 'liu.yang',
      at: '2026-03-02T09:00:00Z',
      quizzes: bank.quizzes
        .filter((quiz) => quiz.items.some((reference) => reference.id === 'complaint.first-owner'))
        .map((quiz) => ({ quizId: quiz.id, itemIds: quiz.items.map((reference) => reference.id) })),
    });
  } finally {
    await store.close();
  }
}
