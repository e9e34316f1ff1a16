import { z } from 'zod';

/**
 * House rules of conduct: what no agent may say in any script, declared once and applied to
 * every script item (a rubric may switch a class off with `houseRules.except` or add phrases with
 * `houseRules.add`). Each phrase uses the rubric phrase language (`{a|b}` alternatives, `…` a
 * short gap) and is matched exactly on the normalised answer, outside stage directions, after
 * the shared thesaurus. A hit fails the answer and is quoted in the explanation.
 *
 * The phrasings come from the seeds' rules (000 篇3 "不可以说", 003 §3.2 polite words and empathy,
 * 004 §2.5 and §3 authority and escalation, 002 revisits) and from what a QA reviewer treats as
 * the same offence in other words.
 */

export const houseRuleClasses = [
  'rudeness',
  'blame',
  'sarcasm',
  'impatience',
  'threat',
  'negated-help',
  'unauthorised-promise',
  'rating-pressure',
  'dialect-switching',
] as const;

export type HouseRuleClass = (typeof houseRuleClasses)[number];

export interface HouseRule {
  readonly id: HouseRuleClass;
  readonly label: string;
  readonly feedback: string;
  readonly phrases: readonly string[];
  /**
   * Regular expressions (sources) for what a phrase list cannot say, matched on the normalised
   * answer (Simplified, no punctuation, thesaurus applied), outside stage directions.
   */
  readonly patterns?: readonly string[];
}

const you = '{您|你}';

export const defaultHouseRules: readonly HouseRule[] = [
  {
    id: 'rudeness',
    label: '粗鲁、不礼貌的用语',
    feedback: '不要用粗鲁或轻慢的字眼(如"喂""说吧""破……"),始终用"您好""请""谢谢"这样的礼貌用语。',
    patterns: [
      // Ordering the customer not to do something (别啰嗦, 您先别说, 别问了); soothing (别着急,
      // 别担心) and asking them to hold the line (别挂机) are courteous.
      '(?<![特分区级类告个性识差派要])(?:别|不要|甭)(?!太?(?:着急|急|担心|生气|客气|紧张|介意|害怕|怕|上火|难过|在意)|挂|忘|紧|的|人|处|样|致|再打来)',
      '(?:说|讲)的什么(?:呀|啊|东西|玩意)',
    ],
    phrases: [
      '喂',
      '说话呀',
      '说话啊',
      '说吧',
      '快说',
      '有事说事',
      '有事吗',
      '什么事啊',
      '干什么',
      '干嘛',
      '吼什么',
      '嚷什么',
      '叫什么叫',
      '喊什么',
      '吵什么',
      '嚷嚷',
      '别吵',
      '吼也没用',
      '闭嘴',
      '废话',
      '滚开',
      '你',
      '神经病',
      '有病',
      '笨',
      '蠢',
      '烦死',
      '烦不烦',
      '真烦',
      '搞什么',
      '什么破',
      '破{信号|手机|电话|东西|玩意}',
      '{谁|怎么}听得{清|见|到|懂}',
      '听不懂吗',
      '懂不懂',
      '{听到|听见|听懂|明白}{没有|了没|没}',
      '冷静{一点|点}',
      '这么大声',
      '小点声',
      '一句{都|也}听不懂',
      '{大哥|大姐|老兄|哥们|老铁|美女|帅哥|亲爱的|小伙子|老头|大爷|大妈}',
    ],
  },
  {
    id: 'blame',
    label: '指责、嘲笑或教训客户',
    feedback: '不要指责、嘲笑或教训客户,问题先从我们自己找原因,再说明怎么帮客户解决。',
    phrases: [
      `${you}自己`,
      `怪${you}`,
      `是${you}的{问题|原因|责任|错}`,
      `${you}{也|就|都}{应该|该}`,
      `${you}应该先`,
      `${you}{没|没有}按`,
      `${you}就不能`,
      `${you}不会`,
      `${you}{当时|之前|那时}{也|}没`,
      '{多半|肯定|一定|主要}是{您|你}',
      '主要是{您|你}',
      '下次{别|不要|记得|注意|先}',
      '不是{已经|都|早}…{吗|么}',
      '难道',
      '故意的',
      '而已',
      '最好别',
      '{多|要}体谅',
      '也要理解',
      '浪费…时间',
      '也就这样',
      '{是因为|都怪|全怪}{您|你}',
      `${you}应该{买|选|先|早|看|检查|注意}`,
      '不存在…{问题|失误|不够}',
      '{一向|一直|从来}{准时|都很好|没问题|没出过}',
      '{使用|操作|保养|安装}不当',
      '{先|没|不}{看|读}说明书',
      '说明书{都|也|}没',
      '把自己的',
      '{手机|电话|话机|东西}{也|早|}该换',
      '真会{用|说|挑|选}',
      '可真{会|行|能}',
      '{口音|方言}太重',
      '一句{都|也}听不{懂|明白|清}',
      '都不会{说|讲}',
      '都{说|讲}不好',
      '{别|不要}叫我',
      '不能全怪',
      '也不能怪',
      '{不是|并非}我们的{问题|原因|责任|错}',
      '{跟|与|和}我们{没|无}关',
      '不关我们',
      '{关|管}我们什么事',
      '都是按{标准|规定|流程|规矩}',
      '按{标准|规定}{流程|程序}',
      '{都|也}是按{流程|规定|标准}来的',
      '坏了就坏了',
    ],
  },
  {
    id: 'sarcasm',
    label: '讽刺、挖苦客户',
    feedback: '不要讽刺或挖苦客户,礼貌用语要真诚,不要反话正说。',
    phrases: [
      '总算',
      '终于{满意|说话|肯|开口|听懂}',
      '又有什么',
      '又是什么',
      '这么{讲究|挑剔|金贵|难伺候}',
      '{真够|可真够|也真够}',
      '没吃饭',
      '哈哈',
      '够可以的',
      '难伺候',
      '真是{厉害|佩服|服了}',
      '服了{您|你}',
      '佩服',
    ],
  },
  {
    id: 'impatience',
    label: '不耐烦、催促客户',
    feedback: '不要催促或表现出不耐烦,耐心听客户说完,按客户的节奏来。',
    phrases: [
      '长话短说',
      '唉',
      '抓紧时间',
      '{要|快|马上}下班',
      '磨蹭',
      '没那么多时间',
      '别耽误',
      '{快点|快一点}{说|讲}',
      '说重点',
      '{直接|快}说',
      '{我|我这边|我这儿}{很忙|太忙|忙着|特别忙}',
      '还有{一堆|很多|好多}{电话|客户|人}{要|等}',
      '一堆电话',
      '{排队|等着}的人{多|很多}',
      '没{空|时间}{听|跟}',
      '{说|讲}快{一点|点}',
      '{赶紧|赶快}{说|讲}',
      '别绕弯子',
      '绕来绕去',
      '我都说了',
      '我{已经|都}说{了|过}{好几|几|三|两|第三|第二}',
      '说了{多少|好几|几}{遍|次}',
      '第{二|三|四|N}遍',
      '到底{在|}{说|讲|想}',
      '到底要',
      '还有完没完',
      '有完没完',
      '能不能快',
      '听明白了吗',
    ],
  },
  {
    id: 'threat',
    label: '威胁客户',
    feedback: '不要威胁客户(如"再不说话我就挂了"),按规范礼貌地说明情况,稍等后再挂机。',
    phrases: [
      '我就挂',
      '{就|要|得|只能|可要|只好|会|我}挂{了|电话|机|断|啦|啊}',
      '我就{只能|要|得}挂',
      '就只能挂',
      '挂了啊',
      '再不…{就|我}',
      '不…的话…{挂|不管|不处理}',
      '否则…{挂|不管|后果}',
      '后果自负',
      '不然…{没法|没办法|挂|不管}',
      '{投诉|告}也没用',
      '别怪我',
      '拉黑',
    ],
  },
  {
    id: 'negated-help',
    label: '拒绝帮助、推走客户',
    feedback: '不要说"帮不了""没有什么可以帮您的",也不要叫客户别再打来;要主动询问需求,说明下一步怎么帮。',
    phrases: [
      '没{有|}什么{可以|能|要|需要|好}{帮|协助|做|处理}',
      '没{有|}什么{要|需要}…{帮|协助}',
      '{帮|管}不{了|上}',
      '没{法|办法|有办法}帮',
      '无能为力',
      '没{法|办法}{处理|办|解决|帮}',
      '{不归|不是}我们{管|负责}',
      '没{有|}办法',
      '不满意也没',
      '{有意见|不满意|投诉|说了|再说}也{晚了|没用}',
      '我也没辙',
      '就{别|不要|不用}{打|再打|打了|来电}',
      '{不要|别|不用}{再|}{打来|打过来|打了|来电}',
      '改天再说',
      '打错{电话|了}',
      '{您|你}自己{去|拿去|找}',
    ],
  },
  {
    id: 'unauthorised-promise',
    label: '超出权限的承诺',
    feedback:
      '不要承诺超出自己权限的赔偿、免费或优惠(如"退一赔十""私下免单");需要补偿时登记并上报,由有权限的人决定。',
    phrases: [
      '退一赔',
      '赔{您|你}{双倍|三倍|十倍|两倍|几倍|一倍}',
      '{双倍|三倍|十倍|两倍|加倍}{赔|的钱|补偿|返还}',
      '额外{赔|补偿|送|返}',
      '免单',
      '{开除|辞退|处分}',
      '扣…{工资|奖金}',
      '免费…{一台|一个|新的}',
      '{送您|送你|赠您|补偿您|赔您}',
      '作为补偿',
      '{给您|为您|帮您}{打|}{五|六|七|八|九}折',
      '免费{升级|送|赠}',
      '私下',
      '全部免费',
      '{马上|立刻|直接|现在}{给您|为您|帮您}{全额|}退{款|钱}',
      '{三|双|十|两}倍',
      '{送您|送你|补偿您|赔您}…{元|块|话费|礼品|券|红包|现金}',
      '{元|块}话费',
      '我{直接|个人|做主}{给您|帮您|为您|}{退|赔|免|补}',
      '我{保证|担保}…{赔|退|免}',
      '退全部',
      '全额退{款|费}…{再|还}',
    ],
  },
  {
    id: 'rating-pressure',
    label: '要求或引导客户给好评',
    feedback: '不要要求、诱导客户打分或给好评,满意度评价由客户自己决定。',
    phrases: [
      '{给|打|点|留|写|评}{个|一个|我|我们|}{好评|五星|满分}',
      '{好评|五星|满分}{哦|啊|吧|呀|啦}',
      '五星好评',
      '差评',
      '评{个|一个|}{非常满意|满意|十分}',
      '{很|挺|非常}满意{的|}吧',
      '打{个|}满',
      '{给|选|点|打|评}{个|一个|我们|我|}{满意|非常满意|十分}',
      '算在我头上',
      '{肯定|一定|应该}{很|挺|非常|}满意吧',
      '{不会|没有}不满意吧',
    ],
  },
  {
    id: 'dialect-switching',
    label: '改用客户的方言',
    feedback: '始终讲普通话,不要改用客户的方言;听不懂时礼貌地请客户讲普通话或找会讲普通话的人。',
    phrases: [
      '咁',
      '咩',
      '嘅',
      '唔',
      '冇',
      '佢',
      '啲',
      '哋',
      '嘢',
      '喺',
      '係咪',
      '系咪',
      '乜',
      '啥子',
      '晓得不',
      '侬',
      '阿拉',
      '{跟|和|同|给}{您|你}{讲|说}{广东|粤|上海|闽南|四川|东北|湖南|家乡|潮州|客家|本地}{话|语}',
      '我{也|}{会|能|}{讲|说}{广东|粤|上海|闽南|四川|东北|湖南|家乡|潮州|客家|本地}{话|语}',
      '{用|改用|换成}{广东|粤|上海|闽南|四川|东北|湖南|家乡|潮州|客家|本地}{话|语}{跟|和|同|给}',
    ],
  },
];

const phraseList = z.array(z.string().min(1)).min(1);

/** How a rubric adjusts the house rules: classes it does not apply, phrases it adds per class. */
export const houseRulesOptionsSchema = z.strictObject({
  except: z.array(z.enum(houseRuleClasses)).default([]),
  add: z.partialRecord(z.enum(houseRuleClasses), phraseList).default({}),
});

export type HouseRulesOptions = z.output<typeof houseRulesOptionsSchema>;
export type HouseRulesOptionsInput = z.input<typeof houseRulesOptionsSchema>;

/** The house rules a rubric applies: the defaults, minus `except`, plus `add`. */
export function houseRulesFor(options: HouseRulesOptions | undefined): HouseRule[] {
  const except = new Set(options?.except ?? []);
  return defaultHouseRules
    .filter((rule) => !except.has(rule.id))
    .map((rule) => ({ ...rule, phrases: [...rule.phrases, ...(options?.add?.[rule.id] ?? [])] }));
}
