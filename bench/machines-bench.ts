/** Machines: events/s through `actor.send` against hand-written reducers; restore + send + persist; memory per actor. */
import { complaintMachine } from '@kefu/complaint';
import { crisisMachine } from '@kefu/crisis';
import { escalationMachine } from '@kefu/escalation';
import { type AnyStateMachine, createActor } from 'xstate';
import type { BenchRow, BenchSection } from './bench-report.js';
import { compareRates } from './bench-timing.js';
import {
  complaintInitial,
  complaintReducer,
  crisisInitial,
  crisisReducer,
  type Emit,
  escalationInitial,
  escalationReducer,
  type ReducerState,
} from './machine-reducers.js';
import {
  assignEvent,
  complaintEvents,
  complaintInput,
  crisisEvents,
  crisisInput,
  escalationEvents,
  escalationInput,
} from './machine-sequences.js';

export interface BenchOptions {
  quick: boolean;
}

interface Subject {
  name: string;
  machine: AnyStateMachine;
  input: (id: string) => Record<string, unknown>;
  events: Array<Record<string, unknown>>;
  /** The state a workflow starts in; `emit` receives what the machine emits as it starts (its root entry). */
  initial: (input: Record<string, unknown>, emit: Emit) => ReducerState;
  reducer: (state: ReducerState, event: never, emit: Emit) => ReducerState;
}

const subjects: Subject[] = [
  {
    name: 'complaint',
    machine: complaintMachine,
    input: complaintInput,
    events: complaintEvents,
    initial: complaintInitial,
    reducer: complaintReducer as Subject['reducer'],
  },
  {
    name: 'escalation',
    machine: escalationMachine,
    input: escalationInput,
    events: escalationEvents,
    initial: escalationInitial,
    reducer: escalationReducer as Subject['reducer'],
  },
  {
    name: 'crisis',
    machine: crisisMachine,
    input: crisisInput,
    events: crisisEvents,
    initial: crisisInitial,
    reducer: crisisReducer as Subject['reducer'],
  },
];

function runActor(subject: Subject, emitted: unknown[]) {
  const actor = createActor(subject.machine, { input: subject.input('x-1') as never });
  actor.on('*', (event) => emitted.push(event));
  actor.start();
  for (const event of subject.events) actor.send(event as never);
  const snapshot = actor.getSnapshot();
  actor.stop();
  return snapshot;
}

function runReducer(subject: Subject, emitted: unknown[]) {
  const emit: Emit = (event) => emitted.push(event);
  let state = subject.initial(subject.input('x-1'), emit);
  for (const event of subject.events) state = subject.reducer(state, event as never, emit);
  return state;
}

/** Both must end in the same state having emitted the same event types, or the comparison is meaningless. */
function checkSameOutcome(subject: Subject) {
  const actorEmitted: Array<{ type: string }> = [];
  const reducerEmitted: Array<{ type: string }> = [];
  const snapshot = runActor(subject, actorEmitted);
  const state = runReducer(subject, reducerEmitted);
  const actorValue = typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value);
  if (actorValue !== state.value) {
    throw new Error(`${subject.name}: the machine ends in ${actorValue}, the reducer in ${state.value}`);
  }
  const types = (list: Array<{ type: string }>) => list.map((event) => event.type).join(',');
  if (types(actorEmitted) !== types(reducerEmitted)) {
    throw new Error(
      `${subject.name}: the machine emitted ${types(actorEmitted)}, the reducer ${types(reducerEmitted)}`,
    );
  }
  return { state: state.value, events: subject.events.length };
}

function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

export async function benchMachines(options: BenchOptions): Promise<BenchSection> {
  const seconds = options.quick ? 0.2 : 1.5;
  const rounds = options.quick ? 1 : 3;
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  for (const subject of subjects) {
    const outcome = checkSameOutcome(subject);
    const sink: unknown[] = [];
    const { subject: viaActor, baseline } = compareRates(
      () => {
        sink.length = 0;
        runActor(subject, sink);
        return subject.events.length;
      },
      () => {
        sink.length = 0;
        runReducer(subject, sink);
        return subject.events.length;
      },
      { rounds, seconds },
    );
    rows.push({
      name: `${subject.name}: events/s through actor.send`,
      label: `${subject.name} path`,
      value: viaActor,
      unit: 'events/s',
      baseline: { name: 'hand-written reducer', value: baseline },
      ratio: viaActor / baseline,
      note: `${outcome.events} events start → ${outcome.state}, actor created per run`,
    });
  }

  // One live actor taking a repeatable event, against the reducer applying it: actor.send alone.
  const live = createActor(complaintMachine, { input: complaintInput('c-live') as never });
  live.start();
  live.send(complaintEvents[0] as never);
  let liveState = complaintInitial(complaintInput('c-live'));
  liveState = complaintReducer(liveState, complaintEvents[0] as never, () => {});
  const assigns = Array.from({ length: 100 }, (_, index) => assignEvent(index));
  const steady = compareRates(
    () => {
      for (const event of assigns) live.send(event as never);
      return assigns.length;
    },
    () => {
      for (const event of assigns) liveState = complaintReducer(liveState, event as never, () => {});
      return assigns.length;
    },
    { rounds, seconds },
  );
  live.stop();
  rows.push({
    name: 'complaint: actor.send on a live actor',
    label: 'live send',
    value: steady.subject,
    unit: 'events/s',
    baseline: { name: 'hand-written reducer', value: steady.baseline },
    ratio: steady.subject / steady.baseline,
    note: 'complaint.assign in `recorded`, no actor creation',
  });

  // Restore from a persisted snapshot (as stored: JSON text), send one event, persist again (JSON text).
  const actor = createActor(complaintMachine, { input: complaintInput('c-restore') as never });
  actor.start();
  for (const event of complaintEvents.slice(0, 4)) actor.send(event as never);
  const stored = JSON.stringify(actor.getPersistedSnapshot());
  actor.stop();
  let reducerState = complaintInitial(complaintInput('c-restore'));
  for (const event of complaintEvents.slice(0, 4))
    reducerState = complaintReducer(reducerState, event as never, () => {});
  const storedState = JSON.stringify(reducerState);
  let index = 0;
  const restore = compareRates(
    () => {
      const restored = createActor(complaintMachine, { snapshot: JSON.parse(stored) } as never);
      restored.start();
      restored.send(assignEvent(index++) as never);
      const text = JSON.stringify(restored.getPersistedSnapshot());
      restored.stop();
      return text.length > 0 ? 1 : 0;
    },
    () => {
      const state = JSON.parse(storedState) as ReducerState;
      const next = complaintReducer(state, assignEvent(index++) as never, () => {});
      return JSON.stringify(next).length > 0 ? 1 : 0;
    },
    { rounds, seconds },
  );
  rows.push({
    name: 'complaint: restore + send + persist',
    label: 'restore+send+persist',
    value: restore.subject,
    unit: 'ops/s',
    baseline: { name: 'JSON.parse + reducer + JSON.stringify', value: restore.baseline },
    ratio: restore.subject / restore.baseline,
    note: `snapshot ${(stored.length / 1024).toFixed(1)} KiB of JSON`,
  });

  // Memory per live actor: N complaint actors in `awaitingDecision`, heap delta after a full GC.
  const count = options.quick ? 1_000 : 10_000;
  const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  const before = heapUsed();
  const actors = [];
  for (let i = 0; i < count; i++) {
    const live = createActor(complaintMachine, { input: complaintInput(`c-${i}`) as never });
    live.start();
    for (const event of complaintEvents.slice(0, 4)) live.send(event as never);
    actors.push(live);
  }
  const perActor = (heapUsed() - before) / count;
  for (const live of actors) live.stop();
  actors.length = 0;
  const beforeStates = heapUsed();
  const states: ReducerState[] = [];
  for (let i = 0; i < count; i++) {
    let state = complaintInitial(complaintInput(`c-${i}`));
    for (const event of complaintEvents.slice(0, 4))
      state = complaintReducer(state, event as never, () => {});
    states.push(state);
  }
  const perState = (heapUsed() - beforeStates) / count;
  states.length = 0;
  rows.push({
    name: 'complaint: heap per live actor',
    value: perActor / 1024,
    unit: 'KiB',
    baseline: { name: 'reducer state object', value: perState / 1024 },
    ratio: perState / perActor,
    note: `${count.toLocaleString('en-US')} actors in awaitingDecision${hasGc ? '' : '; no --expose-gc, figures noisy'}`,
  });
  notes.push(
    'Rates are per CPU-second of the benchmark process (median of alternating rounds), so the shared machine’s load affects subject and baseline alike; ratio = kefu ÷ baseline (for memory: baseline ÷ kefu, higher is better).',
    'Creating and starting an actor (XState builds the machine’s initial state, runs entry actions, wires the system) costs about as much as several events, so the short escalation and crisis paths show mostly that cost; “actor.send on a live actor” is the per-event cost alone. None of this limits kefu: a durable transition costs milliseconds of I/O (next sections) against microseconds here.',
    'The reducers (bench/machine-reducers.ts) implement the same transitions, guards and context updates for these sequences with the same @kefu/sla clock and deadline helpers, and emit the same events; the run checks both end in the same state with the same emitted events.',
  );
  return { title: 'Machines (pure, in process)', rows, notes };
}
