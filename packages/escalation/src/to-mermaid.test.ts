import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { machineToMermaid, toMermaid } from './to-mermaid.js';

const docPath = new URL('../../../docs/workflows/escalation.md', import.meta.url);

describe('toMermaid', () => {
  it('draws every state and each transition with its event and guard', () => {
    const diagram = toMermaid();
    expect(diagram.startsWith('stateDiagram-v2\n  [*] --> awaitingAcknowledgement\n')).toBe(true);
    expect(diagram).toContain(
      '  awaitingAcknowledgement --> acknowledged: escalation.acknowledge [holdsCurrentLevel]\n',
    );
    expect(diagram).toContain('  crisisRaised --> [*]\n');
  });

  it('draws a climb as an arrow back to awaitingAcknowledgement when the escalation re-enters its state', () => {
    expect(toMermaid()).toContain(
      '  awaitingAcknowledgement --> awaitingAcknowledgement: escalation.escalate [isOnLadder && hasHigherLevel]\n',
    );
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

  it('matches the diagram in docs/workflows/escalation.md (run `npm run diagram -w @kefu/escalation` after a change)', () => {
    const doc = readFileSync(docPath, 'utf8');
    const embedded = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(embedded).toBe(toMermaid());
  });
});
