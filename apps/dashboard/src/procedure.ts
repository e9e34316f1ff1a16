/**
 * The complaint procedure (seed 001) as the dashboard shows it: for each state, the step's next action (the
 * primary button), the roles that own it, and the clock that times it. The server decides what may be done
 * (`availableActions`); this only orders and explains what it offers.
 */
export interface ProcedureStep {
  /** The event that moves the complaint to the next step. */
  next: string;
  /** The roles that may take it (as the complaint package's `complaintEventRoles`). */
  owners: readonly string[];
  /** The clock that times the step, if one does. */
  clock?: string;
}

export const procedureSteps: Readonly<Record<string, ProcedureStep>> = {
  received: { next: 'complaint.record', owners: ['supervisor', 'manager'], clock: 'record' },
  recorded: { next: 'complaint.startAnalysis', owners: ['supervisor', 'manager'], clock: 'analyse' },
  analysing: { next: 'complaint.analyse', owners: ['supervisor', 'manager'], clock: 'analyse' },
  reportedUpward: { next: 'complaint.acknowledgeReport', owners: ['manager', 'director'], clock: 'decide' },
  awaitingDecision: { next: 'complaint.decide', owners: ['director'], clock: 'decide' },
  handling: { next: 'complaint.applyFormalSolution', owners: ['supervisor', 'manager'], clock: 'handle' },
  followingUp: { next: 'complaint.resolve', owners: ['supervisor', 'manager'] },
  resolved: { next: 'complaint.startRevisit', owners: ['agent', 'supervisor'], clock: 'revisit' },
  revisit: { next: 'complaint.recordRevisit', owners: ['agent', 'supervisor'], clock: 'revisit' },
  unsatisfied: { next: 'complaint.reopen', owners: ['supervisor', 'manager'] },
  improving: { next: 'complaint.completeImprovement', owners: ['supervisor', 'manager'] },
};

/** The top-level state of a state value (`handling.temporarySolution` → `handling`). */
export function topState(state: string): string {
  return state.split('.')[0] ?? state;
}

export function procedureStep(state: string): ProcedureStep | undefined {
  return procedureSteps[topState(state)];
}
