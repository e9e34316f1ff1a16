import type { FieldInfo, SchemaCapabilities } from './schema-capabilities.js';

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
 * (or `complaintRecord`); an action object may name its mutation outright.
 */
export function mutationForAction(
  capabilities: SchemaCapabilities,
  action: AvailableAction,
): FieldInfo | undefined {
  if (typeof action !== 'string' && typeof action.mutation === 'string') {
    return capabilities.mutation(action.mutation);
  }
  const event = actionEvent(action);
  const [kind = '', verb = ''] = event.split('.');
  const candidates = [`${verb}${capitalise(kind)}`, `${kind}${capitalise(verb)}`, verb];
  for (const name of candidates) {
    const found = capabilities.mutation(name);
    if (found) return found;
  }
  // `crisis.approveStatement` → `approveCrisisStatement`: the verb's first word leads, every word appears.
  const words = verb.split(/(?=[A-Z])/).map((word) => word.toLowerCase());
  const lowerKind = kind.toLowerCase();
  return capabilities.mutations().find((field) => {
    const name = field.name.toLowerCase();
    return (
      name.startsWith(words[0] ?? '') &&
      name.includes(lowerKind) &&
      words.every((word) => name.includes(word))
    );
  });
}
