import { toMermaid } from '@kefu/state-diagram';
import { createMachine } from 'xstate';

const ticket = createMachine({
  id: 'ticket',
  initial: 'open',
  states: {
    open: { on: { 'ticket.comment': { actions: () => {} }, 'ticket.close': 'closed' } },
    closed: { type: 'final' },
  },
});

// The comment stays in place: drawn as an arrow back to `open`.
export const diagram = toMermaid(ticket);
// stateDiagram-v2
//   [*] --> open
//   open --> open: ticket.comment
//   open --> closed: ticket.close
//   closed --> [*]
