import { describe, expect, it } from 'vitest';
import { and, createMachine, not, or, setup } from 'xstate';
import { toMermaid } from './to-mermaid.js';

const yes = () => true;

describe('toMermaid', () => {
  it('draws the initial state, each transition with its event and the final state when the machine is flat', () => {
    const machine = createMachine({
      id: 'door',
      initial: 'open',
      states: { open: { on: { 'door.close': 'shut' } }, shut: { type: 'final' } },
    });
    expect(toMermaid(machine)).toBe(
      'stateDiagram-v2\n  [*] --> open\n  open --> shut: door.close\n  shut --> [*]\n',
    );
  });

  it('draws an in-place transition as an arrow back to its own state when the transition has no target', () => {
    const machine = createMachine({
      id: 'counter',
      initial: 'counting',
      states: {
        counting: { on: { 'counter.add': { actions: () => {} }, 'counter.stop': 'stopped' } },
        stopped: { type: 'final' },
      },
    });
    expect(toMermaid(machine)).toBe(
      [
        'stateDiagram-v2',
        '  [*] --> counting',
        '  counting --> counting: counter.add',
        '  counting --> stopped: counter.stop',
        '  stopped --> [*]',
        '',
      ].join('\n'),
    );
  });

  it('labels combined guards and leaves hidden ones out when guards are combined with and, or, not', () => {
    const machine = setup({
      guards: { senderMayAct: yes, isLead: yes, isDone: yes, isLate: yes },
    }).createMachine({
      id: 'task',
      initial: 'open',
      states: {
        open: {
          on: {
            'task.finish': {
              guard: and(['senderMayAct', 'isLead', or(['isDone', not('isLate')])]),
              target: 'done',
            },
            'task.note': { guard: 'senderMayAct' },
          },
          always: { guard: 'isLate', target: 'done' },
        },
        done: { type: 'final' },
      },
    });
    expect(toMermaid(machine, { hideGuards: ['senderMayAct'] })).toBe(
      [
        'stateDiagram-v2',
        '  [*] --> open',
        '  open --> done: task.finish [isLead && (isDone || !isLate)]',
        '  open --> open: task.note',
        '  open --> done: always [isLate]',
        '  done --> [*]',
        '',
      ].join('\n'),
    );
  });

  it('nests a compound state in a block with its own initial state when a state has children', () => {
    const machine = createMachine({
      id: 'order',
      initial: 'packing',
      states: {
        packing: {
          initial: 'picking',
          on: { 'order.ship': 'shipped' },
          states: { picking: { on: { 'order.picked': 'boxing' } }, boxing: {} },
        },
        shipped: { type: 'final' },
      },
    });
    expect(toMermaid(machine)).toBe(
      [
        'stateDiagram-v2',
        '  [*] --> packing',
        '  state packing {',
        '    [*] --> picking',
        '    picking --> boxing: order.picked',
        '  }',
        '  packing --> shipped: order.ship',
        '  shipped --> [*]',
        '',
      ].join('\n'),
    );
  });

  it('names a state by its path when two states share a key', () => {
    const machine = createMachine({
      id: 'pair',
      initial: 'left',
      states: {
        left: { initial: 'idle', states: { idle: { on: { go: '#pair.right' } } } },
        right: { initial: 'idle', states: { idle: {} } },
      },
    });
    const diagram = toMermaid(machine);
    expect(diagram).toContain('    [*] --> left_idle\n');
    expect(diagram).toContain('    left_idle --> right: go\n');
    expect(diagram).toContain('    [*] --> right_idle\n');
  });

  it('draws events every open state handles alike once when grouping common events', () => {
    const machine = createMachine({
      id: 'ticket',
      initial: 'new',
      states: {
        new: { on: { 'ticket.start': 'working', 'ticket.cancel': 'cancelled', 'ticket.comment': {} } },
        working: { on: { 'ticket.done': 'done', 'ticket.cancel': 'cancelled', 'ticket.comment': {} } },
        done: { type: 'final' },
        cancelled: { type: 'final' },
      },
    });
    expect(toMermaid(machine, { groupCommonEvents: true })).toBe(
      [
        'stateDiagram-v2',
        '  [*] --> new',
        '  new --> working: ticket.start',
        '  working --> done: ticket.done',
        '  done --> [*]',
        '  cancelled --> [*]',
        '  state "any open state" as anyOpenState',
        '  anyOpenState --> cancelled: ticket.cancel',
        '  note left of new',
        '    In every open state, without leaving it:',
        '    ticket.comment',
        '  end note',
        '',
      ].join('\n'),
    );
  });

  it('draws an event from each state when the states handle it differently, even when grouping', () => {
    const machine = createMachine({
      id: 'ticket',
      initial: 'new',
      states: {
        new: { on: { 'ticket.comment': {}, 'ticket.start': 'working' } },
        working: { on: { 'ticket.comment': 'new' } },
      },
    });
    expect(toMermaid(machine, { groupCommonEvents: true })).toBe(
      [
        'stateDiagram-v2',
        '  [*] --> new',
        '  new --> new: ticket.comment',
        '  new --> working: ticket.start',
        '  working --> new: ticket.comment',
        '',
      ].join('\n'),
    );
  });
});
