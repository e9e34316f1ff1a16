import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parsePayload } from './parse-payload.js';
import { InvalidPayload } from './runtime-errors.js';

const schema = z.object({
  report: z.object({ facts: z.string().min(1, 'must say what happened') }),
  count: z.number(),
});

describe('parsePayload', () => {
  it('returns what the schema reads', () => {
    expect(parsePayload(schema, { report: { facts: '漏水' }, count: 2, extra: true })).toEqual({
      report: { facts: '漏水' },
      count: 2,
    });
  });

  it('refuses with InvalidPayload naming each bad field by its dotted path, in order', () => {
    let refused: unknown;
    try {
      parsePayload(schema, { report: { facts: '' }, count: 'two' }, 'event');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(InvalidPayload);
    expect(refused).toMatchObject({
      code: 'INVALID_EVENT',
      what: 'event',
      issues: [
        { path: 'report.facts', message: 'must say what happened' },
        { path: 'count', message: expect.stringContaining('number') },
      ],
    });
  });

  it('calls a refused value input unless told otherwise', () => {
    expect(() => parsePayload(schema, null)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
