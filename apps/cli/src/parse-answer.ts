/**
 * Turns what a trainer writes in a JSONL `answer` field, or what a trainee types at the prompt, into
 * the response object the scoring engine grades (`{ type: 'script', answer }`, `{ type: 'single-choice', choice }` …).
 */

export interface AnswerableItem {
  id: string;
  type: string;
  options?: readonly { id: string }[];
  stems?: readonly { id: string }[];
  choices?: readonly { id: string }[];
}

export type ItemResponseShape =
  | { type: 'script'; answer: string }
  | { type: 'single-choice'; choice: string | null }
  | { type: 'multiple-choice'; choices: string[] }
  | { type: 'ordering'; order: string[] }
  | { type: 'matching'; pairs: Record<string, string> };

/** Why an answer cannot be read for its item; the message is for the trainer or trainee. */
export class UnreadableAnswer extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableAnswer';
  }
}

function tokens(text: string): string[] {
  return text
    .split(/[\s,,、;;]+/)
    .map((token) => token.trim())
    .filter(Boolean);
}

/**
 * Resolves one token to an id: a 1-based position in `displayed` (what the terminal numbered), a
 * letter A–Z for choices shown with letters, else the id itself.
 */
function resolve(token: string, displayed: readonly { id: string }[], letters: boolean): string {
  const known = new Set(displayed.map((entry) => entry.id));
  if (known.has(token)) return token;
  if (!letters && /^\d+$/.test(token)) {
    const entry = displayed[Number(token) - 1];
    if (entry) return entry.id;
  }
  if (letters && /^[A-Za-z]$/.test(token)) {
    const entry = displayed[token.toUpperCase().charCodeAt(0) - 65];
    if (entry) return entry.id;
  }
  throw new UnreadableAnswer(
    `"${token}" is not one of ${letters ? 'the letters' : 'the numbers'} shown or an option id`,
  );
}

/**
 * Reads an answer for an item. `answer` may already be a response object (`{ "type": … }`), a
 * string, an array of ids, or an object of stem → choice. `display` gives the options as the
 * terminal showed them (numbers/letters refer to it); without it ids and 1-based author positions work.
 */
export function toItemResponse(
  item: AnswerableItem,
  answer: unknown,
  display: {
    options?: readonly { id: string }[];
    stems?: readonly { id: string }[];
    choices?: readonly { id: string }[];
  } = {},
): ItemResponseShape {
  if (typeof answer === 'object' && answer !== null && !Array.isArray(answer) && 'type' in answer) {
    return answer as ItemResponseShape;
  }
  const options = display.options ?? item.options ?? [];
  switch (item.type) {
    case 'script':
      if (typeof answer !== 'string') throw new UnreadableAnswer('a script answer must be a string');
      return { type: 'script', answer };
    case 'single-choice': {
      if (answer === null || answer === '') return { type: 'single-choice', choice: null };
      const picked =
        typeof answer === 'string' ? tokens(answer) : Array.isArray(answer) ? answer.map(String) : [];
      if (picked.length !== 1) throw new UnreadableAnswer('pick exactly one option');
      return { type: 'single-choice', choice: resolve(picked[0] as string, options, true) };
    }
    case 'multiple-choice': {
      const picked =
        typeof answer === 'string' ? tokens(answer) : Array.isArray(answer) ? answer.map(String) : null;
      if (!picked) throw new UnreadableAnswer('give the picked options as a list');
      return { type: 'multiple-choice', choices: picked.map((token) => resolve(token, options, true)) };
    }
    case 'ordering': {
      const order =
        typeof answer === 'string' ? tokens(answer) : Array.isArray(answer) ? answer.map(String) : null;
      if (!order) throw new UnreadableAnswer('give the order as a list');
      return { type: 'ordering', order: order.map((token) => resolve(token, options, false)) };
    }
    case 'matching': {
      const stems = display.stems ?? item.stems ?? [];
      const choices = display.choices ?? item.choices ?? [];
      if (typeof answer === 'object' && answer !== null && !Array.isArray(answer)) {
        return {
          type: 'matching',
          pairs: Object.fromEntries(Object.entries(answer).map(([stem, choice]) => [stem, String(choice)])),
        };
      }
      const parts =
        typeof answer === 'string' ? tokens(answer) : Array.isArray(answer) ? answer.map(String) : null;
      if (!parts) throw new UnreadableAnswer('give a choice for each stem');
      const pairs: Record<string, string> = {};
      parts.forEach((part, index) => {
        // "1A", "1=A", "stem=choice" or, positionally, "A" for the index-th stem
        const explicit = /^(.+?)(?:=|:|:)(.+)$/.exec(part) ?? /^(\d+)([A-Za-z])$/.exec(part);
        const stemToken = explicit ? (explicit[1] as string) : String(index + 1);
        const choiceToken = explicit ? (explicit[2] as string) : part;
        const stem = resolve(stemToken, stems, false);
        pairs[stem] = resolve(choiceToken, choices, true);
      });
      return { type: 'matching', pairs };
    }
    default:
      throw new UnreadableAnswer(`items of type "${item.type}" cannot be answered here`);
  }
}
