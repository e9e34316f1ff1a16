import { z } from 'zod';
import { normalizeText } from '../text/normalize-text.js';
import { pinyinReadings } from '../text/pinyin-key.js';
import { parseSmallNumber } from './stage-directions.js';
import { foldSynonyms } from './thesaurus.js';

/**
 * Scenario facts: what an item's scenario states (the customer 王先生, the company 安达家电, the
 * date 3月5日, the product 热水器, the service 安装), as typed slots. An answer that states a
 * conflicting value of a slot — another name, company, date, product or service — fails with the
 * conflicting words quoted. An answer that states no value is left to the rubric.
 */

export const factTypes = ['person', 'company', 'date', 'product', 'service'] as const;

export const scenarioFactSchema = z.strictObject({
  /** The slot's name, e.g. `customer`, `company`, `service-date`. */
  slot: z.string().regex(/^[a-z][a-z0-9-]*$/, 'slot names are lower-case'),
  type: z.enum(factTypes),
  /**
   * The scenario's value: `王先生` (person: surname + title), `安达家电`, `3月5日` or `上周`, `电饭煲`,
   * `安装`. For a person, `none` says the scenario gives no name: any name the answer uses is invented.
   */
  value: z.string().min(1),
  /** Other words for the same value (热水炉 for 热水器); the shared thesaurus applies too. */
  aliases: z.array(z.string().min(1)).default([]),
  /**
   * `any` (default): any other value conflicts. `similar`: only a value that shares a character
   * or a reading with the fact (宏达 for 宏远) conflicts — for a name the task only gives as an
   * example of the agent's own company.
   */
  conflicts: z.enum(['any', 'similar']).default('any'),
  /** Dates only: a date counts when one of these words follows it closely (接受, 购买 …). */
  near: z.array(z.string().min(1)).default([]),
  /** Shown in explanations (Chinese), e.g. 客户是王先生. */
  label: z.string().min(1).optional(),
});

export type ScenarioFactInput = z.input<typeof scenarioFactSchema>;
export type ScenarioFact = z.output<typeof scenarioFactSchema>;

/** A value the answer states for a slot. `from`/`to` index the normalised text given to the checker. */
export interface StatedValue {
  slot: string;
  value: string;
  from: number;
  to: number;
  /** True when it agrees with the scenario. */
  agrees: boolean;
}

/** Common surnames: a person is a surname right before a title (王先生, 李女士). */
const surnames = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
]);
const titleHint = /先生|女士|小姐|太太|夫人|总|老板/;
const genderedTitles = new Set(['先生', '女士', '小姐', '太太', '夫人']);
const personPattern = /(.)(先生|女士|小姐|太太|夫人|总|老板)/g;

const productLexicon = [
  '电饭煲',
  '电压力锅',
  '压力锅',
  '电热水壶',
  '热水壶',
  '电水壶',
  '热水器',
  '空调',
  '冰箱',
  '洗衣机',
  '电视机',
  '电视',
  '微波炉',
  '烤箱',
  '抽油烟机',
  '油烟机',
  '燃气灶',
  '洗碗机',
  '净水器',
  '饮水机',
  '电风扇',
  '取暖器',
  '电暖器',
  '吸尘器',
  '扫地机',
  '加湿器',
  '空气净化器',
  '豆浆机',
  '榨汁机',
  '破壁机',
  '电磁炉',
  '吹风机',
  '宽带',
  '路由器',
  '牛奶',
  '汽车',
  '车辆',
];

/** Longest first, so 电热水壶 is one product, not 热水 … */
const productPattern = new RegExp([...productLexicon].sort((a, b) => b.length - a.length).join('|'), 'g');

const serviceLexicon = [
  '安装',
  '维修',
  '保养',
  '清洗',
  '检修',
  '调试',
  '移机',
  '拆机',
  '送货',
  '配送',
  '送奶',
  '退换',
  '换货',
  '退货',
];
const servicePattern = new RegExp(`(${serviceLexicon.join('|')})(?:上门)?(?:服务|项目)`, 'g');

const companyPattern =
  /(?:我是|这里是|这边是|我们是|欢迎您?(?:致电|来电|使用|光临)|您?致电)([\u4e00-\u9fff]{2,6}?)(?:的)?(?:客户服务|客服|热线|服务热线|公司|专线|售后)/g;

const digit = '(?:\\d{1,2}|[一二三四五六七八九十]{1,3})';
const absoluteDatePattern = new RegExp(`(${digit})月(${digit})[日号]?`, 'g');
const relativeDates: readonly (readonly string[])[] = [
  ['上周', '上星期', '上礼拜', '上个星期', '上个礼拜'],
  ['昨天', '昨日'],
  ['前天'],
  ['大前天'],
  ['今天', '今日'],
  ['上个月', '上月'],
  ['前几天', '几天前'],
];
const relativeDatePattern = new RegExp(
  `(${relativeDates
    .flat()
    .sort((a, b) => b.length - a.length)
    .join('|')})([一二三四五六日天末]?)`,
  'g',
);

function normalizeValue(value: string): string {
  return foldSynonyms(normalizeText(value, { dropPunctuation: true }).text);
}

function sharesSound(a: string, b: string): boolean {
  for (const x of a)
    for (const y of b) {
      if (x === y) return true;
      const rx = pinyinReadings(x);
      const ry = pinyinReadings(y);
      if (rx.some((r) => ry.includes(r))) return true;
    }
  return false;
}

/** A fact compiled once: its normalised value and aliases. */
export interface CompiledFact extends ScenarioFact {
  readonly values: readonly string[];
  readonly describe: string;
  /** Dates: the comparable keys of the values (`3-5`, `r:上周`). */
  readonly dateKeys: ReadonlySet<string>;
}

export function compileFact(fact: ScenarioFact): CompiledFact {
  const values = [fact.value, ...fact.aliases].map(normalizeValue);
  return {
    ...fact,
    values,
    describe: fact.label ?? `${fact.value}`,
    dateKeys: new Set(fact.type === 'date' ? values.map(dateKey) : []),
  };
}

/** Same length and every character shares a reading: a harmless homophone typo (宏圆 for 宏远). */
function soundsTheSame(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const readings = pinyinReadings(a[i] as string);
    const others = pinyinReadings(b[i] as string);
    if (!readings.some((reading) => others.includes(reading))) return false;
  }
  return true;
}

function agreesWith(fact: CompiledFact, stated: string): boolean {
  return fact.values.some(
    (value) =>
      value === stated ||
      stated.includes(value) ||
      value.includes(stated) ||
      // A product or service typed with a homophone (热水气) is still the right one; a name is
      // not: 汪 is not 王, 宏源 is not 宏远.
      (fact.type !== 'person' && fact.type !== 'company' && soundsTheSame(value, stated)),
  );
}

/** Characters without which a text states no date. */
const dateHint = /[月周星礼昨前今天]/;
const singleAbsoluteDate = new RegExp(`^(${digit})月(${digit})`);

function dateKey(text: string): string {
  const absolute = singleAbsoluteDate.exec(text);
  if (absolute)
    return `${parseSmallNumber(absolute[1] as string)}-${parseSmallNumber(absolute[2] as string)}`;
  for (const group of relativeDates) if (group.some((word) => text.startsWith(word))) return `r:${group[0]}`;
  return text;
}

/**
 * The values the answer states for a fact's slot, each marked as agreeing or conflicting.
 * `text` is the answer's normalised matching text (thesaurus applied).
 */
export function statedValues(fact: CompiledFact, text: string): StatedValue[] {
  const found: StatedValue[] = [];
  const push = (value: string, from: number, agrees: boolean) =>
    found.push({ slot: fact.slot, value, from, to: from + value.length, agrees });
  switch (fact.type) {
    case 'person': {
      if (!titleHint.test(text)) break;
      const [expected] = fact.values as [string];
      for (const match of text.matchAll(personPattern)) {
        const surname = match[1] as string;
        const title = match[2] as string;
        if (!surnames.has(surname)) continue;
        const stated = surname + title;
        if (expected === 'none') {
          push(stated, match.index, false);
          continue;
        }
        const expectedSurname = expected[0] as string;
        const expectedTitle = expected.slice(1);
        const sameTitle =
          title === expectedTitle ||
          (genderedTitles.has(title) &&
            genderedTitles.has(expectedTitle) &&
            (title === '先生') === (expectedTitle === '先生'));
        push(stated, match.index, surname === expectedSurname && sameTitle);
      }
      break;
    }
    case 'company': {
      for (const match of text.matchAll(companyPattern)) {
        const name = match[1] as string;
        const from = match.index + (match[0] as string).indexOf(name);
        let agrees = agreesWith(fact, name);
        if (!agrees && fact.conflicts === 'similar')
          agrees = !fact.values.some((value) => sharesSound(value, name));
        push(name, from, agrees);
      }
      break;
    }
    case 'product': {
      for (const match of text.matchAll(productPattern))
        push(match[0], match.index, agreesWith(fact, match[0]));
      break;
    }
    case 'service': {
      for (const match of text.matchAll(servicePattern)) {
        const service = match[1] as string;
        push(service, match.index, agreesWith(fact, service));
      }
      break;
    }
    case 'date': {
      if (!dateHint.test(text)) break;
      const expected = fact.dateKeys;
      const consider = (value: string, from: number) => {
        const after = text.slice(from + value.length, from + value.length + 12);
        const before = text.slice(Math.max(0, from - 4), from);
        if (fact.near.length > 0 && !fact.near.some((word) => after.includes(word) || before.includes(word)))
          return;
        const key = dateKey(value);
        const expectedAbsolute = [...expected].some((k) => !k.startsWith('r:'));
        // An absolute date cannot be compared with a relative one (昨天 may be 3月5日).
        if (key.startsWith('r:') === expectedAbsolute) return;
        push(value, from, expected.has(key));
      };
      for (const match of text.matchAll(absoluteDatePattern)) consider(match[0], match.index);
      for (const match of text.matchAll(relativeDatePattern)) consider(match[1] as string, match.index);
      break;
    }
  }
  return found.sort((a, b) => a.from - b.from);
}
