import type { AnyStateMachine } from 'xstate';
import { escalationMachine } from './escalation-machine.js';

type GuardLike = string | { type?: string; guards?: GuardLike[] } | undefined;

function guardName(guard: GuardLike): string | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'string') return guard;
  if (guard.guards) {
    const joiner = guard.type === 'xstate.or' ? ' || ' : ' && ';
    return guard.guards.map(guardName).join(joiner);
  }
  return guard.type;
}

/** A Mermaid state diagram of a flat machine: its states, and each transition labelled `event [guard]`. */
export function machineToMermaid(machine: AnyStateMachine): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${String(machine.root.config.initial)}`];
  for (const [name, node] of Object.entries(machine.root.states)) {
    for (const [eventType, transitions] of node.transitions) {
      for (const transition of transitions) {
        const target = transition.target?.[0]?.key ?? name;
        const guard = guardName((transition as { guard?: GuardLike }).guard);
        lines.push(`  ${name} --> ${target}: ${eventType}${guard ? ` [${guard}]` : ''}`);
      }
    }
    for (const transition of node.always ?? []) {
      const target = transition.target?.[0]?.key ?? name;
      const guard = guardName((transition as { guard?: GuardLike }).guard);
      lines.push(`  ${name} --> ${target}: always${guard ? ` [${guard}]` : ''}`);
    }
    if (node.type === 'final') lines.push(`  ${name} --> [*]`);
  }
  return `${lines.join('\n')}\n`;
}

/** The escalation machine as a Mermaid state diagram (docs/workflows/escalation.md embeds it). */
export function toMermaid(): string {
  return machineToMermaid(escalationMachine);
}
