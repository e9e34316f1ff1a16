import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { complaintMachine } from './complaint-machine.js';

type AnyNode = AnyStateNode;

/** Guard names on a transition, without the role check every transition has. */
function guardLabel(guard: unknown): string[] {
  if (!guard) return [];
  if (typeof guard === 'string') return guard === 'senderMayAct' ? [] : [guard];
  const combined = (guard as { guards?: unknown }).guards;
  if (typeof guard === 'function' && Array.isArray(combined)) return combined.flatMap(guardLabel);
  if (typeof guard === 'object' && guard !== null && 'type' in guard)
    return guardLabel((guard as { type: unknown }).type);
  return [];
}

function localId(node: AnyNode, scope: AnyNode): string {
  return node.parent === scope ? node.key : node.path.join('_');
}

function transitionLines(node: AnyNode, scope: AnyNode, indent: string, commonEvents: Set<string>): string[] {
  const lines: string[] = [];
  for (const [eventType, transitions] of node.transitions) {
    if (commonEvents.has(eventType)) continue;
    for (const transition of transitions) {
      for (const target of transition.target ?? []) {
        const guards = guardLabel(transition.guard);
        const label = guards.length ? `${eventType} [${guards.join(', ')}]` : eventType;
        const source = localId(node, scope);
        const destination = target.parent === scope ? target.key : target.path.join('_');
        lines.push(`${indent}${source} --> ${destination}: ${label}`);
      }
    }
  }
  return lines;
}

function nodeLines(scope: AnyNode, indent: string, commonEvents: Set<string>): string[] {
  const lines: string[] = [];
  const children = Object.values(scope.states) as AnyNode[];
  if (scope.initial?.target?.[0]) lines.push(`${indent}[*] --> ${scope.initial.target[0].key}`);
  for (const child of children) {
    if (Object.keys(child.states).length > 0) {
      lines.push(`${indent}state ${child.key} {`);
      lines.push(...nodeLines(child, `${indent}  `, commonEvents));
      lines.push(`${indent}}`);
    }
  }
  for (const child of children) {
    lines.push(...transitionLines(child, scope, indent, commonEvents));
    if (child.type === 'final') lines.push(`${indent}${child.key} --> [*]`);
  }
  return lines;
}

/** Events every open state handles the same way; drawn once as a note instead of an arrow from each state. */
function commonEventsOf(machine: AnyStateMachine): Map<string, string[]> {
  const open = (Object.values(machine.root.states) as AnyNode[]).filter((node) => node.type !== 'final');
  const common = new Map<string, string[]>();
  if (open.length < 2) return common;
  for (const [eventType, transitions] of open[0]?.transitions ?? []) {
    if (!open.every((node) => node.transitions.has(eventType))) continue;
    const targets = [
      ...new Set(transitions.flatMap((transition) => (transition.target ?? []).map((t) => t.key))),
    ];
    if (
      targets.length === 0 ||
      targets.every((key) => (machine.root.states[key] as AnyNode)?.type === 'final')
    ) {
      common.set(eventType, targets);
    }
  }
  return common;
}

/**
 * A Mermaid `stateDiagram-v2` of a machine, generated from its definition: every state, every transition
 * with its event and guards (the role guard every transition has is left out). Events every open state
 * handles the same way are drawn once: withdraw and merge from an "any open state" node, the ones that
 * stay in place (contacts, promises, pauses, links, timers …) in a note.
 */
export function toMermaid(machine: AnyStateMachine = complaintMachine): string {
  const common = commonEventsOf(machine);
  const lines = ['stateDiagram-v2', ...nodeLines(machine.root, '  ', new Set(common.keys()))];
  const leaving = [...common].filter(([, targets]) => targets.length > 0);
  if (leaving.length) lines.push('  state "any open state" as anyOpenState');
  for (const [eventType, targets] of leaving) {
    for (const target of targets) lines.push(`  anyOpenState --> ${target}: ${eventType}`);
  }
  const inPlace = [...common].filter(([, targets]) => targets.length === 0).map(([eventType]) => eventType);
  if (inPlace.length) {
    const first = (Object.values(machine.root.states) as AnyNode[])[0]!.key;
    lines.push(`  note left of ${first}`, '    In every open state, without leaving it:');
    for (const eventType of inPlace) lines.push(`    ${eventType}`);
    lines.push('  end note');
  }
  return `${lines.join('\n')}\n`;
}
