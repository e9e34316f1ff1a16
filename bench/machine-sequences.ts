/** The inputs and event sequences the machine benchmarks send: each machine's main path, start to end. */

const agent = { userId: 'li.na', role: 'agent' };
const supervisor = { userId: 'zhang.wei', role: 'supervisor' };
const manager = { userId: 'wang.fang', role: 'manager' };
const director = { userId: 'chen.jie', role: 'director' };
const system = { userId: 'scheduler', role: 'system' };

const t = (time: string, day = '03') => `2026-03-${day}T${time}:00+08:00`;

export function complaintInput(id: string) {
  return {
    complaintId: id,
    at: '2026-03-02T09:00:00+08:00',
    by: agent,
    customer: { name: '王伟', phone: '13800000000', grade: 'B' as const },
    channel: 'phone' as const,
    category: 'product-quality',
    summary: '电水壶使用两天后漏水',
  };
}

/** Received → closed after a satisfied revisit: 10 events. */
export const complaintEvents = [
  {
    type: 'complaint.record',
    at: t('09:04', '02'),
    by: supervisor,
    report: { facts: '客户反映电水壶底部漏水', customerRequest: '换货' },
  },
  { type: 'complaint.startAnalysis', at: t('09:10', '02'), by: supervisor, assignee: 'zhang.wei' },
  {
    type: 'complaint.analyse',
    at: t('09:40', '02'),
    by: supervisor,
    analysis: {
      cause: '密封圈批次不良',
      classification: 'productQuality',
      proposedPlan: '换新',
      severity: 'normal',
    },
  },
  {
    type: 'complaint.decide',
    at: t('10:00', '02'),
    by: director,
    decision: { approved: true, plan: '换新并致歉' },
  },
  {
    type: 'complaint.applyTemporarySolution',
    at: t('10:30', '02'),
    by: supervisor,
    handlingForm: { method: 'visit', actions: '送备用壶', result: '客户可正常使用', customerInformed: true },
  },
  {
    type: 'complaint.applyFormalSolution',
    at: t('15:00', '02'),
    by: supervisor,
    handlingForm: { method: 'phone', actions: '换新壶并致歉', result: '客户接受', customerInformed: true },
  },
  {
    type: 'complaint.followUp',
    at: t('10:00'),
    by: supervisor,
    followUp: { note: '客户已收到新壶', customerContacted: true },
  },
  {
    type: 'complaint.resolve',
    at: t('11:00'),
    by: supervisor,
    summaryReport: { outcome: '已换新', cause: '密封圈批次不良', improvementMeasures: '通知品管检验该批次' },
  },
  { type: 'complaint.startRevisit', at: t('14:00'), by: agent },
  {
    type: 'complaint.recordRevisit',
    at: t('14:05'),
    by: agent,
    revisitRecord: { method: 'phone', satisfaction: 'satisfied', opinion: '满意' },
  },
];

/** A repeatable event (any open state accepts it; the snapshot does not grow). */
export function assignEvent(index: number, at = t('09:30', '02')) {
  return {
    type: 'complaint.assign',
    at,
    by: supervisor,
    assignee: index % 2 ? 'zhang.wei' : 'li.na',
    team: 'after-sales',
  };
}

export function escalationInput(id: string) {
  return {
    escalationId: id,
    complaintId: 'c-1',
    at: '2026-03-02T01:10:05.000Z',
    by: system,
    reason: 'deadlineMissed' as const,
  };
}

/** Supervisor → manager → back to supervisor → resolved: 5 events. */
export const escalationEvents = [
  { type: 'escalation.escalate', at: '2026-03-02T01:12:00.000Z', by: supervisor, reason: 'outOfAuthority' },
  { type: 'escalation.acknowledge', at: '2026-03-02T01:14:00.000Z', by: manager },
  { type: 'escalation.deescalate', at: '2026-03-02T01:30:00.000Z', by: manager, reason: '已有处理方案' },
  { type: 'escalation.acknowledge', at: '2026-03-02T01:32:00.000Z', by: supervisor },
  { type: 'escalation.resolve', at: '2026-03-02T02:00:00.000Z', by: supervisor, resolution: '已换新并致歉' },
];

export function crisisInput(id: string) {
  return {
    crisisId: id,
    at: '2026-03-02T02:00:00.000Z',
    by: director,
    title: '电水壶漏水批量投诉',
    level: 'III' as const,
    reason: '一小时内 12 起同类投诉',
    category: 'product-quality',
    complaintIds: ['c-1', 'c-2'],
  };
}

/** Plan, roles, one statement drafted → approved → published, then monitoring: 8 events. */
export const crisisEvents = [
  { type: 'crisis.activatePlan', at: '2026-03-02T02:05:00.000Z', by: director, plan: '产品质量应急预案' },
  {
    type: 'crisis.assignRole',
    at: '2026-03-02T02:05:00.000Z',
    by: director,
    role: 'commander',
    userId: 'chen.jie',
  },
  {
    type: 'crisis.assignRole',
    at: '2026-03-02T02:05:00.000Z',
    by: director,
    role: 'spokesperson',
    userId: 'u-pr',
  },
  {
    type: 'crisis.assignRole',
    at: '2026-03-02T02:05:00.000Z',
    by: director,
    role: 'scribe',
    userId: 'li.na',
  },
  {
    type: 'crisis.draftStatement',
    at: '2026-03-02T03:00:00.000Z',
    by: agent,
    statementId: 's-1',
    text: '我们已关注到部分电水壶漏水问题……',
  },
  {
    type: 'crisis.approveStatement',
    at: '2026-03-02T03:10:00.000Z',
    by: { userId: 'u-pr', role: 'manager' },
    statementId: 's-1',
  },
  { type: 'crisis.publishStatement', at: '2026-03-02T03:20:00.000Z', by: director, statementId: 's-1' },
  { type: 'crisis.monitor', at: '2026-03-02T03:30:00.000Z', by: director },
];
