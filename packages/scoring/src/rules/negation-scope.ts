/**
 * Negation scope: does a negation govern the words that start at `from`?
 *
 * "不能帮您" does not say "帮您", "没有什么可以帮您的" does not offer help, and "我们并没有做得不够"
 * does not admit a fault. A negation (不 没 没有 无 无法 别 未 勿 莫 绝不 并不 …) governs what follows
 * it in the same clause when only "scope words" stand between: modals and adverbs (会 能 可以 要
 * 用 再 都 也 还 太 必), a preposition with a pronoun (给您 为您 帮您 跟您), or an indefinite
 * (什么 任何 啥). Anything else (a verb, a noun, punctuation) closes the scope.
 *
 * Not a negation of what follows: A-not-A questions (有没有, 能不能, 是不是), fixed courtesy
 * words (不好意思, 对不起, 不客气, 没关系, 不便), and a verb-不-complement (听不清: the negation is
 * inside the verb).
 */

const negators = new Set([...'不没无别未勿莫非']);

/** Words that may stand between a negation and what it governs (longest first). */
const scopeWords = [
  '可以',
  '能够',
  '需要',
  '应该',
  '愿意',
  '打算',
  '一定',
  '什么',
  '任何',
  '怎么',
  '给您',
  '为您',
  '帮您',
  '跟您',
  '和您',
  '对您',
  '替您',
  '向您',
  '给你',
  '为你',
  '帮你',
  '跟你',
  '和你',
  '有',
  '会',
  '能',
  '要',
  '用',
  '再',
  '都',
  '也',
  '还',
  '太',
  '必',
  '法',
  '曾',
  '准',
  '得',
  '啥',
  '并',
  '从',
  '是',
  '想',
  '肯',
  '敢',
  '可',
].sort((a, b) => b.length - a.length);

/** Fixed words that start with a negation but do not negate what follows. */
const fixedWords = [
  '不好意思',
  '不客气',
  '不用客气',
  '没关系',
  '不便',
  '不少',
  '不错',
  '不久',
  '不仅',
  '不但',
  '不过',
  '无论',
  '不论',
  '非常',
  '别的',
  '别人',
  '未来',
];

/** Characters that make a verb-不-complement when they follow 不 (听不清, 打不通, 帮不了 is handled as a house rule). */
const complements = new Set([...'清见到懂通动开起住下来去完着']);

const maximumScope = 8;

/**
 * True when a negation in `text` (normalised, no punctuation) governs the phrase starting at
 * `from`. `boundary(i)` tells whether a clause boundary (punctuation in the original) lies
 * between characters i − 1 and i.
 */
export function isNegatedAt(
  text: string,
  from: number,
  boundary: (index: number) => boolean = () => false,
): boolean {
  // Walk back over scope words; a negation at the end of the walk governs the phrase.
  let position = from;
  for (let steps = 0; steps < 6 && position > 0; steps++) {
    if (boundary(position)) return false;
    const character = text[position - 1] as string;
    if (negators.has(character) && isRealNegation(text, position - 1)) return true;
    const word = scopeWords.find(
      (candidate) =>
        position - candidate.length >= 0 && text.startsWith(candidate, position - candidate.length),
    );
    if (!word) return false;
    position -= word.length;
    if (from - position > maximumScope) return false;
  }
  return false;
}

/** Words where a negation character is part of another word (特别, 区别, 无论 …). */
const notNegations = [
  '特别',
  '分别',
  '区别',
  '级别',
  '类别',
  '告别',
  '个别',
  '性别',
  '识别',
  '差别',
  '派别',
  '别的',
  '别人',
  '别处',
  '无论',
  '无比',
  '未来',
  '莫名',
];

/**
 * True when the character at `at` is a negation (不 没 别 勿 未 无 莫) that negates: not part of
 * another word (特别, 无论), a courtesy word (不好意思), an A-not-A question or a verb-不-complement.
 */
export function isNegationAt(text: string, at: number): boolean {
  const character = text[at] as string;
  if (!negators.has(character)) return false;
  for (const word of notNegations) {
    const index = word.indexOf(character);
    if (index >= 0 && text.startsWith(word, at - index)) return false;
  }
  return isRealNegation(text, at);
}

function isRealNegation(text: string, at: number): boolean {
  const character = text[at] as string;
  const before = text[at - 1];
  const after = text[at + 1];
  // A-not-A: 有没有, 能不能, 是不是, 会不会 (the character before and after the negation are the same).
  if (before !== undefined && before === after) return false;
  if (before !== undefined && text[at - 2] !== undefined && text.startsWith(text.slice(at - 2, at), at + 1))
    return false;
  for (const word of fixedWords) {
    if (word.startsWith(character) && text.startsWith(word, at)) return false;
    const index = word.indexOf(character);
    if (index > 0 && text.startsWith(word, at - index)) return false;
  }
  // Verb-不-complement (听不清): 不 between a verb and a complement.
  if (
    character === '不' &&
    after !== undefined &&
    complements.has(after) &&
    before !== undefined &&
    /[\u4e00-\u9fff]/.test(before)
  ) {
    return false;
  }
  return true;
}
