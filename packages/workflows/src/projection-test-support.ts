// Test helper: a complaint run from opening to closed, with a repeat contact, for the projection tests.
const people = {
  agent: { userId: 'li.na', role: 'agent' },
  supervisor: { userId: 'zhang.wei', role: 'supervisor' },
  director: { userId: 'chen.jie', role: 'director' },
};

export function openedComplaint(at: string, team: string, category = 'product-quality') {
  return {
    at,
    by: people.agent,
    customer: { name: '王伟', phone: '13800000000', grade: 'B' },
    channel: 'phone',
    category,
    team,
    summary: '电水壶使用两天后漏水',
  };
}

const form = { method: 'phone', actions: '换新壶并致歉', result: '客户接受', customerInformed: true };

/** The procedure to closed; `satisfaction` is the revisit's answer. */
export function complaintSteps(satisfaction: 'satisfied' | 'neutral' | 'unsatisfied') {
  return [
    { type: 'complaint.record', by: people.supervisor, report: { facts: '客户反映电水壶底部漏水' } },
    { type: 'complaint.contact', by: people.agent, channel: 'phone', note: '客户再次来电' },
    { type: 'complaint.startAnalysis', by: people.supervisor, assignee: 'zhang.wei' },
    {
      type: 'complaint.analyse',
      by: people.supervisor,
      analysis: { cause: '密封圈批次不良', classification: 'productQuality', proposedPlan: '换新' },
    },
    { type: 'complaint.decide', by: people.director, decision: { approved: true, plan: '换新并致歉' } },
    { type: 'complaint.applyFormalSolution', by: people.supervisor, handlingForm: form },
    {
      type: 'complaint.resolve',
      by: people.supervisor,
      summaryReport: { outcome: '已换新', cause: '密封圈批次不良', improvementMeasures: '来料全检' },
    },
    { type: 'complaint.startRevisit', by: people.agent },
    { type: 'complaint.recordRevisit', by: people.agent, revisitRecord: { method: 'phone', satisfaction } },
  ];
}
