import { actionDocuments } from './action-documents.js';

/** An available action as the API lists it: an event type (`complaint.record`) or an object naming one. */
export type AvailableAction = string | Record<string, unknown>;

export function actionEvent(action: AvailableAction): string {
  if (typeof action === 'string') return action;
  for (const key of ['event', 'type', 'name', 'action']) {
    const value = action[key];
    if (typeof value === 'string') return value;
  }
  return JSON.stringify(action);
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * The typed mutation that sends an action's event: `complaint.record` → `recordComplaint`
 * (or `complaintRecord`); an action object may name its mutation outright. Returns the mutation's name, one of
 * `actionDocuments`; undefined when the dashboard has no document for it.
 */
export function mutationForAction(action: AvailableAction): string | undefined {
  const known = (name: string) => (name in actionDocuments ? name : undefined);
  if (typeof action !== 'string' && typeof action.mutation === 'string') {
    return known(action.mutation);
  }
  const event = actionEvent(action);
  const [kind = '', verb = ''] = event.split('.');
  const candidates = [`${verb}${capitalise(kind)}`, `${kind}${capitalise(verb)}`, verb];
  for (const name of candidates) {
    const found = known(name);
    if (found) return found;
  }
  // `crisis.approveStatement` → `approveCrisisStatement`: the verb's first word leads, every word appears.
  const words = verb.split(/(?=[A-Z])/).map((word) => word.toLowerCase());
  const lowerKind = kind.toLowerCase();
  return Object.keys(actionDocuments).find((mutation) => {
    const name = mutation.toLowerCase();
    return (
      name.startsWith(words[0] ?? '') &&
      name.includes(lowerKind) &&
      words.every((word) => name.includes(word))
    );
  });
}
