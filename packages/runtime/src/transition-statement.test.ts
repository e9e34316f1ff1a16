import { describe, expect, it } from 'vitest';
import { transitionStatement } from './transition-statement.js';
import type { TransitionWrite } from './write-transition.js';

function writeOf(seq: number, changes: Partial<TransitionWrite> = {}): TransitionWrite {
  return {
    workflowId: `wf-${seq}`,
    kind: 'statement_test',
    machineId: 'statement',
    machineVersion: 1,
    expectedVersion: seq - 1,
    seq,
    state: 'open',
    fromState: 'open',
    snapshot: `{"seq":${seq}}`,
    columns: [{ column: 'status', type: 'text', value: `status-${seq}` }],
    event: `{"type":"statement.note","seq":${seq}}`,
    eventType: 'statement.note',
    at: `2026-03-02T09:0${seq}:00.000Z`,
    actor: { userId: 'zhang.wei', role: 'agent' },
    idempotencyKey: null,
    previousHash: `hash-${seq - 1}`,
    hash: `hash-${seq}`,
    timers: { set: [], removed: [] },
    outbox: [],
    ...changes,
  };
}

const notedPart = (text: string) => ({
  name: 'statement_test_noted',
  text: 'insert into noted (workflow_id, note) select target.id, $1::text from target',
  values: [text],
});

/** The value the statement sends for the parameter `$n` that follows `before` in its text. */
function parameterAfter(statement: { text: string; values: unknown[] }, before: string): unknown {
  const match = new RegExp(`${before.replace(/[()]/g, '\\$&')}\\$(\\d+)`).exec(statement.text);
  if (!match) throw new Error(`no parameter after "${before}"`);
  return statement.values[Number(match[1]) - 1];
}

describe('transitionStatement', () => {
  it('reuses the text and name of a shape when another write of that shape has other values', () => {
    const first = transitionStatement(writeOf(2), { rowXmin: '10' }, [notedPart('first')]);
    const second = transitionStatement(writeOf(3), { rowXmin: '11' }, [notedPart('second')]);
    expect(second.text).toBe(first.text);
    expect(second.name).toBe(first.name);
    expect(first.name).toMatch(/^kefu_transition_\d+$/);
    expect(parameterAfter(second, 'where id = ')).toBe('wf-3');
    expect(parameterAfter(second, ' and version = ')).toBe(2);
    expect(parameterAfter(second, ' and xmin = ')).toBe('11');
    expect(parameterAfter(second, '"status" = ')).toBe('status-3');
    expect(parameterAfter(second, 'select target.id, ')).toBe(3);
    expect(parameterAfter(first, 'select target.id, ')).toBe(2);
  });

  it('gives another text and name to each shape: timers, guards, outbox lease, idempotency key', () => {
    const plain = transitionStatement(writeOf(2), {}, []);
    const shapes = [
      transitionStatement(writeOf(2), { rowXmin: '10' }, []),
      transitionStatement(writeOf(2), { leaseOutbox: true }, []),
      transitionStatement(writeOf(2, { idempotencyKey: 'k1' }), {}, []),
      transitionStatement(writeOf(2, { timers: { set: [], removed: ['reply'] } }), {}, []),
      transitionStatement(
        writeOf(2, { timers: { set: [{ id: 't', name: 'reply', event: 'e', due_at: 'x' }], removed: [] } }),
        {},
        [],
      ),
      transitionStatement(writeOf(2, { expectedVersion: undefined }), {}, []),
      transitionStatement(writeOf(2), {}, [notedPart('a')]),
    ];
    const texts = new Set([plain, ...shapes].map((statement) => statement.text));
    const names = new Set([plain, ...shapes].map((statement) => statement.name));
    expect(texts.size).toBe(shapes.length + 1);
    expect(names.size).toBe(shapes.length + 1);
    expect(plain.text).not.toMatch(/timers|xmin =|idempotency_key =|noted/);
  });

  it("numbers a part's parameters after the engine's, each bound to the part's own value", () => {
    const statement = transitionStatement(writeOf(4), {}, [
      notedPart('from the part'),
      { name: 'statement_test_sum', text: 'select $2::int - $1::int from target', values: [40, 2] },
    ]);
    expect(parameterAfter(statement, 'insert into noted (workflow_id, note) select target.id, ')).toBe(
      'from the part',
    );
    expect(parameterAfter(statement, '"statement_test_sum" as (select ')).toBe(2);
    expect(parameterAfter(statement, 'int - ')).toBe(40);
    expect(parameterAfter(statement, 'where id = ')).toBe('wf-4');
  });
});
