import { openStore } from '@kefu/runtime';
import { createTrainingStore } from '@kefu/training-store';

const store = await openStore({ dataDir: 'memory://training-readme' });
const training = createTrainingStore(store); // applies its tables before its first operation

const attempt = await training.startAttempt({
  quizId: 'greeting',
  trainee: 'li.na',
  at: '2026-03-02T09:00:00Z',
});
await training.finishAttempt({ attemptId: attempt.id, score: 0.8, passed: true, at: '2026-03-02T09:10:00Z' });

export const summary = await training.traineeSummaries(); // [{ trainee: 'li.na', attempts: 1, passed: 1, meanScore: 0.8, … }]
await store.close();
