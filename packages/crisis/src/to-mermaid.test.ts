import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { machineToMermaid, toMermaid } from './to-mermaid.js';

const docPath = new URL('../../../docs/workflows/crisis.md', import.meta.url);

describe('toMermaid', () => {
  it('draws every state and each transition with its event and guard', () => {
    const diagram = toMermaid();
    expect(diagram.startsWith('stateDiagram-v2\n  [*] --> responding\n')).toBe(true);
    expect(diagram).toContain('  responding --> monitoring: crisis.monitor [isLead && levelActionsDone]\n');
    expect(diagram).toContain('  closed --> [*]\n');
  });

  it('draws an in-place transition back to its state when a state handles an event without leaving', () => {
    expect(toMermaid()).toContain('  responding --> responding: crisis.activatePlan [isLead]\n');
  });

  it('draws another machine from its own definition', () => {
    const machine = createMachine({
      id: 'door',
      initial: 'open',
      states: { open: { on: { 'door.close': 'shut' } }, shut: { type: 'final' } },
    });
    expect(machineToMermaid(machine)).toBe(
      'stateDiagram-v2\n  [*] --> open\n  open --> shut: door.close\n  shut --> [*]\n',
    );
  });

  it('matches the diagram in docs/workflows/crisis.md (run `npm run diagram -w @kefu/crisis` after a change)', () => {
    const doc = readFileSync(docPath, 'utf8');
    const embedded = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(embedded).toBe(toMermaid());
  });
});
