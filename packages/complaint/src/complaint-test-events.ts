import type { Actor, ComplaintEvent, ComplaintInput } from './complaint-types.js';

/** Test and example data: a complaint and one well-formed event of each kind. Not exported from the package. */
export const people = {
  agent: { userId: 'li.na', role: 'agent' },
  supervisor: { userId: 'zhang.wei', role: 'supervisor' },
  manager: { userId: 'wang.fang', role: 'manager' },
  director: { userId: 'chen.jie', role: 'director' },
  system: { userId: 'scheduler', role: 'system' },
  trainer: { userId: 'zhou.min', role: 'trainer' },
} as const satisfies Record<string, Actor>;

export const openedInput: ComplaintInput & { complaintId: string } = {
  complaintId: 'c-1',
  at: '2026-03-02T09:00:00+08:00',
  by: people.agent,
  customer: { name: '王伟', phone: '13800000000', grade: 'B' },
  channel: 'phone',
  category: 'product-quality',
  summary: '电水壶使用两天后漏水',
};

type Payload<T extends ComplaintEvent['type']> = Omit<
  Extract<ComplaintEvent, { type: T }>,
  'type' | 'at' | 'by'
>;

/** The payload of each event, as a valid sample. */
export const samplePayloads: { [T in ComplaintEvent['type']]: Payload<T> } = {
  'complaint.record': { report: { facts: '客户反映电水壶底部漏水', customerRequest: '换货' } },
  'complaint.startAnalysis': { assignee: 'zhang.wei' },
  'complaint.analyse': {
    analysis: {
      cause: '密封圈批次不良',
      classification: 'productQuality',
      proposedPlan: '先送备用壶,再换新',
      severity: 'normal',
    },
  },
  'complaint.acknowledgeReport': { note: '已报营销总监' },
  'complaint.decide': { decision: { approved: true, plan: '换新并致歉' } },
  'complaint.applyTemporarySolution': {
    handlingForm: { method: 'visit', actions: '送备用壶', result: '客户可正常使用', customerInformed: true },
  },
  'complaint.applyFormalSolution': {
    handlingForm: { method: 'phone', actions: '换新壶并致歉', result: '客户接受', customerInformed: true },
  },
  'complaint.followUp': { followUp: { note: '客户已收到新壶', customerContacted: true } },
  'complaint.adjustSolution': { reason: '新壶同样漏水' },
  'complaint.resolve': {
    summaryReport: { outcome: '已换新', cause: '密封圈批次不良', improvementMeasures: '通知品管检验该批次' },
  },
  'complaint.startRevisit': {},
  'complaint.rescheduleRevisit': { revisitAt: '2026-03-04T15:00:00+08:00', reason: '客户约定周三下午' },
  'complaint.recordRevisit': {
    revisitRecord: { method: 'phone', satisfaction: 'satisfied', opinion: '满意' },
  },
  'complaint.reopen': { reason: '客户仍不满意' },
  'complaint.startImprovement': { plan: '改进密封圈检验', owner: 'quality' },
  'complaint.completeImprovement': { measures: '来料全检' },
  'complaint.withdraw': { reason: '客户撤回投诉' },
  'complaint.merge': { intoComplaintId: 'c-0', reason: '同一问题重复投诉' },
  'complaint.promiseCallBack': { callBackBy: '2026-03-02T11:00:00+08:00', note: '查询物流后回电' },
  'complaint.callBack': { promiseId: 'cb1', reached: true, note: '已回电' },
  'complaint.contact': { channel: 'phone', note: '客户再次来电' },
  'complaint.requestEscalation': { note: '超出权限' },
  'complaint.assign': { assignee: 'zhang.wei', team: 'after-sales' },
  'complaint.pause': { reason: 'awaitingCustomer', note: '等客户寄回旧壶' },
  'complaint.resume': { note: '已收到旧壶' },
  'complaint.linked': { link: { kind: 'escalation', id: 'e-1', reason: 'repeat contacts' } },
  'complaint.crisisResolved': {
    crisisId: 'k-1',
    message: '该批次产品已全部召回,我们将为您免费更换。',
    revisitBy: '2026-03-06T10:00:00+08:00',
  },
  'complaint.deadlineReached': { deadline: 'record', dueAt: '2026-03-02T01:10:00.000Z' },
};

/** A valid event of `type` at `at` from `by` (the first allowed role unless given), with the sample payload. */
export function sample<T extends ComplaintEvent['type']>(
  type: T,
  at: string,
  by: Actor,
  overrides: Partial<Payload<T>> = {},
): Extract<ComplaintEvent, { type: T }> {
  return { type, at, by, ...samplePayloads[type], ...overrides } as unknown as Extract<
    ComplaintEvent,
    { type: T }
  >;
}
