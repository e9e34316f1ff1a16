import { describe, expect, it } from 'vitest';
import { InvalidJsonl, parseLabelledAnswers, readJsonl } from './read-jsonl.js';

describe('readJsonl', () => {
  it('reports each malformed line with its line number when some lines are bad', () => {
    const { records, errors } = readJsonl('{"a":1}\n\nnot json\r\n{"b":2}\n{');
    expect(records.map((record) => record.line)).toEqual([1, 4]);
    expect(errors.map((error) => error.line)).toEqual([3, 5]);
    expect(errors[0]?.message).toContain('not valid JSON');
  });
});

describe('parseLabelledAnswers', () => {
  it('reads labelled answers and keeps extra fields out when lines are valid', () => {
    const answers = parseLabelledAnswers(
      '{"id":"s1","item":"greeting.reply","answer":"您好","pass":false,"why":"no offer","extra":1}\n',
    );
    expect(answers).toEqual([
      { id: 's1', item: 'greeting.reply', answer: '您好', pass: false, why: 'no offer', line: 1 },
    ]);
  });

  it('throws InvalidJsonl naming the file, line and field when a label is missing', () => {
    let error: unknown;
    try {
      parseLabelledAnswers(
        '{"id":"s1","item":"x","answer":"您好","pass":true}\n{"id":"s2","item":"x","answer":"您好"}\n',
        'labels.jsonl',
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidJsonl);
    expect((error as InvalidJsonl).errors).toEqual([
      { line: 2, message: 'pass: pass must be true or false' },
    ]);
    expect((error as InvalidJsonl).message).toContain('labels.jsonl:2:');
    expect((error as InvalidJsonl).code).toBe('INVALID_JSONL');
  });
});
