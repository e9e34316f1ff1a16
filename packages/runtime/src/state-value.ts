import type { StateValue } from 'xstate';

/** A state value as one dotted string: `{ handling: 'temporary' }` → `handling.temporary`. Parallel regions are joined with `,`. */
export function stateValueToString(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) => {
      if (child === undefined) return key;
      const inner = stateValueToString(child as StateValue);
      return inner ? `${key}.${inner}` : key;
    })
    .join(',');
}
