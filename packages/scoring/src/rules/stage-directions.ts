/**
 * Stage directions: text in brackets — (稍停5秒), （挂机）, 【提高音量】 — is what the agent DOES, not
 * what they say. A bare segment that is nothing but a direction ("停5秒" between spaces) counts
 * too. The parser turns each into actions with their position in the answer, so rules can check
 * order (the farewell before the hang-up, a wait between two prompts) and forbid actions (raising
 * the voice, hanging up at once).
 */

/** What the agent does. */
export type StageActionKind =
  /** Pause / wait, optionally with a length in seconds. */
  | 'wait'
  /** Hang up. `immediate` when the direction says it happens at once (立即挂机, 没等客户回应就挂机). */
  | 'hang-up'
  /** Raise one's own voice (提高音量, 提高嗓门). */
  | 'raise-volume'
  /** Keep one's own volume (音量不变). */
  | 'keep-volume'
  /** A note about the customer: still silent, still unclear, still speaking dialect … */
  | 'customer-still'
  /** The time the call is placed, as an hour of the day (晚上11点半拨出 → 23.5). */
  | 'call-time';

export interface StageAction {
  kind: StageActionKind;
  /** The direction's text span in the original answer (brackets included). */
  start: number;
  end: number;
  text: string;
  /** `wait`: seconds when stated (稍停5秒 → 5); `hang-up`: the wait before it, when stated. */
  seconds?: number;
  /** `hang-up`: it happens without waiting. */
  immediate?: boolean;
  /** `call-time`: hour of the day, 0–24. */
  hour?: number;
}

export interface StageDirection {
  start: number;
  end: number;
  /** The text inside the brackets. */
  text: string;
  actions: StageAction[];
}

const openers: Readonly<Record<string, string>> = {
  '(': ')',
  '（': '）',
  '[': ']',
  '［': '］',
  '【': '】',
  '〔': '〕',
};

const chineseDigits: Readonly<Record<string, number>> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  半: 0.5,
};

/** "5", "五", "十", "十五" → number (small numbers only). */
export function parseSmallNumber(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (!/^[零一二两三四五六七八九十半]+$/.test(text)) return undefined;
  if (text === '半') return 0.5;
  const ten = text.indexOf('十');
  if (ten < 0) return chineseDigits[text[0] as string];
  const tens = ten === 0 ? 1 : (chineseDigits[text[ten - 1] as string] ?? 1);
  const units = text[ten + 1] ? (chineseDigits[text[ten + 1] as string] ?? 0) : 0;
  return tens * 10 + units;
}

const number = '(\\d+(?:\\.\\d+)?|[一二两三四五六七八九十半]+)';
const secondsPattern = new RegExp(`${number}\\s*(?:秒|s\\b|sec)`, 'i');
const waitWords = /[停等候顿]|稍候|稍等|片刻|一会|\d+\s*秒|[一二两三四五六七八九十]+秒/;
const hangUpWords = /挂[机断线掉上了]|挂[了]?电话|收线|掛[機斷線掉]|結束通話|结束通话/;
/** A hang-up that does not wait: said at once, or before the customer could answer. */
const immediateWords =
  /立即|立刻|马上|馬上|随即|隨即|直接|当即|即挂|就挂|就掛|没等|沒等|不等|未等|还没|還沒|说完就|一说完|瞬间/;
/** A hang-up mentioned as a time reference, not done: (挂机前嘀咕). */
const notDoneWords = /挂[机断线]前|掛[機斷線]前|准备挂|準備掛|想挂/;
const raiseVolumeWords =
  /(?:提高|加大|放大|调高|調高|调大|調大)(?:音量|声音|聲音|嗓门|嗓門|音调|音調)|(?:音量|声音|聲音)(?:调高|調高|调大|調大|提高|加大|放大)|大声|大聲|喊|吼|嗓门|嗓門/;
const keepVolumeWords = /音量不变|音量不變|保持(?:原来的|原有的)?音量|声音不变|聲音不變/;
const customerStillWords =
  /仍|还是|還是|依然|继续|繼續|没有回应|沒有回應|无应答|無應答|无回应|無回應|不出声|不出聲/;
const callTimePattern =
  /(凌晨|早上|上午|中午|下午|傍晚|晚上|夜里|夜裡|深夜|半夜)?\s*(\d{1,2}|[一二两三四五六七八九十]+)\s*[点點时時:：](半|\d{1,2})?/;
const callWords = /拨出|撥出|打出|致电|致電|拨打|撥打|去电|去電|打给|打給|回访|回訪|外呼/;

/** A bare segment that is only a direction (no brackets): "停5秒", "5秒后挂机", "仍听不清". */
const bareDirection =
  /^(?:稍停|停顿|停頓|停|等候|等待|稍等|稍候|约|約)?\s*(?:\d+|[一二两三四五六七八九十]+)\s*秒(?:后|後)?\s*(?:挂机|挂断|掛機|掛斷)?$|^(?:稍停|停顿|停頓|等候|稍候)$|^(?:挂机|挂断|掛機|掛斷)$/;

function actionsOf(text: string, start: number, end: number, whole: string): StageAction[] {
  const actions: StageAction[] = [];
  const base = { start, end, text: whole };
  const seconds = secondsPattern.exec(text);
  const secondsValue = seconds ? parseSmallNumber(seconds[1] as string) : undefined;
  const hangUp = hangUpWords.test(text) && !notDoneWords.test(text);
  const hangUpAt = hangUp ? text.search(hangUpWords) : -1;
  const before = hangUp ? text.slice(0, hangUpAt) : text;
  const waits =
    waitWords.test(before) || (secondsValue !== undefined && (!hangUp || (seconds?.index ?? 0) < hangUpAt));
  const callTime = callWords.test(text) ? callTimePattern.exec(text) : null;
  if (callTime) {
    let hour = parseSmallNumber(callTime[2] as string) ?? 0;
    const period = callTime[1] ?? '';
    if (/下午|傍晚|晚上|夜里|夜裡|深夜/.test(period) && hour < 12) hour += 12;
    if (/半夜/.test(period) && hour === 12) hour = 0;
    if (callTime[3] === '半') hour += 0.5;
    actions.push({ ...base, kind: 'call-time', hour });
  }
  if (waits && !(hangUp && immediateWords.test(text))) {
    actions.push({ ...base, kind: 'wait', ...(secondsValue === undefined ? {} : { seconds: secondsValue }) });
  }
  if (keepVolumeWords.test(text)) actions.push({ ...base, kind: 'keep-volume' });
  else if (raiseVolumeWords.test(text)) actions.push({ ...base, kind: 'raise-volume' });
  if (!hangUp && !waits && customerStillWords.test(text)) actions.push({ ...base, kind: 'customer-still' });
  if (hangUp) {
    const immediate = immediateWords.test(text) && !(secondsValue !== undefined && secondsValue >= 3);
    actions.push({
      ...base,
      kind: 'hang-up',
      immediate,
      ...(waits && secondsValue !== undefined ? { seconds: secondsValue } : {}),
    });
  }
  return actions;
}

/**
 * Finds the stage directions of an answer, in order: bracketed text (nested brackets count as
 * one direction; an unclosed bracket is ignored) and bare direction segments.
 */
/** Characters without which an answer has no stage direction (brackets, or a bare 停5秒 / 挂机). */
const directionHint = /[(（[［【〔秒挂掛停]/;
const bareHint = /[秒挂掛停候]/;

export function parseStageDirections(answer: string): StageDirection[] {
  const directions: StageDirection[] = [];
  if (!directionHint.test(answer)) return directions;
  const stack: string[] = [];
  let openedAt = -1;
  const bracketed: [number, number][] = [];
  for (let i = 0; i < answer.length; i++) {
    const character = answer[i] as string;
    const closing = openers[character];
    if (closing) {
      if (stack.length === 0) openedAt = i;
      stack.push(closing);
    } else if (stack.length > 0 && character === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) bracketed.push([openedAt, i + 1]);
    }
  }
  let cursor = 0;
  const addBare = (from: number, to: number) => {
    const segmentPattern = /[^\s,，。.!！?？;；、~～]+/g;
    const slice = answer.slice(from, to);
    if (!bareHint.test(slice)) return;
    for (const match of slice.matchAll(segmentPattern)) {
      if (!bareDirection.test(match[0])) continue;
      const start = from + match.index;
      const end = start + match[0].length;
      directions.push({ start, end, text: match[0], actions: actionsOf(match[0], start, end, match[0]) });
    }
  };
  for (const [start, end] of bracketed) {
    addBare(cursor, start);
    const inner = answer.slice(start + 1, end - 1);
    directions.push({
      start,
      end,
      text: inner,
      actions: actionsOf(inner, start, end, answer.slice(start, end)),
    });
    cursor = end;
  }
  addBare(cursor, answer.length);
  directions.sort((a, b) => a.start - b.start);
  return directions;
}

/** True when `[start, end)` of the original answer lies inside a stage direction. */
export function insideDirection(directions: readonly StageDirection[], start: number, end: number): boolean {
  for (const direction of directions) if (start >= direction.start && end <= direction.end) return true;
  return false;
}
