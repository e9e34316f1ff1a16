import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parsePayload } from './parse-payload.js';
import { isIsoInstant, isNonBlank, isoInstant, nonBlankText } from './payload-schemas.js';
import { InvalidPayload } from './runtime-errors.js';

const schema = z.object({ title: nonBlankText, at: isoInstant });

/** The `{ path, message }` issues `parsePayload` refuses `value` with. */
function issuesOf(value: unknown) {
  let refused: unknown;
  try {
    parsePayload(schema, value);
  } catch (error) {
    refused = error;
  }
  expect(refused).toBeInstanceOf(InvalidPayload);
  return (refused as InvalidPayload).issues;
}

describe('payload schemas', () => {
  it('keep text and times as given', () => {
    expect(parsePayload(schema, { title: ' 漏水 ', at: '2026-03-02T09:00:00+08:00' })).toEqual({
      title: ' 漏水 ',
      at: '2026-03-02T09:00:00+08:00',
    });
  });

  it('refuse blank text and an unreadable time with the same words as for a missing field', () => {
    expect(issuesOf({ title: '   ', at: 'soon' })).toEqual([
      { path: 'title', message: 'must be a non-empty string' },
      { path: 'at', message: 'must be an ISO date-time' },
    ]);
    expect(issuesOf({ title: 7 })).toEqual([
      { path: 'title', message: 'must be a non-empty string' },
      { path: 'at', message: 'must be an ISO date-time' },
    ]);
  });

  it('tell blank text and unreadable times apart as predicates', () => {
    expect([isNonBlank('a'), isNonBlank(' \t'), isNonBlank(3)]).toEqual([true, false, false]);
    expect([isIsoInstant('2026-03-02T09:00:00Z'), isIsoInstant('soon')]).toEqual([true, false]);
  });
});
