/** A marked stretch of an answer: the words that proved a concept, or that broke a rule. */
export interface AnswerMark {
  start: number;
  end: number;
  kind: 'evidence' | 'violation';
  label: string;
}

/** A piece of the answer text, marked or plain, in order; joined they give back the answer. */
export interface AnswerSegment {
  /** Where the segment starts in the answer (a stable React key). */
  start: number;
  text: string;
  mark?: AnswerMark;
}

/**
 * Cuts an answer into plain and marked segments for display. Spans are UTF-16 offsets into the answer
 * (`answer.slice(start, end)`, as the API reports them); overlapping marks are clipped so each character is
 * shown once (a violation wins over evidence where they overlap); spans outside the text are ignored.
 */
export function highlightAnswer(answer: string, marks: readonly AnswerMark[]): AnswerSegment[] {
  const ordered = marks
    .map((mark) => ({ ...mark, start: Math.max(0, mark.start), end: Math.min(answer.length, mark.end) }))
    .filter((mark) => mark.end > mark.start)
    .sort(
      (a, b) => a.start - b.start || (a.kind === b.kind ? b.end - a.end : a.kind === 'violation' ? -1 : 1),
    );
  const segments: AnswerSegment[] = [];
  let cursor = 0;
  for (const mark of ordered) {
    const start = Math.max(cursor, mark.start);
    if (mark.end <= start) continue;
    if (start > cursor) segments.push({ start: cursor, text: answer.slice(cursor, start) });
    segments.push({ start, text: answer.slice(start, mark.end), mark: { ...mark, start } });
    cursor = mark.end;
  }
  if (cursor < answer.length) segments.push({ start: cursor, text: answer.slice(cursor) });
  return segments;
}
