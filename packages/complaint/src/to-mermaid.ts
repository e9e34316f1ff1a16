import { toMermaid as machineToMermaid } from '@kefu/state-diagram';
import type { AnyStateMachine } from 'xstate';
import { complaintMachine } from './complaint-machine.js';

/**
 * The complaint machine (or another) as a Mermaid `stateDiagram-v2`, drawn by `@kefu/state-diagram` from
 * its definition: every state and transition with its event and guards, in-place transitions as arrows
 * back to their state. The role guard every transition has (`senderMayAct`) is left out. Events every open
 * state handles the same way are drawn once: withdraw and merge from an "any open state" node, the ones
 * that stay in place (contacts, promises, pauses, links, timers …) in a note.
 */
export function toMermaid(machine: AnyStateMachine = complaintMachine): string {
  return machineToMermaid(machine, { hideGuards: ['senderMayAct'], groupCommonEvents: true });
}
