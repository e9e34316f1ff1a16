import { clampScore } from '../items/item-grade.js';
import { isNegatedAt, isNegationAt } from '../rules/negation-scope.js';
import { statedValues } from '../rules/scenario-facts.js';
import { parseStageDirections, type StageAction, type StageDirection } from '../rules/stage-directions.js';
import { applyThesaurus } from '../rules/thesaurus.js';
import { type NormalizedText, normalizeText, originalSpan } from '../text/normalize-text.js';
import { pinyinReadings } from '../text/pinyin-key.js';
import {
  type CompiledConcept,
  type CompiledHouseRule,
  type CompiledPiece,
  type CompiledRequiredConcept,
  type CompiledRubric,
  type CompiledSequence,
  compileRubric,
  type PieceAnswerCache,
  protectedCharacters,
} from './compile-rubric.js';
import type { RubricInput, Where } from './rubric-schema.js';

/** How a phrase was recognised: as written, through a variant / Traditional form, by a same-pinyin typo, or within a few edits. */
export type MatchTolerance = 'exact' | 'variant' | 'same-pinyin' | 'edit';

/** A span of the ORIGINAL answer: `answer.slice(start, end) === text`. */
export interface AnswerSpan {
  start: number;
  end: number;
  text: string;
}

/** Evidence that a concept is present. */
export interface ConceptEvidence {
  /** The rubric phrase (as authored) and the expansion that matched. */
  phrase: string;
  expansion: string;
  span: AnswerSpan;
  tolerance: MatchTolerance;
}

export interface ConceptHit {
  concept: string;
  label: string;
  weight: number;
  required: boolean;
  /** Every occurrence found, in answer order (at least `min` for a required concept). */
  evidence: ConceptEvidence[];
}

export interface ConceptMiss {
  concept: string;
  label: string;
  weight: number;
  /** Occurrences found (fewer than needed). */
  found: number;
  needed: number;
  feedback: string;
}

export interface RubricViolation {
  /**
   * `forbidden`: the rubric's forbidden concept; `house-rule`: a house rule of conduct; `fact`: a
   * value conflicting with the scenario; `direction`: a stage direction breaking a rule.
   */
  kind: 'forbidden' | 'house-rule' | 'fact' | 'direction' | 'order' | 'proximity' | 'keyword-list';
  /** The forbidden concept or constraint id. */
  id: string;
  label: string;
  /** The words of the answer that broke the rule. */
  quote: string;
  spans: AnswerSpan[];
  effect: 'auto-fail' | 'penalty';
  penalty: number;
  feedback: string;
}

/** One rule the grader applied, with its outcome and the words that decided it. */
export interface AppliedRule {
  /** `concept:greeting`, `house-rule:threat`, `fact:customer`, `direction:hang-up`, `order:order-1` … */
  rule: string;
  label: string;
  outcome: 'met' | 'missed' | 'broken';
  evidence: AnswerSpan[];
}

/** The explained grade of one script answer. */
export interface ScriptGrade {
  score: number;
  passed: boolean;
  autoFailed: boolean;
  hits: ConceptHit[];
  misses: ConceptMiss[];
  violations: RubricViolation[];
  /** What to tell the agent (Chinese): what to add, what to drop, what to reorder. */
  feedback: string[];
  /** Every rule applied: concepts met or missed, facts checked, directions and house rules broken. */
  rules: AppliedRule[];
  /** The stage directions found in the answer, as actions. */
  directions: StageDirection[];
}

interface Occurrence {
  from: number;
  to: number;
  tolerance: MatchTolerance;
  sequence: CompiledSequence;
}

const toleranceRank = { exact: 0, variant: 0, 'same-pinyin': 1, edit: 2 } as const;

/** Answer-presence tables shared by all answers: a slot holds the stamp of the last answer that had it. */
let stampCounter = 0;
const characterStamps = new Uint32Array(0x10000);
let readingStamps = new Uint32Array(2048);
function growReadingStamps(id: number): void {
  const grown = new Uint32Array(Math.max(id + 1, readingStamps.length * 2));
  grown.set(readingStamps);
  readingStamps = grown;
}

/** The answer's matching view (normalised, no punctuation) with readings computed on demand. */
class AnswerView {
  readonly text: string;
  readonly length: number;
  private readings: (readonly number[] | undefined)[] | undefined;
  readingsAt(index: number): readonly number[] {
    this.readings ??= new Array(this.length);
    let readings = this.readings[index];
    if (readings === undefined) {
      readings = pinyinReadings(this.text[index] as string);
      this.readings[index] = readings;
    }
    return readings;
  }
  private readonly stamp: number;
  private readingsStamped = false;
  constructor(readonly normalized: NormalizedText) {
    this.text = normalized.text;
    this.length = normalized.text.length;
    stampCounter = stampCounter >= 0xfffffff0 ? 1 : stampCounter + 1;
    if (stampCounter === 1) {
      characterStamps.fill(0);
      readingStamps.fill(0);
    }
    this.stamp = stampCounter;
    for (let i = 0; i < this.length; i++) characterStamps[this.text.charCodeAt(i)] = this.stamp;
  }
  private directions: Uint8Array | undefined;
  /** True when the normalised character at `index` comes from a bracketed stage direction. */
  inDirection(index: number): boolean {
    if (!this.directions) this.directions = markDirections(this.normalized);
    return this.directions[index] === 1;
  }
  /** True when the answer holds this UTF-16 code unit somewhere. */
  has(code: number): boolean {
    return characterStamps[code] === this.stamp;
  }
  /**
   * How many of the piece's characters appear nowhere in the answer, neither as themselves nor
   * through a shared reading. A piece with more absent characters than its budget cannot match.
   */
  absentCharacters(piece: CompiledPiece): number {
    const cache = this.cacheOf(piece);
    if (cache.absent < 0) cache.absent = this.countAbsent(piece);
    return cache.absent;
  }
  /** True when the piece occurs as written at or after `from`. */
  hasExact(piece: CompiledPiece, from: number): boolean {
    const text = piece.text;
    return (
      this.has(text.charCodeAt(0)) &&
      this.has(text.charCodeAt(text.length - 1)) &&
      this.text.indexOf(text, from) >= 0
    );
  }
  /** The piece's cache, emptied when it still holds another answer's results. */
  cacheOf(piece: CompiledPiece): PieceAnswerCache {
    const cache = piece.cache;
    if (cache.stamp !== this.stamp) {
      cache.stamp = this.stamp;
      cache.absent = -1;
      cache.scanStart = -1;
      cache.scanned = -1;
      cache.editTo = -2;
      if (cache.starts.length > 0) {
        cache.starts.length = 0;
        cache.ranks.length = 0;
      }
    }
    return cache;
  }
  private countAbsent(piece: CompiledPiece): number {
    const stamp = this.stamp;
    if (!this.readingsStamped) {
      this.readingsStamped = true;
      for (let i = 0; i < this.length; i++) {
        const readings = this.readingsAt(i);
        for (let r = 0; r < readings.length; r++) {
          const id = readings[r] as number;
          if (id >= readingStamps.length) growReadingStamps(id);
          readingStamps[id] = stamp;
        }
      }
    }
    let absent = 0;
    for (let k = 0; k < piece.text.length; k++) {
      if (characterStamps[piece.text.charCodeAt(k)] === stamp) continue;
      const readings = piece.readings[k] as readonly number[];
      let found = false;
      for (let r = 0; r < readings.length; r++) {
        if (readingStamps[readings[r] as number] === stamp) {
          found = true;
          break;
        }
      }
      if (!found) absent++;
    }
    return absent;
  }
  /** Bits of the piece positions (< 31) that text position `index` matches exactly or by reading. */
  matchBits(index: number, piece: CompiledPiece): number {
    let bits = piece.characterBits.get(this.text.charCodeAt(index)) ?? 0;
    const readings = this.readingsAt(index);
    for (let r = 0; r < readings.length; r++) bits |= piece.readingBits.get(readings[r] as number) ?? 0;
    return bits;
  }
  sharesReading(index: number, readings: readonly number[]): boolean {
    if (readings.length === 0) return false;
    const mine = this.readingsAt(index);
    for (let a = 0; a < mine.length; a++)
      for (let b = 0; b < readings.length; b++) if (mine[a] === readings[b]) return true;
    return false;
  }
}

interface PieceMatch {
  from: number;
  to: number;
  rank: 0 | 1 | 2;
}

function findPieceExact(
  view: AnswerView,
  piece: CompiledPiece,
  from: number,
  lastStart: number,
): PieceMatch | undefined {
  const text = piece.text;
  if (!view.has(text.charCodeAt(0)) || !view.has(text.charCodeAt(text.length - 1))) return undefined;
  const at = view.text.indexOf(text, from);
  if (at < 0 || at > lastStart) return undefined;
  return { from: at, to: at + piece.text.length, rank: 0 };
}

function findPiecePinyin(
  view: AnswerView,
  piece: CompiledPiece,
  from: number,
  lastStart: number,
): PieceMatch | undefined {
  if (piece.pinyinBudget === 0 || view.absentCharacters(piece) > 0) return undefined;
  const length = piece.text.length;
  const end = Math.min(lastStart, view.length - length);
  // Starts are tried once per answer, left to right from the first search's start; the matches
  // found so far are remembered. A search starting before that window scans on its own.
  const cache = view.cacheOf(piece);
  if (cache.scanned < 0) {
    cache.scanStart = from;
    cache.scanned = from;
  } else if (from < cache.scanStart || from > cache.scanned) {
    for (let start = from; start <= end; start++) {
      const rank = pinyinRankAt(view, piece, start);
      if (rank >= 0) return { from: start, to: start + length, rank: rank as 0 | 1 };
    }
    return undefined;
  }
  const { starts, ranks } = cache;
  for (let m = 0; m < starts.length; m++) {
    const start = starts[m] as number;
    if (start < from) continue;
    return start <= end ? { from: start, to: start + length, rank: ranks[m] as 0 | 1 } : undefined;
  }
  while (cache.scanned <= end) {
    const start = cache.scanned++;
    const rank = pinyinRankAt(view, piece, start);
    if (rank < 0) continue;
    starts.push(start);
    ranks.push(rank);
    if (start >= from) return { from: start, to: start + length, rank: rank as 0 | 1 };
  }
  return undefined;
}

/** 0 when the piece stands at `start` as written, 1 with same-pinyin substitutions, −1 when it does not. */
function pinyinRankAt(view: AnswerView, piece: CompiledPiece, start: number): number {
  const length = piece.text.length;
  const budget = piece.pinyinBudget;
  let substitutions = 0;
  for (let k = 0; k < length; k++) {
    if (view.text.charCodeAt(start + k) === piece.text.charCodeAt(k)) continue;
    if (substitutions < budget && view.sharesReading(start + k, piece.readings[k] as readonly number[])) {
      substitutions++;
      continue;
    }
    return -1;
  }
  return substitutions > 0 ? 1 : 0;
}

/**
 * False when the piece cannot occur anywhere in the answer at this level (a necessary condition
 * of {@link findPiece}, checked from per-answer caches), so a sequence holding it is skipped.
 */
function mayMatch(view: AnswerView, piece: CompiledPiece, from: number, level: Level): boolean {
  if (level === 0 || piece.pinyinBudget === 0) {
    if (view.hasExact(piece, from)) return true;
  } else if (view.absentCharacters(piece) === 0) return true;
  return level === 2 && piece.editBudget > 0 && view.absentCharacters(piece) <= piece.editBudget;
}

const impossible = 1e6;
/** Reused DP columns for the edit search (grading is synchronous, so one buffer suffices). */
let columns = new Int32Array(256);

/** Approximate substring search (Sellers): the earliest best match within `editBudget` edits. */
function findPieceEdit(
  view: AnswerView,
  piece: CompiledPiece,
  from: number,
  lastStart: number,
): PieceMatch | undefined {
  const budget = piece.editBudget;
  if (budget <= 0 || view.absentCharacters(piece) > budget) return undefined;
  // A shared piece is often searched again with the same bounds (the head of several sequences).
  const cache = view.cacheOf(piece);
  if (cache.editTo !== -2 && cache.editFrom === from && cache.editLastStart === lastStart)
    return cache.editTo < 0 ? undefined : { from: cache.editMatchFrom, to: cache.editTo, rank: 2 };
  const found = searchEdits(view, piece, from, lastStart);
  cache.editFrom = from;
  cache.editLastStart = lastStart;
  cache.editMatchFrom = found ? found.from : 0;
  cache.editTo = found ? found.to : -1;
  return found;
}

/** Approximate substring search (Sellers) proper, for {@link findPieceEdit}. */
function searchEdits(
  view: AnswerView,
  piece: CompiledPiece,
  from: number,
  lastStart: number,
): PieceMatch | undefined {
  const budget = piece.editBudget;
  const length = piece.text.length;
  const end = Math.min(view.length, lastStart + length + budget);
  // Only where a seed (an untouched part of the piece) occurs can a match be.
  let firstSeed = -1;
  let lastSeed = -1;
  for (const seed of piece.editSeeds) {
    const at = view.text.indexOf(seed, from);
    if (at < 0 || at >= end) continue;
    if (firstSeed < 0 || at < firstSeed) firstSeed = at;
    const last = view.text.lastIndexOf(seed, end - seed.length);
    if (last > lastSeed) lastSeed = last;
  }
  if (firstSeed < 0) return undefined;
  const windowStart = Math.max(from, firstSeed - length - budget);
  const windowEnd = Math.min(end, lastSeed + length + budget + 1);
  if (columns.length < 4 * (length + 1)) columns = new Int32Array(8 * (length + 1));
  let previous = columns.subarray(0, length + 1);
  let previousStart = columns.subarray(length + 1, 2 * (length + 1));
  let current = columns.subarray(2 * (length + 1), 3 * (length + 1));
  let currentStart = columns.subarray(3 * (length + 1), 4 * (length + 1));
  previous[0] = 0;
  previousStart[0] = windowStart;
  for (let i = 1; i <= length; i++) {
    previous[i] = (previous[i - 1] as number) + (piece.protectedMask[i - 1] ? impossible : 1);
    previousStart[i] = windowStart;
  }
  let best: PieceMatch | undefined;
  let bestCost = impossible;
  const useBits = length <= 31;
  for (let j = windowStart; j < windowEnd; j++) {
    const textCode = view.text.charCodeAt(j);
    const textProtected = isProtectedCode(textCode);
    const bits = useBits ? view.matchBits(j, piece) : 0;
    current[0] = 0;
    currentStart[0] = j + 1;
    for (let i = 1; i <= length; i++) {
      let substitution: number;
      if (
        useBits
          ? (bits >>> (i - 1)) & 1
          : piece.text.charCodeAt(i - 1) === textCode ||
            view.sharesReading(j, piece.readings[i - 1] as readonly number[])
      ) {
        substitution = 0;
      } else substitution = textProtected || piece.protectedMask[i - 1] ? impossible : 1;
      let cost = (previous[i - 1] as number) + substitution;
      let start = previousStart[i - 1] as number;
      if (i === 1) start = j;
      const deletion = (current[i - 1] as number) + (piece.protectedMask[i - 1] ? impossible : 1);
      if (deletion < cost) {
        cost = deletion;
        start = currentStart[i - 1] as number;
      }
      const insertion = (previous[i] as number) + (textProtected ? impossible : 1);
      if (insertion < cost) {
        cost = insertion;
        start = previousStart[i] as number;
      }
      current[i] = cost;
      currentStart[i] = start;
    }
    const cost = current[length] as number;
    const start = currentStart[length] as number;
    // Anchor both ends: the first and last characters must match (or share a reading), so an
    // edit never just trims the phrase's edge (荣幸为您服务 must not match 兴为您服务).
    if (
      cost <= budget &&
      start <= lastStart &&
      start >= from &&
      j + 1 > start &&
      anchors(view, piece, start, j)
    ) {
      if (cost < bestCost) {
        best = { from: start, to: j + 1, rank: 2 };
        bestCost = cost;
        if (cost === 0) break;
      }
    } else if (best) {
      break;
    }
    [previous, current] = [current, previous];
    [previousStart, currentStart] = [currentStart, previousStart];
  }
  return best;
}

let protectedCodes: Uint8Array | undefined;
function isProtectedCode(code: number): boolean {
  if (!protectedCodes) {
    protectedCodes = new Uint8Array(0x10000);
    for (const character of protectedCharacters) protectedCodes[character.charCodeAt(0)] = 1;
  }
  return code < 0x10000 && protectedCodes[code] === 1;
}

function anchors(view: AnswerView, piece: CompiledPiece, start: number, last: number): boolean {
  const length = piece.text.length;
  const firstMatches =
    view.text.charCodeAt(start) === piece.text.charCodeAt(0) ||
    view.sharesReading(start, piece.readings[0] as readonly number[]);
  if (!firstMatches) return false;
  return (
    view.text.charCodeAt(last) === piece.text.charCodeAt(length - 1) ||
    view.sharesReading(last, piece.readings[length - 1] as readonly number[])
  );
}

type Level = 0 | 1 | 2;

function findPiece(
  view: AnswerView,
  piece: CompiledPiece,
  from: number,
  lastStart: number,
  level: Level,
): PieceMatch | undefined {
  if (level === 0) return findPieceExact(view, piece, from, lastStart);
  // A piece too short for a looser match (a budget of 0) is still found exactly, so a sequence
  // with one short piece (杂音…大) can match at a looser level through its other pieces.
  if (level === 1)
    return piece.pinyinBudget === 0
      ? findPieceExact(view, piece, from, lastStart)
      : findPiecePinyin(view, piece, from, lastStart);
  return (
    findPieceEdit(view, piece, from, lastStart) ??
    (piece.pinyinBudget === 0
      ? findPieceExact(view, piece, from, lastStart)
      : findPiecePinyin(view, piece, from, lastStart))
  );
}

/** A gap … never jumps over a negation: 随时…联系 does not match 随时都不要联系. */
function gapHasNegation(view: AnswerView, from: number, to: number): boolean {
  for (let i = from; i < to; i++)
    if (negationCodes.has(view.text.charCodeAt(i)) && isNegationAt(view.text, i)) return true;
  return false;
}

/** Every non-overlapping occurrence of one expansion at one tolerance level. */
function findSequence(
  view: AnswerView,
  sequence: CompiledSequence,
  gap: number,
  level: Level,
  into: Occurrence[],
): void {
  const pieces = sequence.pieces;
  const first = pieces[0] as CompiledPiece;
  let from = 0;
  let othersChecked = false;
  while (from < view.length) {
    const head = findPiece(view, first, from, view.length, level);
    if (!head) return;
    // Once, at the first head: give up when a later piece occurs nowhere after it (every later
    // head starts further on).
    if (!othersChecked) {
      for (let p = 1; p < pieces.length; p++)
        if (!mayMatch(view, pieces[p] as CompiledPiece, head.from, level)) return;
      othersChecked = true;
    }
    let position = head.to;
    let rank: number = head.rank;
    let complete = true;
    for (let p = 1; p < pieces.length; p++) {
      const piece = pieces[p] as CompiledPiece;
      const maximum = piece.gapMaximum === undefined || piece.gapMaximum < 0 ? gap : piece.gapMaximum;
      const next = findPiece(view, piece, position + (piece.gapMinimum ?? 0), position + maximum, level);
      if (!next || gapHasNegation(view, position, next.from)) {
        complete = false;
        break;
      }
      position = next.to;
      if (next.rank > rank) rank = next.rank;
    }
    if (complete) {
      into.push({
        from: head.from,
        to: position,
        tolerance: rank === 0 ? 'exact' : rank === 1 ? 'same-pinyin' : 'edit',
        sequence,
      });
      from = position > head.from ? position : head.from + 1;
    } else {
      from = head.from + 1;
    }
  }
}

function maxLevel(concept: CompiledConcept): Level {
  return concept.tolerance === 'exact' ? 0 : concept.tolerance === 'same-pinyin' ? 1 : 2;
}

const openingBrackets: Readonly<Record<string, string>> = {
  '(': ')',
  '（': '）',
  '[': ']',
  '【': '】',
  '〔': '〕',
  '［': '］',
};

/** Marks the normalised characters that come from inside brackets in the original answer. */
function markDirections(normalized: NormalizedText): Uint8Array {
  const marks = new Uint8Array(normalized.text.length);
  const { original } = normalized;
  if (!/[(（[【〔［]/.test(original)) return marks;
  const inside = new Uint8Array(original.length);
  const stack: string[] = [];
  let openedAt = -1;
  for (let i = 0; i < original.length; i++) {
    const character = original[i] as string;
    const closing = openingBrackets[character];
    if (closing) {
      if (stack.length === 0) openedAt = i;
      stack.push(closing);
    } else if (stack.length > 0 && character === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) inside.fill(1, openedAt, i + 1);
    }
  }
  // An unclosed bracket marks nothing: the answer may just be sloppy.
  for (let i = 0; i < marks.length; i++) marks[i] = inside[normalized.starts[i] as number] as number;
  return marks;
}

function isWhereAllowed(view: AnswerView, occurrence: Occurrence, where: Where): boolean {
  if (where === 'anywhere') return true;
  const inside = view.inDirection(occurrence.from) || view.inDirection(occurrence.to - 1);
  return where === 'directions' ? inside : !inside;
}

const negationCodes = new Set([...'不没别勿未无莫'].map((character) => character.charCodeAt(0)));

/** Negation scope (see negation-scope.ts); punctuation in the original closes the scope. */
function isNegated(view: AnswerView, occurrence: Occurrence): boolean {
  const from = occurrence.from;
  let hasNegation = false;
  for (let i = Math.max(0, from - 9); i < from; i++) {
    if (negationCodes.has(view.text.charCodeAt(i))) {
      hasNegation = true;
      break;
    }
  }
  if (!hasNegation) return false;
  const { normalized } = view;
  return isNegatedAt(
    view.text,
    occurrence.from,
    (index) => index > 0 && (normalized.starts[index] as number) > (normalized.ends[index - 1] as number),
  );
}

/**
 * The concept's occurrences, non-overlapping, in answer order. Looser levels are tried only when
 * fewer than `needed` were found, unless `exhaustive` (used to settle an order constraint).
 */
function findConcept(
  view: AnswerView,
  concept: CompiledConcept,
  gap: number,
  needed: number,
  exhaustive = false,
  negationGuard = false,
): Occurrence[] {
  const found: Occurrence[] = [];
  const top = maxLevel(concept);
  let selected: Occurrence[] = [];
  lastSearchWasExhaustive = true;
  for (let level = 0 as Level; level <= top; level = (level + 1) as Level) {
    const before = found.length;
    for (const sequence of concept.sequences) {
      findSequence(view, sequence, gap, level, found);
      // Looser levels are costly: stop as soon as enough (possibly overlapping) occurrences are in.
      // Exact matches are cheap: all phrasings are tried, so the earliest occurrence is kept for
      // order constraints.
      if (
        level > 0 &&
        !exhaustive &&
        found.length >= needed &&
        (needed === 1 || selectNonOverlapping(found).length >= needed)
      ) {
        lastSearchWasExhaustive = false;
        break;
      }
    }
    if (found.length > before) {
      let kept = before;
      for (let i = before; i < found.length; i++) {
        const occurrence = found[i] as Occurrence;
        if (negationGuard && isNegated(view, occurrence)) continue;
        if (!isWhereAllowed(view, occurrence, concept.where)) continue;
        found[kept++] = occurrence;
      }
      found.length = kept;
    }
    selected = selectNonOverlapping(found);
    if (selected.length >= needed && !(exhaustive && level < 1)) {
      if (level < top) lastSearchWasExhaustive = false;
      break;
    }
  }
  return selected;
}

/**
 * Whether the last {@link findConcept} tried every phrasing at every level (as an exhaustive
 * search would): then searching the concept again exhaustively finds the same occurrences.
 */
let lastSearchWasExhaustive = false;

const noOccurrences: Occurrence[] = [];

function selectNonOverlapping(found: Occurrence[]): Occurrence[] {
  if (found.length === 0) return noOccurrences;
  if (found.length === 1) return found.slice();
  const sorted = found
    .slice()
    .sort(
      (a, b) => a.from - b.from || toleranceRank[a.tolerance] - toleranceRank[b.tolerance] || b.to - a.to,
    );
  const selected: Occurrence[] = [];
  let lastEnd = -1;
  for (const occurrence of sorted) {
    if (occurrence.from >= lastEnd) {
      selected.push(occurrence);
      lastEnd = occurrence.to;
    } else {
      // Prefer a better tolerance or a shorter overlapping match that ends earlier (more room after it).
      const last = selected[selected.length - 1] as Occurrence;
      if (
        occurrence.to < last.to &&
        toleranceRank[occurrence.tolerance] <= toleranceRank[last.tolerance] &&
        occurrence.from >= (selected[selected.length - 2]?.to ?? -1)
      ) {
        selected[selected.length - 1] = occurrence;
        lastEnd = occurrence.to;
      }
    }
  }
  return selected;
}

function evidenceOf(view: AnswerView, occurrence: Occurrence): ConceptEvidence {
  const span = originalSpan(view.normalized, occurrence.from, occurrence.to);
  let tolerance = occurrence.tolerance;
  if (tolerance === 'exact') {
    const { normalized } = view;
    for (let i = occurrence.from; i < occurrence.to; i++) {
      if (normalized.original.slice(normalized.starts[i], normalized.ends[i]) !== normalized.text[i]) {
        tolerance = 'variant';
        break;
      }
    }
  }
  return { phrase: occurrence.sequence.phrase, expansion: occurrence.sequence.expansion, span, tolerance };
}

/** First occurrences of each concept in order: greedy earliest end, optimal for subsequences. */
function checkOrder(sequence: readonly string[], occurrences: ReadonlyMap<string, Occurrence[]>): boolean {
  let position = 0;
  for (const id of sequence) {
    const list = occurrences.get(id) ?? [];
    const next = list.find((occurrence) => occurrence.from >= position);
    if (!next) return false;
    position = next.to;
  }
  return true;
}

const emptyGradeCache = new WeakMap<CompiledRubric, ScriptGrade>();

/**
 * Grades one free-text answer against a compiled rubric. Never throws on any string; the score
 * is in [0, 1]. Accepts an uncompiled rubric too (compiled on each call: compile once with
 * {@link compileRubric} when grading many answers).
 */
export function gradeScriptAnswer(rubric: CompiledRubric | RubricInput, answer: string): ScriptGrade {
  const compiled = isCompiled(rubric) ? rubric : compileRubric(rubric);
  const text = typeof answer === 'string' ? answer : String(answer ?? '');
  if (text.length === 0 && emptyGradeCache.has(compiled))
    return structuredClone(emptyGradeCache.get(compiled) as ScriptGrade);
  const view = new AnswerView(applyThesaurus(normalizeText(text, { dropPunctuation: true })));
  const hits: ConceptHit[] = [];
  const misses: ConceptMiss[] = [];
  const violations: RubricViolation[] = [];
  const occurrences = new Map<string, Occurrence[]>();
  /** Concepts whose search already tried everything (an order check need not search them again). */
  let searchedExhaustively: Set<string> | undefined;
  let earned = 0;

  for (const concept of compiled.concepts) {
    const found =
      view.length === 0
        ? []
        : findConcept(view, concept, compiled.gap, concept.min, false, compiled.negationGuard);
    occurrences.set(concept.id, found);
    if (view.length > 0 && lastSearchWasExhaustive) {
      searchedExhaustively ??= new Set();
      searchedExhaustively.add(concept.id);
    }
    if (found.length >= concept.min) {
      earned += concept.weight;
      hits.push({
        concept: concept.id,
        label: concept.label,
        weight: concept.weight,
        required: concept.required,
        evidence: found.map((occurrence) => evidenceOf(view, occurrence)),
      });
    } else if (concept.required) {
      misses.push({
        concept: concept.id,
        label: concept.label,
        weight: concept.weight,
        found: found.length,
        needed: concept.min,
        feedback: missFeedback(concept, found.length),
      });
    }
  }

  const houseHits = view.length === 0 ? noHouseHits : findHouseRules(view, compiled);
  for (const concept of compiled.forbidden.length === 0
    ? compiled.houseRules
    : [...compiled.forbidden, ...compiled.houseRules]) {
    const found =
      view.length === 0
        ? []
        : 'houseRule' in concept
          ? (houseHits.get(concept.id) ?? noOccurrences)
          : findConcept(view, concept, compiled.gap, Number.POSITIVE_INFINITY);
    if (found.length === 0) continue;
    const house = 'houseRule' in concept;
    // A house rule does not repeat what the item's own forbidden concepts already quoted.
    const spans = found
      .map((occurrence) => originalSpan(view.normalized, occurrence.from, occurrence.to))
      .filter(
        (span) =>
          !house ||
          !violations.some(
            (violation) =>
              violation.kind === 'forbidden' &&
              violation.spans.some((other) => other.start <= span.start && other.end >= span.end),
          ),
      );
    if (spans.length === 0) continue;
    const quote = spans.map((span) => span.text).join(' … ');
    violations.push({
      kind: house ? 'house-rule' : 'forbidden',
      id: concept.id,
      label: concept.label,
      quote,
      spans,
      effect: concept.effect,
      penalty: concept.effect === 'auto-fail' ? 1 : concept.penalty,
      feedback: house
        ? `${concept.feedback ?? concept.label}(你说了「${quote}」)`
        : (concept.feedback ?? `不要说"${spans[0]?.text ?? concept.label}"。`),
    });
  }
  const scareQuote = scareQuotePattern.exec(text);
  if (scareQuote) {
    const span = {
      start: scareQuote.index,
      end: scareQuote.index + scareQuote[0].length,
      text: scareQuote[0],
    };
    violations.push({
      kind: 'house-rule',
      id: 'sarcasm',
      label: '讽刺、挖苦客户',
      quote: span.text,
      spans: [span],
      effect: 'auto-fail',
      penalty: 1,
      feedback: `不要给礼貌用语加引号说反话(你说了「${span.text}」),礼貌要真诚。`,
    });
  }

  const directions = text.length === 0 ? [] : parseStageDirections(text);
  violations.push(...checkDirections(compiled, view, directions));
  for (const action of directions.flatMap((direction) => direction.actions)) {
    const id = `@${action.kind}`;
    const list = occurrences.get(id) ?? [];
    const from = normalizedIndexAt(view.normalized, action.start);
    list.push({
      from,
      to: Math.max(from, normalizedIndexAt(view.normalized, action.end)),
      tolerance: 'exact',
      sequence: actionSequence,
    });
    occurrences.set(id, list);
  }

  const factEvidence: AppliedRule[] = [];
  for (const fact of compiled.facts) {
    const stated = view.length === 0 ? [] : statedValues(fact, view.text);
    const conflicting = stated.filter((value) => !value.agrees);
    const spans = conflicting.map((value) => originalSpan(view.normalized, value.from, value.to));
    factEvidence.push({
      rule: `fact:${fact.slot}`,
      label: `情景事实:${fact.describe}`,
      outcome: conflicting.length > 0 ? 'broken' : 'met',
      evidence: (conflicting.length > 0 ? conflicting : stated).map((value) =>
        originalSpan(view.normalized, value.from, value.to),
      ),
    });
    if (conflicting.length === 0) continue;
    const quote = spans.map((span) => span.text).join(' … ');
    violations.push({
      kind: 'fact',
      id: fact.slot,
      label: `与情景不符:${fact.describe}`,
      quote,
      spans,
      effect: 'auto-fail',
      penalty: 1,
      feedback:
        fact.type === 'person' && fact.value === 'none'
          ? `情景里客户没有说姓名,不要自己编一个称呼(你说了「${quote}」)。`
          : `与情景不符:情景是"${fact.value}",你说成了「${quote}」。`,
    });
  }

  for (const constraint of compiled.order) {
    const present = constraint.sequence.every((id) => {
      const needed = constraint.sequence.filter((other) => other === id).length;
      return (occurrences.get(id)?.length ?? 0) >= needed;
    });
    if ((!present && !constraint.required) || checkOrder(constraint.sequence, occurrences)) continue;
    // Before calling it a violation, look again with every tolerance: an occurrence found only
    // through a typo (普通化) may be the one that stands in the right place.
    for (const id of new Set(constraint.sequence)) {
      const concept = compiled.concepts.find((candidate) => candidate.id === id);
      if (concept && !searchedExhaustively?.has(id))
        occurrences.set(
          id,
          findConcept(view, concept, compiled.gap, Number.POSITIVE_INFINITY, true, compiled.negationGuard),
        );
    }
    if (checkOrder(constraint.sequence, occurrences)) continue;
    const involved = [...new Set(constraint.sequence)]
      .flatMap((id) => occurrences.get(id) ?? [])
      .sort((a, b) => a.from - b.from);
    const spans = involved.map((occurrence) => originalSpan(view.normalized, occurrence.from, occurrence.to));
    const labels = constraint.sequence.map((id) => labelOf(compiled, id));
    violations.push({
      kind: 'order',
      id: constraint.id,
      label: labels.join(' → '),
      quote: spans.map((span) => span.text).join(' … '),
      spans,
      effect: constraint.effect,
      penalty: constraint.effect === 'auto-fail' ? 1 : constraint.penalty,
      feedback: constraint.feedback ?? `顺序不对:应按"${labels.join('"→"')}"的顺序说。`,
    });
  }

  for (const constraint of compiled.proximity) {
    const lists = constraint.concepts.map((id) => occurrences.get(id) ?? []);
    if (lists.some((list) => list.length === 0)) continue;
    const [firstList, ...others] = lists as [Occurrence[], ...Occurrence[][]];
    const near = firstList.some((anchor) =>
      others.every((list) =>
        list.some(
          (occurrence) =>
            Math.max(0, Math.max(anchor.from, occurrence.from) - Math.min(anchor.to, occurrence.to)) <=
            constraint.within,
        ),
      ),
    );
    if (near) continue;
    const labels = constraint.concepts.map((id) => labelOf(compiled, id));
    const spans = lists.map((list) =>
      originalSpan(view.normalized, (list[0] as Occurrence).from, (list[0] as Occurrence).to),
    );
    violations.push({
      kind: 'proximity',
      id: constraint.id,
      label: labels.join(' + '),
      quote: spans.map((span) => span.text).join(' … '),
      spans,
      effect: constraint.effect,
      penalty: constraint.effect === 'auto-fail' ? 1 : constraint.penalty,
      feedback: constraint.feedback ?? `"${labels.join('"和"')}"应该连在一起说。`,
    });
  }

  if (compiled.rejectKeywordLists) {
    const keywordList = detectKeywordList(text);
    if (keywordList) {
      violations.push({
        kind: 'keyword-list',
        id: 'keyword-list',
        label: '只罗列了关键词',
        quote: keywordList.quote,
        spans: keywordList.spans,
        effect: 'auto-fail',
        penalty: 1,
        feedback: '不要只罗列关键词,请把完整的话说出来。',
      });
    }
  }

  const autoFailed = violations.some((violation) => violation.effect === 'auto-fail');
  let penalty = 0;
  for (const violation of violations) if (violation.effect === 'penalty') penalty += violation.penalty;
  const score = autoFailed ? 0 : clampScore(earned / compiled.totalWeight - penalty);
  const passed = !autoFailed && score >= compiled.passScore - 1e-9;
  const feedback: string[] = [];
  for (const violation of violations) feedback.push(violation.feedback);
  for (const miss of misses) feedback.push(miss.feedback);
  if (feedback.length === 0)
    feedback.push(passed ? '回答符合规范,很好!' : '回答还不完整,请对照标准话术再练习。');
  // Plain loops rather than spreads of mapped arrays: the spreads kept deoptimising this function.
  const rules: AppliedRule[] = [];
  for (const hit of hits) {
    const evidence: AnswerSpan[] = [];
    for (const item of hit.evidence) evidence.push(item.span);
    rules.push({ rule: `concept:${hit.concept}`, label: hit.label, outcome: 'met', evidence });
  }
  for (const miss of misses)
    rules.push({ rule: `concept:${miss.concept}`, label: miss.label, outcome: 'missed', evidence: [] });
  for (const rule of factEvidence) if (rule.outcome === 'met') rules.push(rule);
  for (const violation of violations)
    rules.push({
      rule: `${violation.kind}:${violation.id}`,
      label: violation.label,
      outcome: 'broken',
      evidence: violation.spans,
    });
  const grade: ScriptGrade = {
    score,
    passed,
    autoFailed,
    hits,
    misses,
    violations,
    feedback,
    rules,
    directions,
  };
  if (text.length === 0) emptyGradeCache.set(compiled, structuredClone(grade));
  return grade;
}

const noHouseHits: ReadonlyMap<string, Occurrence[]> = new Map();

/** Escapes a string for a regular expression. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface TrieNode {
  next: Map<number, TrieNode>;
  /** Index of the house rule whose phrasing ends here, or −1. */
  rule: number;
}

interface HouseRuleMatcher {
  /** Gap-free phrasings (nearly all) in a character trie: one walk per answer position. */
  readonly trie: TrieNode;
  /** Phrasings with a gap, as one regular expression with a capture group per rule (or none). */
  readonly gapped: RegExp | undefined;
  readonly gappedRules: readonly number[];
  readonly rules: readonly { id: string; sequence: CompiledSequence }[];
}

const houseRuleMatchers = new WeakMap<readonly CompiledHouseRule[], HouseRuleMatcher>();

/**
 * All house rules compiled for one pass over the answer: gap-free phrasings in a trie, the few
 * with a gap in one regular expression (a gap never spans a negation, as in the matcher). Built
 * once per compiled set.
 */
function houseRuleMatcher(rules: readonly CompiledHouseRule[], gap: number): HouseRuleMatcher {
  const cached = houseRuleMatchers.get(rules);
  if (cached) return cached;
  const trie: TrieNode = { next: new Map(), rule: -1 };
  const sources: string[] = [];
  const gappedRules: number[] = [];
  const entries = rules.map((rule) => ({ id: rule.id, sequence: rule.sequences[0] as CompiledSequence }));
  rules.forEach((rule, index) => {
    const alternatives = new Set<string>();
    for (const sequence of rule.sequences) {
      if (sequence.pieces.length === 1) {
        let node = trie;
        const text = (sequence.pieces[0] as CompiledPiece).text;
        for (let k = 0; k < text.length; k++) {
          const code = text.charCodeAt(k);
          let child = node.next.get(code);
          if (!child) {
            child = { next: new Map(), rule: -1 };
            node.next.set(code, child);
          }
          node = child;
        }
        if (node.rule < 0) node.rule = index;
        continue;
      }
      alternatives.add(
        sequence.pieces
          .map((piece, position) => {
            const text = escapeRegExp(piece.text);
            if (position === 0) return text;
            const maximum = piece.gapMaximum === undefined || piece.gapMaximum < 0 ? gap : piece.gapMaximum;
            return `[^不没别勿未无莫]{${piece.gapMinimum ?? 0},${maximum}}?${text}`;
          })
          .join(''),
      );
    }
    const patterns = [...alternatives].sort((a, b) => b.length - a.length);
    patterns.push(...rule.patterns);
    if (patterns.length > 0) {
      gappedRules.push(index);
      sources.push(`(${patterns.map((pattern) => `(?:${pattern})`).join('|')})`);
    }
  });
  const matcher: HouseRuleMatcher = {
    trie,
    gapped: sources.length > 0 ? new RegExp(sources.join('|'), 'g') : undefined,
    gappedRules,
    rules: entries,
  };
  houseRuleMatchers.set(rules, matcher);
  return matcher;
}

/** The house rules' occurrences in the answer, by rule id (speech only: stage directions are skipped). */
function findHouseRules(view: AnswerView, compiled: CompiledRubric): Map<string, Occurrence[]> {
  let hits: Map<string, Occurrence[]> | undefined;
  if (compiled.houseRules.length === 0) return noHouseHits as Map<string, Occurrence[]>;
  const matcher = houseRuleMatcher(compiled.houseRules, compiled.gap);
  const add = (rule: number, from: number, to: number) => {
    const entry = matcher.rules[rule];
    if (!entry) return;
    const occurrence: Occurrence = { from, to, tolerance: 'exact', sequence: entry.sequence };
    if (!isWhereAllowed(view, occurrence, 'speech')) return;
    hits ??= new Map();
    const list = hits.get(entry.id);
    if (list) list.push(occurrence);
    else hits.set(entry.id, [occurrence]);
  };
  const text = view.text;
  for (let start = 0; start < text.length; ) {
    let node = matcher.trie.next.get(text.charCodeAt(start));
    let end = -1;
    let rule = -1;
    for (let k = start + 1; node; k++) {
      if (node.rule >= 0) {
        end = k;
        rule = node.rule;
      }
      if (k >= text.length) break;
      node = node.next.get(text.charCodeAt(k));
    }
    if (end > start) {
      add(rule, start, end);
      start = end;
    } else start++;
  }
  if (matcher.gapped) {
    const pattern = matcher.gapped;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      let group = 0;
      while (group < matcher.gappedRules.length && match[group + 1] === undefined) group++;
      const rule = matcher.gappedRules[group];
      if (rule !== undefined) add(rule, match.index, match.index + match[0].length);
    }
  }
  return hits ?? (noHouseHits as Map<string, Occurrence[]>);
}

const actionLabels: Readonly<Record<string, string>> = {
  '@wait': '(稍停)',
  '@hang-up': '(挂机)',
  '@raise-volume': '(提高音量)',
  '@keep-volume': '(音量不变)',
  '@customer-still': '(客户仍无回应)',
};

function labelOf(compiled: CompiledRubric, id: string): string {
  return actionLabels[id] ?? compiled.concepts.find((concept) => concept.id === id)?.label ?? id;
}

const scareQuotePattern = /[“"「『‘'](?:很|非常|十分)?(?:高兴|荣幸|乐意|满意|感谢|欢迎|开心|重视)[”"」』’']/;

/** A placeholder sequence for stage-direction actions used as order landmarks. */
const actionSequence: CompiledSequence = { phrase: '', expansion: '', pieces: [] };

/** The first normalised index whose original offset is at or after `offset` (text length when none). */
function normalizedIndexAt(normalized: NormalizedText, offset: number): number {
  let low = 0;
  let high = normalized.text.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((normalized.starts[middle] as number) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

const restHourStart = 21;
const restHourEnd = 8;

/**
 * The stage-direction rules: the house rules on hanging up (never at once, never before a
 * pause, never before you have finished speaking), no call placed in rest hours, and the
 * rubric's own (forbidden actions, the shortest wait).
 */
function checkDirections(
  compiled: CompiledRubric,
  view: AnswerView,
  directions: readonly StageDirection[],
): RubricViolation[] {
  const violations: RubricViolation[] = [];
  if (directions.length === 0) return violations;
  const { original } = view.normalized;
  const add = (action: StageAction, id: string, label: string, feedback: string) => {
    if (violations.some((violation) => violation.id === id)) return;
    const span = { start: action.start, end: action.end, text: action.text };
    violations.push({
      kind: 'direction',
      id,
      label,
      quote: span.text,
      spans: [span],
      effect: 'auto-fail',
      penalty: 1,
      feedback,
    });
  };
  const spokenBetween = (from: number, to: number): boolean => {
    for (let i = from; i < to; i++) {
      const character = original[i] as string;
      if (
        !/[\s\p{P}\p{S}]/u.test(character) &&
        !directions.some((direction) => i >= direction.start && i < direction.end)
      )
        return true;
    }
    return false;
  };
  directions.forEach((direction, index) => {
    for (const action of direction.actions) {
      if (action.kind === 'hang-up') {
        if (action.immediate) {
          add(
            action,
            'hang-up-at-once',
            '不等客户回应就挂机',
            `挂机前要稍等约5秒,给客户回应的时间,不能马上挂机(你写了「${action.text}」)。`,
          );
        } else {
          const waited =
            direction.actions.some((other) => other.kind === 'wait') ||
            (index > 0 &&
              (directions[index - 1] as StageDirection).actions.some((other) => other.kind === 'wait') &&
              !spokenBetween((directions[index - 1] as StageDirection).end, direction.start));
          if (!waited)
            add(
              action,
              'hang-up-without-pause',
              '挂机前没有稍等',
              `说完后要稍停约5秒再挂机(你写了「${action.text}」)。`,
            );
        }
        if (spokenBetween(direction.end, original.length))
          add(
            action,
            'hang-up-before-speaking',
            '话没说完就挂机',
            `要把话说完、道别后再挂机,挂机后就不能再说话了(你在「${action.text}」之后还有话)。`,
          );
      }
      if (
        action.kind === 'call-time' &&
        action.hour !== undefined &&
        (action.hour >= restHourStart || action.hour < restHourEnd)
      ) {
        add(
          action,
          'rest-hours',
          '在客户休息时间打电话',
          `不要在客户可能休息的时间打电话(${restHourEnd}点前或${restHourStart}点后),你写了「${action.text}」。`,
        );
      }
      if (action.kind === 'raise-volume' && !compiled.directions.allow.includes('raise-volume')) {
        add(
          action,
          'raise-volume',
          '提高自己的音量',
          compiled.directions.feedback ??
            `保持自己的音量不变,不要提高嗓门;听不清时礼貌地请客户配合(你写了「${action.text}」)。`,
        );
      }
      if ((compiled.directions.forbid as readonly string[]).includes(action.kind)) {
        add(
          action,
          `forbid-${action.kind}`,
          `不允许的动作${actionLabels[`@${action.kind}`] ?? action.kind}`,
          compiled.directions.feedback ?? `这一情景不允许这个动作:「${action.text}」。`,
        );
      }
      if (
        action.kind === 'wait' &&
        compiled.directions.minWaitSeconds !== undefined &&
        action.seconds !== undefined &&
        action.seconds < compiled.directions.minWaitSeconds
      ) {
        add(
          action,
          'wait-too-short',
          '停顿太短',
          `每次要稍停约5秒(至少${compiled.directions.minWaitSeconds}秒),给客户回应的时间;你写了「${action.text}」。`,
        );
      }
    }
  });
  return violations;
}

function missFeedback(concept: CompiledRequiredConcept, found: number): string {
  if (concept.feedback) return concept.feedback;
  // What a trainee reads: the first phrasing, spelled out (never the rubric's {a|b} syntax).
  const example = concept.sequences[0]?.expansion.replaceAll('…', '……') ?? concept.label;
  if (found > 0 && concept.min > 1) return `"${concept.label}"需要说${concept.min}次,你只说了${found}次。`;
  return `请加上"${concept.label}",例如"${example}"。`;
}

function isCompiled(value: unknown): value is CompiledRubric {
  return (
    typeof value === 'object' &&
    value !== null &&
    'totalWeight' in value &&
    'concepts' in value &&
    'rubric' in value
  );
}

const fragmentPattern = /\S+/g;
const wordCharacter = /[\p{L}\p{N}]/u;

/** A bare list of keywords: no punctuation, ≥ 5 space-separated fragments, ≥ 60% of them ≤ 4 characters. */
function detectKeywordList(answer: string): { quote: string; spans: AnswerSpan[] } | undefined {
  // Written sentences carry punctuation; a keyword list is words separated by spaces only.
  if (answer.length > 2000 || !/\s/.test(answer) || /\p{P}/u.test(answer)) return undefined;
  const spans: AnswerSpan[] = [];
  let short = 0;
  for (const match of answer.matchAll(fragmentPattern)) {
    let length = 0;
    for (const character of match[0]) if (wordCharacter.test(character)) length++;
    if (length === 0) continue;
    spans.push({ start: match.index, end: match.index + match[0].length, text: match[0] });
    if (length <= 4) short++;
  }
  if (spans.length < 5 || short / spans.length < 0.6) return undefined;
  return { quote: spans.map((span) => span.text).join(' '), spans };
}
