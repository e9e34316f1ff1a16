import { describe, expect, it } from 'vitest';
import { normalizeText, originalSpan } from './normalize-text.js';
import { pinyinOf, samePinyin } from './pinyin-key.js';

describe('normalizeText', () => {
  it('turns Traditional characters into Simplified ones when the answer is in Traditional script', () => {
    expect(normalizeText('請問有什麼可以幫助您?').text).toBe('请问有什么可以帮助您?');
    expect(normalizeText('對不起,您的電話雜音太大,聽不清').text).toBe('对不起,您的电话杂音太大,听不清');
  });

  it('keeps every character one-for-one when converting Traditional to Simplified', () => {
    const original = '歡迎致電華信客戶服務熱線,請問有甚麼可以幫到您';
    const normalized = normalizeText(original);
    expect(normalized.text.length).toBe(original.length);
    for (let i = 0; i < normalized.text.length; i++) expect(normalized.starts[i]).toBe(i);
  });

  it('leaves Simplified characters alone when they are already Simplified', () => {
    expect(normalizeText('什么怎么账号').text).toBe('什么怎么账号');
  });

  it('maps full-width and CJK punctuation to ASCII when the answer uses them', () => {
    expect(normalizeText('您好，请问。“谢谢”、再见！').text).toBe('您好,请问."谢谢",再见!');
  });

  it('applies NFKC when the answer has full-width letters and digits', () => {
    expect(normalizeText('ＡＢＣ１２３').text).toBe('abc123');
  });

  it('folds variant characters when the answer uses 帐 for 账', () => {
    expect(normalizeText('请提供您的帐号').text).toBe('请提供您的账号');
  });

  it('drops filler words when they stand alone or are hesitation sounds', () => {
    expect(normalizeText('嗯,那个,您好').text).toBe(',,您好');
    expect(normalizeText('呃您好').text).toBe('您好');
  });

  it('keeps 那个 when it carries meaning inside a phrase', () => {
    expect(normalizeText('那个产品坏了').text).toBe('那个产品坏了');
  });

  it('gives the same text with and without punctuation when punctuation is dropped', () => {
    const withPunctuation = normalizeText('您好!请问有什么可以帮助您?', { dropPunctuation: true }).text;
    const without = normalizeText('您好 请问有什么可以帮助您', { dropPunctuation: true }).text;
    expect(withPunctuation).toBe('您好请问有什么可以帮助您');
    expect(without).toBe(withPunctuation);
  });

  it('points back into the original text when evidence is reported', () => {
    const original = '嗯,對不起,您的聲音太小';
    const normalized = normalizeText(original, { dropPunctuation: true });
    const from = normalized.text.indexOf('声音太小');
    expect(originalSpan(normalized, from, from + 4)).toEqual({ start: 8, end: 12, text: '聲音太小' });
  });

  it('returns the same text when normalising twice', () => {
    for (const sample of [
      '嗯,那个,您好  啊 ,再见',
      '請問有甚麼可以幫到您?',
      'e\u0301 ｶﾞ ㍿',
      '  前后空格  ',
    ]) {
      const once = normalizeText(sample).text;
      expect(normalizeText(once).text).toBe(once);
    }
  });
});

describe('samePinyin', () => {
  it('accepts characters with the same toneless reading when they are homophones', () => {
    expect(samePinyin('至', '致')).toBe(true);
    expect(samePinyin('码', '吗')).toBe(true);
    expect(samePinyin('在', '再')).toBe(true);
  });

  it('rejects characters with different readings when the meaning changes', () => {
    expect(samePinyin('小', '大')).toBe(false);
    expect(samePinyin('我', '您')).toBe(false);
  });

  it('reads every reading of a polyphonic character when it has several', () => {
    expect(samePinyin('行', '航')).toBe(true);
    expect(samePinyin('行', '星')).toBe(true);
    expect(pinyinOf('话筒')).toBe('hua tong');
  });
});
