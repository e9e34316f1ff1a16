import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { toMermaid } from './to-mermaid.js';

const docPath = new URL('../../../docs/workflows/complaint.md', import.meta.url);

describe('toMermaid', () => {
  it('draws every state and each transition with its event and guard', () => {
    const diagram = toMermaid();
    expect(diagram.startsWith('stateDiagram-v2\n  [*] --> received\n')).toBe(true);
    expect(diagram).toContain('  received --> recorded: complaint.record\n');
    expect(diagram).toContain('  analysing --> reportedUpward: complaint.analyse [isSeriousAnalysis]\n');
    expect(diagram).toContain('  state handling {\n    [*] --> awaitingSolution\n');
    expect(diagram).toContain('  anyOpenState --> withdrawn: complaint.withdraw\n');
    expect(diagram).toContain('  closed --> [*]\n');
  });

  it('draws an in-place transition back to its state when a state handles an event without leaving', () => {
    expect(toMermaid()).toContain('  resolved --> resolved: complaint.rescheduleRevisit\n');
  });

  it('lists the events every open state handles in place once, in a note, when they are common', () => {
    const diagram = toMermaid();
    expect(diagram).toContain('    In every open state, without leaving it:\n');
    expect(diagram).toContain('    complaint.pause\n');
    expect(diagram).not.toContain('received --> received: complaint.pause');
  });

  it('draws another machine from its own definition', () => {
    const machine = createMachine({
      id: 'door',
      initial: 'open',
      states: { open: { on: { 'door.close': 'shut' } }, shut: { type: 'final' } },
    });
    expect(toMermaid(machine)).toBe(
      'stateDiagram-v2\n  [*] --> open\n  open --> shut: door.close\n  shut --> [*]\n',
    );
  });

  it('matches the diagram in docs/workflows/complaint.md (run `npm run diagram -w @kefu/complaint` after a change)', () => {
    const doc = readFileSync(docPath, 'utf8');
    const embedded = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(embedded).toBe(toMermaid());
  });
});
