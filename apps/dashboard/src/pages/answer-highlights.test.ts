import { expect, it } from 'vitest';
import { highlightAnswer } from './answer-highlights.js';

it('marks the evidence and violations in answer order and keeps the rest plain when spans are given', () => {
  const answer = '喂,您好,请问有什么可以帮助您?';
  const segments = highlightAnswer(answer, [
    { start: 2, end: 4, kind: 'evidence', label: '问候' },
    { start: 0, end: 1, kind: 'violation', label: '说"喂"' },
    { start: 5, end: 16, kind: 'evidence', label: '询问' },
  ]);
  expect(segments.map((segment) => segment.text).join('')).toBe(answer);
  expect(segments.map((segment) => [segment.text, segment.mark?.kind ?? null])).toEqual([
    ['喂', 'violation'],
    [',', null],
    ['您好', 'evidence'],
    [',', null],
    ['请问有什么可以帮助您?', 'evidence'],
  ]);
});

it('shows each character once when marks overlap or fall outside the answer', () => {
  const segments = highlightAnswer('您好您好', [
    { start: 0, end: 3, kind: 'evidence', label: 'a' },
    { start: 2, end: 4, kind: 'evidence', label: 'b' },
    { start: 9, end: 12, kind: 'violation', label: 'c' },
  ]);
  expect(segments.map((segment) => [segment.text, segment.mark?.label])).toEqual([
    ['您好您', 'a'],
    ['好', 'b'],
  ]);
});
