import { Converter } from 'opencc-js';

/**
 * Text after normalisation, with a map back to the original: the normalised character at
 * `i` came from `original.slice(starts[i], ends[i])`. Evidence found in `text` is reported as a
 * span of the ORIGINAL text through {@link originalSpan}.
 */
export interface NormalizedText {
  readonly original: string;
  readonly text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

export interface NormalizeOptions {
  /** Drop punctuation and whitespace entirely (the view the matcher uses). Default false. */
  readonly dropPunctuation?: boolean;
  /** Drop filler words (嗯, 呃, a lone 那个 …). Default true. */
  readonly dropFillers?: boolean;
}

/**
 * CJK and typographic punctuation NFKC leaves alone, mapped to ASCII. Full-width forms
 * (，！？：；（）) are already turned into ASCII by NFKC.
 */
export const cjkPunctuationMap: Readonly<Record<string, string>> = {
  '。': '.',
  '｡': '.',
  '、': ',',
  '､': ',',
  '“': '"',
  '”': '"',
  '„': '"',
  '‘': "'",
  '’': "'",
  '「': '"',
  '」': '"',
  '『': '"',
  '』': '"',
  '《': '"',
  '》': '"',
  '〈': '"',
  '〉': '"',
  '【': '(',
  '】': ')',
  '〔': '(',
  '〕': ')',
  '〖': '(',
  '〗': ')',
  '〘': '(',
  '〙': ')',
  '—': '-',
  '–': '-',
  '―': '-',
  '…': '...',
  '⋯': '...',
  '·': '·',
  '～': '~',
  '〜': '~',
  '・': '·',
  '‧': '·',
  '•': '·',
};

/**
 * Variant characters folded to one form on both sides of a match (rubric phrases and answers),
 * for characters Traditional → Simplified conversion leaves as they are.
 */
export const variantFoldTable: Readonly<Record<string, string>> = {
  帐: '账',
  妳: '你',
  祢: '你',
  衹: '只',
  祇: '只',
  喫: '吃',
  甚: '什',
  佈: '布',
  傢: '家',
  託: '托',
  纔: '才',
  唸: '念',
  菸: '烟',
  週: '周',
  裏: '里',
  裡: '里',
  麽: '么',
  麼: '么',
  於: '于',
  綫: '线',
  衞: '卫',
  爲: '为',
  囉: '啰',
  噢: '哦',
};

/** Single characters that are only ever hesitation sounds; dropped wherever they occur. */
export const fillerCharacters: ReadonlySet<string> = new Set(['嗯', '呃', '诶', '欸']);

/**
 * Multi-character fillers: dropped only when they make up a whole segment between punctuation
 * (or the ends of the text), so 那个产品 keeps its meaning while "那个,您好" loses the filler.
 */
export const fillerSegments: ReadonlySet<string> = new Set([
  '那个',
  '这个',
  '就是',
  '就是说',
  '然后',
  '那么',
  '这样',
  '那啥',
  '额',
  '啊',
  '呀',
  '哦',
  '嗯嗯',
  '那个那个',
  '就是那个',
]);

const toSimplifiedTaiwan = Converter({ from: 'tw', to: 'cn' });
const toSimplifiedHongKong = Converter({ from: 'hk', to: 'cn' });
const toTraditional = Converter({ from: 'cn', to: 'tw' });

/** Memo of the full character mapping (NFKC, punctuation, T→S, fold): BMP characters by code, clusters by text. */
const bmpMemo: (string | undefined)[] = new Array(0x10000);
const characterMemo = new Map<string, string>();

function convertOnce(character: string): string {
  let result = character.normalize('NFKC');
  const pieces = [...result];
  if (pieces.length === 1) {
    result = mapSingle(result);
  } else {
    let mapped = '';
    for (const piece of pieces) mapped += mapSingle(piece);
    result = mapped;
  }
  return result;
}

function mapSingle(character: string): string {
  const punctuation = cjkPunctuationMap[character];
  if (punctuation !== undefined) return punctuation;
  const code = character.codePointAt(0) ?? 0;
  if (code >= 0x41 && code <= 0x5a) return character.toLowerCase();
  if (/\s/u.test(character)) return ' ';
  if (code < 0x2e80) return character;
  const folded = variantFoldTable[character];
  if (folded !== undefined) return folded;
  // A character that is itself a Simplified form (么, 账 …) stays: converting it again would
  // wander off (opencc maps 么 → 幺 character by character).
  if (toTraditional(character) !== character) return character;
  // Traditional → Simplified, one character at a time (never the phrase mode): keep the
  // conversion only when it stays one character.
  let simplified = toSimplifiedTaiwan(character);
  if ([...simplified].length !== 1) simplified = character;
  if (simplified === character) {
    const hongKong = toSimplifiedHongKong(character);
    if ([...hongKong].length === 1) simplified = hongKong;
  }
  return variantFoldTable[simplified] ?? simplified;
}

/** Maps one code point (or a base + combining marks cluster) to its normalised string. */
export function normalizeCharacter(character: string): string {
  const single = character.length === 1 ? character.charCodeAt(0) : -1;
  if (single >= 0) {
    const cached = bmpMemo[single];
    if (cached !== undefined) return cached;
  }
  const memo = characterMemo.get(character);
  if (memo !== undefined) return memo;
  // Iterate to a fixed point so normalisation is idempotent even when one mapping feeds another.
  let current = convertOnce(character);
  for (let round = 0; round < 4; round++) {
    let next = '';
    for (const piece of current) next += piece === character ? piece : convertPiece(piece);
    if (next === current) break;
    current = next;
  }
  if (single >= 0) bmpMemo[single] = current;
  else if (characterMemo.size < 200_000) characterMemo.set(character, current);
  return current;
}

function convertPiece(piece: string): string {
  return convertOnce(piece);
}

const punctuationOrSpace = /[\s\p{P}\p{S}]/u;

/** True for characters the matcher ignores: whitespace, punctuation and symbols. */
export function isPunctuationOrSpace(character: string): boolean {
  return punctuationOrSpace.test(character);
}

/** Per BMP code unit: 0 unknown, 1 separator (space, punctuation, symbol), 2 not. */
const separatorMemo = new Uint8Array(0x10000);
function isSeparatorCode(code: number): boolean {
  if (code < 0x80) {
    return !(
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x41 && code <= 0x5a)
    );
  }
  if (code >= 0x10000) return punctuationOrSpace.test(String.fromCodePoint(code));
  let known = separatorMemo[code];
  if (known === 0) {
    known = punctuationOrSpace.test(String.fromCharCode(code)) || code < 0xa0 ? 1 : 2;
    separatorMemo[code] = known;
  }
  return known === 1;
}

const markPattern = /^\p{M}$/u;
/** Per BMP code unit: 0 unknown, 1 combining mark, 2 not a mark. */
const markMemo = new Uint8Array(0x10000);

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code < 0xdc00;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code < 0xe000;
}

function isMarkAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 0x300) return false;
  if (isHighSurrogate(code)) return markPattern.test(String.fromCodePoint(text.codePointAt(index) ?? code));
  let known = markMemo[code];
  if (known === 0) {
    known = markPattern.test(String.fromCharCode(code)) ? 1 : 2;
    markMemo[code] = known;
  }
  return known === 1;
}

let scratchStarts = new Int32Array(1024);
let scratchEnds = new Int32Array(1024);

const longestFillerSegment = Math.max(...[...fillerSegments].map((segment) => segment.length));
const fillerCodes = new Set([...fillerCharacters].map((character) => character.charCodeAt(0)));

/**
 * Normalises a Chinese answer for matching, keeping offsets into the original:
 * NFKC → CJK punctuation map → Traditional → Simplified by character (opencc-js tw/hk → cn) →
 * variant fold (帐 → 账 …) → filler words dropped → whitespace collapsed. Idempotent:
 * `normalizeText(normalizeText(x).text).text === normalizeText(x).text`.
 */
export function normalizeText(original: string, options: NormalizeOptions = {}): NormalizedText {
  const dropPunctuation = options.dropPunctuation ?? false;
  const dropFillers = options.dropFillers ?? true;
  const length = original.length;
  // Offsets are written into shared scratch buffers (grading is synchronous) and copied out once.
  if (scratchStarts.length < length + 16) {
    scratchStarts = new Int32Array((length + 16) * 2);
    scratchEnds = new Int32Array((length + 16) * 2);
  }
  let capacity = scratchStarts.length;
  let starts = scratchStarts;
  let ends = scratchEnds;
  // Output pieces (one code point each) and their count in UTF-16 units; joined at the end, so
  // dropping a filler segment is a cheap truncation, never a copy of the text so far.
  const parts: string[] = [];
  let units = 0;
  // Where the current segment between separators starts, and its text (while short enough to
  // be a filler), for multi-character fillers.
  let segmentParts = 0;
  let segmentUnits = 0;
  let segment = '';
  let previousSpace = true;

  const closeSegment = () => {
    if (
      dropFillers &&
      segment.length > 0 &&
      segment.length <= longestFillerSegment &&
      fillerSegments.has(segment)
    ) {
      parts.length = segmentParts;
      units = segmentUnits;
    }
  };
  const openSegment = () => {
    segmentParts = parts.length;
    segmentUnits = units;
    segment = '';
  };
  const push = (piece: string, start: number, end: number) => {
    if (units + piece.length > capacity) {
      capacity = (units + piece.length) * 2;
      const newStarts = new Int32Array(capacity);
      newStarts.set(starts);
      starts = newStarts;
      const newEnds = new Int32Array(capacity);
      newEnds.set(ends);
      ends = newEnds;
      scratchStarts = starts;
      scratchEnds = ends;
    }
    for (let k = 0; k < piece.length; k++) {
      starts[units + k] = start;
      ends[units + k] = end;
    }
    parts.push(piece);
    units += piece.length;
  };

  let index = 0;
  while (index < length) {
    const code = original.charCodeAt(index);
    // A cluster: one code point (a surrogate pair counts as one) and the combining marks after it.
    let end =
      index +
      (isHighSurrogate(code) && index + 1 < length && isLowSurrogate(original.charCodeAt(index + 1)) ? 2 : 1);
    while (end < length && isMarkAt(original, end))
      end += isHighSurrogate(original.charCodeAt(end)) && end + 1 < length ? 2 : 1;
    let mapped: string;
    if (end === index + 1 && code < 0x80) {
      mapped =
        code >= 0x41 && code <= 0x5a
          ? String.fromCharCode(code + 32)
          : code <= 0x20
            ? ' '
            : (original[index] as string);
    } else {
      mapped = normalizeCharacter(
        end === index + 1 ? (original[index] as string) : original.slice(index, end),
      );
    }
    for (let offset = 0; offset < mapped.length; ) {
      const pieceCode = mapped.charCodeAt(offset);
      const pieceLength = isHighSurrogate(pieceCode) && offset + 1 < mapped.length ? 2 : 1;
      const piece = pieceLength === 1 ? (mapped[offset] as string) : mapped.slice(offset, offset + 2);
      offset += pieceLength;
      if (dropFillers && pieceLength === 1 && fillerCodes.has(pieceCode)) continue;
      const fullCode = pieceLength === 1 ? pieceCode : (piece.codePointAt(0) ?? pieceCode);
      if (isSeparatorCode(fullCode)) {
        closeSegment();
        if (!dropPunctuation) {
          if (piece === ' ' || /\s/u.test(piece)) {
            if (!previousSpace) {
              push(' ', index, end);
              previousSpace = true;
            }
          } else {
            push(piece, index, end);
            previousSpace = false;
          }
        }
        openSegment();
        continue;
      }
      if (pieceLength === 1 && parts.length > segmentParts && pieceCode >= 0x300 && isMarkAt(piece, 0)) {
        // A combining mark produced on its own (half-width ﾞ → U+3099): compose it with the
        // character before, as NFKC of the whole text would, so normalising twice changes nothing.
        const last = parts[parts.length - 1] as string;
        const composed = (last + piece).normalize('NFKC');
        if (composed.length === 1 && last.length === 1) {
          parts[parts.length - 1] = composed;
          ends[units - 1] = end;
          if (segment.length <= longestFillerSegment) segment = segment.slice(0, -1) + composed;
          previousSpace = false;
          continue;
        }
      }
      push(piece, index, end);
      if (segment.length <= longestFillerSegment) segment += piece;
      previousSpace = false;
    }
    index = end;
  }
  closeSegment();
  let text = parts.join('');
  // Collapse spaces left next to each other by a dropped filler, and trim the end.
  if (!dropPunctuation && dropFillers && text.includes('  ')) {
    let collapsed = '';
    let count = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === ' ' && (count === 0 || collapsed[count - 1] === ' ')) continue;
      starts[count] = starts[i] as number;
      ends[count] = ends[i] as number;
      collapsed += text[i];
      count++;
    }
    text = collapsed;
  }
  let first = 0;
  if (text.startsWith(' ')) {
    text = text.slice(1);
    first = 1;
  }
  if (text.endsWith(' ')) text = text.slice(0, -1);
  return {
    original,
    text,
    starts: starts.slice(first, first + text.length),
    ends: ends.slice(first, first + text.length),
  };
}

/** The span of the original text behind normalised characters `[from, to)`. */
export function originalSpan(
  normalized: NormalizedText,
  from: number,
  to: number,
): { start: number; end: number; text: string } {
  if (to <= from || from >= normalized.text.length) return { start: 0, end: 0, text: '' };
  const start = normalized.starts[from] as number;
  const end = normalized.ends[Math.min(to, normalized.text.length) - 1] as number;
  return { start, end, text: normalized.original.slice(start, end) };
}
