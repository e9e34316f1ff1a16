import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

/** How `toMermaid` draws a machine. */
export interface MermaidOptions {
  /**
   * Guard names left out of the labels, e.g. a role check every transition has (`senderMayAct`). A
   * combined guard keeps its other parts: `and(['senderMayAct', 'isApproved'])` is drawn `[isApproved]`.
   */
  hideGuards?: readonly string[];
  /**
   * Draw the events that every open (non-final) top-level state handles the same way once instead of
   * from each state: those that leave for a final state as arrows from an "any open state" node, those
   * that stay in place in a note. Off by default: every transition is drawn from its own state.
   */
  groupCommonEvents?: boolean;
}

type GuardLike = unknown;

/** The guard of a transition as a label part: `isLead && levelActionsDone`, `!isPaused`, or `undefined`. */
function guardLabel(guard: GuardLike, hidden: ReadonlySet<string>): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return hidden.has(guard) ? undefined : guard;
  if (typeof guard === 'function') {
    const parts = (guard as { guards?: GuardLike[] }).guards;
    if (Array.isArray(parts)) {
      const labels = parts.map((part) => guardLabel(part, hidden));
      if (guard.name === 'not') return labels[0] === undefined ? undefined : `!${labels[0]}`;
      const shown = labels.filter((label): label is string => label !== undefined);
      if (shown.length === 0) return undefined;
      if (shown.length === 1) return shown[0];
      const joiner = guard.name === 'or' ? ' || ' : ' && ';
      return shown.map((label) => (label.includes(' ') ? `(${label})` : label)).join(joiner);
    }
    return guard.name && !hidden.has(guard.name) ? guard.name : undefined;
  }
  if (typeof guard === 'object' && 'type' in guard)
    return guardLabel((guard as { type: unknown }).type, hidden);
  return undefined;
}

function childrenOf(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states) as AnyStateNode[];
}

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return childrenOf(node).flatMap((child) => [child, ...allNodes(child)]);
}

/** Mermaid ids are global: a state's key when no other state has it, otherwise its path joined by `_`. */
function idsOf(machine: AnyStateMachine): (node: AnyStateNode) => string {
  const counts = new Map<string, number>();
  for (const node of allNodes(machine.root)) counts.set(node.key, (counts.get(node.key) ?? 0) + 1);
  return (node) => (counts.get(node.key) === 1 ? node.key : node.path.join('_'));
}

/** Each transition of a node as `[event, transition]`, `always` ones as the event `always`. */
function transitionsOf(node: AnyStateNode): Array<[string, AnyTransitionDefinition]> {
  const pairs: Array<[string, AnyTransitionDefinition]> = [];
  for (const [eventType, transitions] of node.transitions) {
    for (const transition of transitions) pairs.push([eventType, transition]);
  }
  for (const transition of node.always ?? []) pairs.push(['always', transition]);
  return pairs;
}

/** A transition's targets as state nodes; empty for an in-place (targetless) transition. */
function targetsOf(transition: AnyTransitionDefinition): AnyStateNode[] {
  return (transition.target ?? []) as AnyStateNode[];
}

/** A string that says where an event goes from a state, to compare states handling it the same way. */
function shapeOf(node: AnyStateNode, eventType: string, hidden: ReadonlySet<string>): string | undefined {
  const transitions = node.transitions.get(eventType);
  if (!transitions) return undefined;
  return JSON.stringify(
    transitions.map((transition) => [
      targetsOf(transition).map((target) => target.id),
      guardLabel(transition.guard, hidden) ?? '',
    ]),
  );
}

/** Events every open top-level state handles the same way (same targets, same guards). */
function commonEventsOf(machine: AnyStateMachine, hidden: ReadonlySet<string>): Map<string, AnyStateNode[]> {
  const open = childrenOf(machine.root).filter((node) => node.type !== 'final');
  const common = new Map<string, AnyStateNode[]>();
  const first = open[0];
  if (!first || open.length < 2) return common;
  for (const [eventType, transitions] of first.transitions) {
    const shape = shapeOf(first, eventType, hidden);
    if (!open.every((node) => shapeOf(node, eventType, hidden) === shape)) continue;
    const targets = [...new Set(transitions.flatMap(targetsOf))];
    if (targets.length === 0 || targets.every((target) => target.type === 'final')) {
      common.set(eventType, targets);
    }
  }
  return common;
}

/**
 * A Mermaid `stateDiagram-v2` of an XState v5 machine, drawn from its definition: the initial state of
 * every compound state, compound states as nested blocks, every transition labelled
 * `event [guard]` (combined guards as `a && b`, `a || b`, `!a`), `always` transitions, final states, and
 * in-place (targetless) transitions as arrows back to their own state. The same machine always gives
 * the same text, so docs can embed it and a test can check it has not drifted.
 */
export function toMermaid(machine: AnyStateMachine, options: MermaidOptions = {}): string {
  const hidden = new Set(options.hideGuards ?? []);
  const idOf = idsOf(machine);
  const common = options.groupCommonEvents ? commonEventsOf(machine, hidden) : new Map();
  const topLevel = new Set(childrenOf(machine.root));

  const transitionLines = (node: AnyStateNode, indent: string): string[] => {
    const lines: string[] = [];
    for (const [eventType, transition] of transitionsOf(node)) {
      if (topLevel.has(node) && common.has(eventType)) continue;
      const guard = guardLabel(transition.guard, hidden);
      const label = guard ? `${eventType} [${guard}]` : eventType;
      const targets = targetsOf(transition);
      for (const target of targets.length ? targets : [node]) {
        lines.push(`${indent}${idOf(node)} --> ${idOf(target)}: ${label}`);
      }
    }
    return lines;
  };

  const scopeLines = (scope: AnyStateNode, indent: string): string[] => {
    const lines: string[] = [];
    const children = childrenOf(scope);
    const initial = scope.initial?.target?.[0] as AnyStateNode | undefined;
    if (initial) lines.push(`${indent}[*] --> ${idOf(initial)}`);
    for (const child of children) {
      if (childrenOf(child).length === 0) continue;
      lines.push(`${indent}state ${idOf(child)} {`, ...scopeLines(child, `${indent}  `), `${indent}}`);
    }
    for (const child of children) {
      lines.push(...transitionLines(child, indent));
      if (child.type === 'final') lines.push(`${indent}${idOf(child)} --> [*]`);
    }
    return lines;
  };

  const lines = ['stateDiagram-v2', ...scopeLines(machine.root, '  ')];
  const leaving = [...common].filter(([, targets]) => targets.length > 0);
  if (leaving.length) lines.push('  state "any open state" as anyOpenState');
  for (const [eventType, targets] of leaving) {
    for (const target of targets) lines.push(`  anyOpenState --> ${idOf(target)}: ${eventType}`);
  }
  const inPlace = [...common].filter(([, targets]) => targets.length === 0).map(([eventType]) => eventType);
  const first = childrenOf(machine.root)[0];
  if (inPlace.length && first) {
    lines.push(`  note left of ${idOf(first)}`, '    In every open state, without leaving it:');
    for (const eventType of inPlace) lines.push(`    ${eventType}`);
    lines.push('  end note');
  }
  return `${lines.join('\n')}\n`;
}
