import {
  certifyAbility,
  createScorecardLibrary,
  estimateRaschAbility,
  gradeItem,
  scoreAttempt,
} from '@kefu/scoring';

// An ordering item: the complaint procedure (001), graded with Moodle's "longest ordered subset".
const steps = {
  id: 'complaint-steps',
  type: 'ordering' as const,
  prompt: '请把客诉办理的步骤排好顺序',
  options: [
    { id: 'receive', text: '接到客诉,收集异常状况' },
    { id: 'record', text: '10 分钟内反馈并记录' },
    { id: 'analyse', text: '分析原因,提出处理方案' },
    { id: 'decide', text: '营销总监决定处理方案' },
    { id: 'handle', text: '客服主管处理' },
  ],
  grading: 'longest-ordered-subset' as const,
};
const firstTry = gradeItem(steps, {
  type: 'ordering',
  order: ['receive', 'analyse', 'record', 'decide', 'handle'],
});
const secondTry = gradeItem(steps, {
  type: 'ordering',
  order: ['receive', 'record', 'analyse', 'decide', 'handle'],
});
// firstTry.score === 0.8: four of five steps are in order; marks explain each step.
export const attempt = scoreAttempt([{ grade: firstTry }, { grade: secondTry }], { penaltyPerTry: 0.1 });
// attempt.score === 0.9: right on the second try, less 10 % for the first.

// A QA scorecard: a critical criterion fails the review; N/A criteria are left out.
const library = createScorecardLibrary([
  {
    id: 'call-qa',
    version: 1,
    title: '来电质检',
    sections: [
      {
        id: 'opening',
        title: '开场',
        weight: 1,
        criteria: [
          { id: 'greeting', title: '使用标准问候语' },
          { id: 'no-rude-words', title: '未使用禁语', critical: true, allowNotApplicable: false },
        ],
      },
      { id: 'handling', title: '处理', weight: 2, criteria: [{ id: 'callback', title: '约定回电时间' }] },
    ],
  },
]);
export const review = library.score({
  scorecardId: 'call-qa',
  scorecardVersion: 1,
  interactionId: 'call-0042',
  reviewerId: 'qa-li',
  ratings: { greeting: 'yes', 'no-rude-words': 'no', callback: 'na' },
  comments: { 'no-rude-words': '客户沉默时说了“喂,说话呀!”' },
});
// review.autoFailed === true and review.score === 0; weightedScore is 0.5 (callback N/A is left out).

// Certification: a Rasch ability estimate must clear the cut score by its lower 95 % bound.
const ability = estimateRaschAbility([
  { difficulty: -1, score: 1 },
  { difficulty: 0, score: 1 },
  { difficulty: 0.5, score: 1 },
  { difficulty: 1, score: 0 },
]);
export const certification = certifyAbility({ ...ability, cutScore: 0 });
// certification.certified === false: 4 items leave too wide a margin (SE ≈ 1.2 logits).
