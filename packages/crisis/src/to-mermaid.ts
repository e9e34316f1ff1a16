import { toMermaid as drawMachine } from '@kefu/state-diagram';
import type { AnyStateMachine } from 'xstate';
import { crisisMachine } from './crisis-machine.js';

/**
 * A Mermaid state diagram of a machine, drawn by `@kefu/state-diagram`: its states, each transition labelled
 * `event [guard]`, in-place transitions as arrows back to their own state.
 */
export function machineToMermaid(machine: AnyStateMachine): string {
  return drawMachine(machine);
}

/** The crisis machine as a Mermaid state diagram (docs/workflows/crisis.md embeds it). */
export function toMermaid(): string {
  return machineToMermaid(crisisMachine);
}
