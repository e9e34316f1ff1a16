import type { NormalizedText } from '../text/normalize-text.js';

/**
 * The shared thesaurus: words that mean the same in a call-centre script, each group folded to
 * its first word before matching, on both sides (rubric phrases and answers). It holds what
 * character conversion cannot do: Taiwan and Hong Kong vocabulary (國語 → 普通话 after opencc
 * turns it into 国语), colloquial variants (对不住 → 对不起) and plain synonyms (杂讯 → 杂音).
 *
 * Words are written in Simplified characters: answers are converted character by character
 * before the thesaurus runs. A variant must be at least 2 characters unless it can never be part
 * of another word (啥).
 */
export const thesaurusGroups: readonly (readonly string[])[] = [
  // Mandarin
  ['普通话', '国语', '华语'],
  // line noise
  ['杂音', '杂讯', '杂声', '噪音', '噪声', '干扰声'],
  ['信号', '讯号', '收讯', '收信'],
  ['音量', '声量'],
  // speakerphone, handset
  ['免提', '扩音', '扬声器'],
  ['话筒', '听筒'],
  ['座机', '市话', '固话', '固定电话'],
  ['手机', '手提电话', '行动电话'],
  // hanging up
  ['挂机', '挂线', '挂断', '挂电话', '收线', '挂掉电话', '挂掉'],
  ['通话', '讲电话', '听电话'],
  ['说话', '讲话'],
  // appliances
  ['电饭煲', '电子锅', '电饭锅', '电锅'],
  ['热水器', '热水炉'],
  ['空调', '冷气机', '冷气'],
  ['师傅', '技术员', '维修员'],
  // apologies and thanks
  ['对不起', '对不住', '对唔住'],
  ['谢谢', '多谢'],
  ['疏忽', '疏失'],
  // contacting
  ['联系', '联络'],
  ['回复', '回覆'],
  ['回电', '回拨', '回call'],
  ['致电', '拨打'],
  // colloquial question words
  ['什么', '啥', '甚么', '什麽'],
  ['怎么', '咋'],
  ['这次', '今次'],
  ['以后', '日后', '往后'],
  // supervision: 盯着点 / 把关 are how people say 监督
  ['监督', '盯着', '把关'],
  // the customer
  ['您', '阁下'],
];

interface Entry {
  readonly variant: string;
  readonly canonical: string;
}

/** Variant → canonical, longest variants first (so 挂掉电话 wins over 挂掉). */
const entries: readonly Entry[] = thesaurusGroups
  .flatMap((group) => group.slice(1).map((variant) => ({ variant, canonical: group[0] as string })))
  .sort((a, b) => b.variant.length - a.variant.length);

const byFirstCode = new Map<number, Entry[]>();
for (const entry of entries) {
  const code = entry.variant.charCodeAt(0);
  const list = byFirstCode.get(code) ?? [];
  list.push(entry);
  byFirstCode.set(code, list);
}

/** The canonical word of `word` (itself when the thesaurus does not list it). */
export function canonicalWord(word: string): string {
  for (const entry of entries) if (entry.variant === word) return entry.canonical;
  return word;
}

/**
 * Folds every thesaurus variant in a normalised text to its group's first word, keeping the map
 * back to the original: each character of a canonical word points at the whole variant. Returns
 * the input itself when nothing changes (the common case, no allocation).
 */
export function applyThesaurus(normalized: NormalizedText): NormalizedText {
  const { text } = normalized;
  let firstHit = -1;
  for (let i = 0; i < text.length; i++) {
    const list = byFirstCode.get(text.charCodeAt(i));
    if (list?.some((entry) => text.startsWith(entry.variant, i))) {
      firstHit = i;
      break;
    }
  }
  if (firstHit < 0) return normalized;
  let out = text.slice(0, firstHit);
  const starts: number[] = Array.from(normalized.starts.subarray(0, firstHit));
  const ends: number[] = Array.from(normalized.ends.subarray(0, firstHit));
  for (let i = firstHit; i < text.length; ) {
    const list = byFirstCode.get(text.charCodeAt(i));
    const entry = list?.find((candidate) => text.startsWith(candidate.variant, i));
    if (entry) {
      const start = normalized.starts[i] as number;
      const end = normalized.ends[i + entry.variant.length - 1] as number;
      for (let k = 0; k < entry.canonical.length; k++) {
        starts.push(start);
        ends.push(end);
      }
      out += entry.canonical;
      i += entry.variant.length;
    } else {
      out += text[i];
      starts.push(normalized.starts[i] as number);
      ends.push(normalized.ends[i] as number);
      i++;
    }
  }
  return {
    original: normalized.original,
    text: out,
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
  };
}

/** The thesaurus applied to a plain string (rubric phrases, fact values). */
export function foldSynonyms(text: string): string {
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    starts[i] = i;
    ends[i] = i + 1;
  }
  return applyThesaurus({ original: text, text, starts, ends }).text;
}
