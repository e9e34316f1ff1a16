import { pinyin } from 'pinyin-pro';

/** Pinyin syllable (without tones) → small integer id. */
const syllableIds = new Map<string, number>();
/** Character → ids of all its readings (empty for non-Han characters). */
const readingsMemo = new Map<string, readonly number[]>();
const noReadings: readonly number[] = [];
/** Readings of BMP characters by code unit (the common case, an array read). */
const bmpReadings: (readonly number[] | undefined)[] = new Array(0x10000);

function syllableId(syllable: string): number {
  let id = syllableIds.get(syllable);
  if (id === undefined) {
    id = syllableIds.size + 1;
    syllableIds.set(syllable, id);
  }
  return id;
}

const hanPattern = /\p{Script=Han}/u;

/**
 * Every toneless pinyin reading of one character, as syllable ids (memoised). Polyphonic
 * characters have several; non-Han characters have none.
 */
export function pinyinReadings(character: string): readonly number[] {
  const code = character.length === 1 ? character.charCodeAt(0) : -1;
  if (code >= 0) {
    const cached = bmpReadings[code];
    if (cached !== undefined) return cached;
  }
  const memo = readingsMemo.get(character);
  if (memo !== undefined) return memo;
  let readings: readonly number[] = noReadings;
  if (hanPattern.test(character)) {
    const syllables = pinyin(character, {
      toneType: 'none',
      type: 'array',
      multiple: true,
      v: true,
    }) as string[];
    const ids = [...new Set(syllables.filter((syllable) => /^[a-zv]+$/.test(syllable)).map(syllableId))];
    readings = ids.length > 0 ? ids : noReadings;
  }
  if (code >= 0) bmpReadings[code] = readings;
  else if (readingsMemo.size < 100_000) readingsMemo.set(character, readings);
  return readings;
}

/** True when two characters share a toneless reading (至/致, 码/吗, 在/再). */
export function samePinyin(first: string, second: string): boolean {
  if (first === second) return true;
  const a = pinyinReadings(first);
  if (a.length === 0) return false;
  const b = pinyinReadings(second);
  for (const x of a) for (const y of b) if (x === y) return true;
  return false;
}

/** The toneless pinyin of a phrase, one syllable per character (for display and docs). */
export function pinyinOf(phrase: string): string {
  return pinyin(phrase, { toneType: 'none', v: true });
}
