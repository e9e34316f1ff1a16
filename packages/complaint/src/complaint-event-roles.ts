import type { ComplaintEventType, Role } from './complaint-types.js';

/**
 * Which roles may send each complaint event (seed 001's owners: the supervisor is the first owner, the
 * director decides the plan; `system` is the runtime's scheduler and reactions from other workflows).
 * The machine's `senderMayAct` guard and the runtime's `availableActions` both read this map.
 */
export const complaintEventRoles: Record<ComplaintEventType, readonly Role[]> = {
  'complaint.record': ['supervisor', 'manager'],
  'complaint.startAnalysis': ['supervisor', 'manager'],
  'complaint.analyse': ['supervisor', 'manager'],
  'complaint.acknowledgeReport': ['manager', 'director'],
  'complaint.decide': ['director'],
  'complaint.applyTemporarySolution': ['supervisor', 'manager'],
  'complaint.applyFormalSolution': ['supervisor', 'manager'],
  'complaint.followUp': ['agent', 'supervisor', 'manager'],
  'complaint.adjustSolution': ['supervisor', 'manager'],
  'complaint.resolve': ['supervisor', 'manager'],
  'complaint.startRevisit': ['agent', 'supervisor'],
  'complaint.rescheduleRevisit': ['agent', 'supervisor'],
  'complaint.recordRevisit': ['agent', 'supervisor'],
  'complaint.reopen': ['supervisor', 'manager'],
  'complaint.startImprovement': ['supervisor', 'manager'],
  'complaint.completeImprovement': ['supervisor', 'manager'],
  'complaint.withdraw': ['agent', 'supervisor', 'manager'],
  'complaint.merge': ['supervisor', 'manager'],
  'complaint.promiseCallBack': ['agent', 'supervisor'],
  'complaint.callBack': ['agent', 'supervisor'],
  'complaint.contact': ['agent', 'supervisor'],
  'complaint.requestEscalation': ['agent', 'supervisor'],
  'complaint.assign': ['supervisor', 'manager'],
  'complaint.pause': ['agent', 'supervisor', 'manager'],
  'complaint.resume': ['agent', 'supervisor', 'manager'],
  'complaint.linked': ['system'],
  'complaint.crisisResolved': ['system'],
  'complaint.deadlineReached': ['system'],
};

/** Whether `role` may send an event of `type`. */
export function mayRoleSend(type: string, role: string): boolean {
  return (complaintEventRoles as Record<string, readonly string[]>)[type]?.includes(role) ?? false;
}
