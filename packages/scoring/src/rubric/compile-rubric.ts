import { InvalidItem, type ScoringIssue, toScoringIssues } from '../items/scoring-input-error.js';
import { type HouseRuleClass, type HouseRulesOptions, houseRulesFor } from '../rules/house-rules.js';
import { type CompiledFact, compileFact } from '../rules/scenario-facts.js';
import { foldSynonyms } from '../rules/thesaurus.js';
import { normalizeText } from '../text/normalize-text.js';
import { pinyinReadings } from '../text/pinyin-key.js';
import {
  actionReferences,
  type DirectionRules,
  type Rubric,
  type RubricInput,
  rubricSchema,
  type Tolerance,
  type Where,
} from './rubric-schema.js';

/**
 * Characters an edit may never add, drop or replace: pronouns and negations turn the meaning
 * around (帮助您 → 帮助我, 再次打来 → 不要再次打来), as do a few opposites (大声 → 小声).
 * Same-pinyin substitution is still allowed for them only when the reading matches.
 */
export const protectedCharacters: ReadonlySet<string> = new Set([
  ...'您你我他她它们不没别无未勿非莫否',
  ...'大小多少高低上下前后左右早晚放拿开关',
]);

/** One contiguous piece of a phrase (between gaps), normalised, with its readings precomputed. */
export interface CompiledPiece {
  readonly text: string;
  readonly readings: readonly (readonly number[])[];
  readonly protectedMask: readonly boolean[];
  /** Same-pinyin substitutions allowed in this piece. */
  readonly pinyinBudget: number;
  /** Edits (insert, delete, substitute) allowed in this piece; 0 below `minEditLength`. */
  readonly editBudget: number;
  /**
   * `editBudget + 1` consecutive parts of the piece: a match within the budget leaves at least
   * one of them untouched (pigeonhole), so the edit search only runs when one is in the answer.
   */
  readonly editSeeds: readonly string[];
  /** Character code → bit set of the positions (< 31) holding it. */
  readonly characterBits: ReadonlyMap<number, number>;
  /** Reading id → bit set of the positions (< 31) with that reading. */
  readonly readingBits: ReadonlyMap<number, number>;
  /** Bounds of the gap before this piece (from `…{m,n}`); `gapMaximum` −1 means the rubric's `gap`. */
  readonly gapMinimum?: number;
  readonly gapMaximum?: number;
  /** What grading learnt about this piece in the answer being graded (see {@link PieceAnswerCache}). */
  readonly cache: PieceAnswerCache;
}

/**
 * Grading cache of one piece for one answer, valid while `stamp` is that answer's stamp: the
 * piece's pieces are searched many times per answer (per head occurrence, per level, per order
 * check), and these results do not depend on where a search starts.
 */
export interface PieceAnswerCache {
  stamp: number;
  /** Characters of the piece absent from the answer (−1: not counted yet). */
  absent: number;
  /** Same-pinyin scan: every start from `scanStart` below `scanned` was tried (−1: none yet); `starts` holds those that matched. */
  scanStart: number;
  scanned: number;
  starts: number[];
  /** The rank of each match in `starts`: 0 as written, 1 with a same-pinyin substitution. */
  ranks: number[];
  /** The last edit search (its bounds and result; `editTo` −1: none found, −2: none made). */
  editFrom: number;
  editLastStart: number;
  editMatchFrom: number;
  editTo: number;
}

/** One concrete expansion of a phrase: pieces separated by gaps of at most `gap` characters. */
export interface CompiledSequence {
  /** The phrase as authored, for reports. */
  readonly phrase: string;
  /** This expansion, normalised, gaps shown as …. */
  readonly expansion: string;
  readonly pieces: readonly CompiledPiece[];
}

export interface CompiledConcept {
  readonly id: string;
  readonly label: string;
  readonly sequences: readonly CompiledSequence[];
  readonly tolerance: Tolerance;
  readonly where: Where;
  readonly feedback: string | undefined;
}

export interface CompiledRequiredConcept extends CompiledConcept {
  readonly weight: number;
  readonly required: boolean;
  readonly min: number;
}

export interface CompiledForbiddenConcept extends CompiledConcept {
  readonly effect: 'auto-fail' | 'penalty';
  readonly penalty: number;
}

/** A house rule of conduct compiled as a forbidden concept (shared by every rubric). */
export interface CompiledHouseRule extends CompiledForbiddenConcept {
  readonly houseRule: HouseRuleClass;
  /** The rule's regular-expression patterns (sources), matched on the normalised answer. */
  readonly patterns: readonly string[];
}

export interface CompiledOrder {
  readonly id: string;
  readonly sequence: readonly string[];
  readonly required: boolean;
  readonly effect: 'auto-fail' | 'penalty';
  readonly penalty: number;
  readonly feedback: string | undefined;
}

export interface CompiledProximity {
  readonly id: string;
  readonly concepts: readonly string[];
  readonly within: number;
  readonly effect: 'auto-fail' | 'penalty';
  readonly penalty: number;
  readonly feedback: string | undefined;
}

/** A rubric compiled once for fast grading: phrases expanded, normalised, readings precomputed. */
export interface CompiledRubric {
  readonly rubric: Rubric;
  readonly passScore: number;
  readonly gap: number;
  readonly rejectKeywordLists: boolean;
  readonly negationGuard: boolean;
  readonly concepts: readonly CompiledRequiredConcept[];
  readonly forbidden: readonly CompiledForbiddenConcept[];
  readonly order: readonly CompiledOrder[];
  readonly proximity: readonly CompiledProximity[];
  readonly houseRules: readonly CompiledHouseRule[];
  readonly facts: readonly CompiledFact[];
  readonly directions: DirectionRules;
  readonly totalWeight: number;
}

const maxExpansions = 2000;
/** A gap inside an expansion: \uE000 then optional "max" or "min,max", then \uE001. */
const gapPattern = /\uE000([0-9,]*)\uE001/;

/**
 * Validates a rubric (parsed YAML or JSON) and compiles it. Throws `InvalidItem` (code
 * `INVALID_ITEM`) whose issues carry the dotted path of each offending field, so a YAML loader
 * can point at file:line:column. The input is not changed.
 */
export function compileRubric(input: RubricInput | unknown): CompiledRubric {
  const parsed = rubricSchema.safeParse(input);
  if (!parsed.success) throw new InvalidItem(toScoringIssues(parsed.error.issues), 'rubric');
  const rubric = parsed.data;
  const issues: ScoringIssue[] = [];
  const conceptIds = new Set<string>();
  const allIds = new Set<string>();

  // Expansions share pieces (提供…情况 / 提供…问题): one object per distinct piece and gap, so
  // what grading learns about a piece in an answer serves every sequence holding it.
  const pieceCache = new Map<string, CompiledPiece>();
  const sharedPiece = (text: string, gapMinimum: number, gapMaximum: number): CompiledPiece => {
    const key = `${gapMinimum},${gapMaximum},${text}`;
    let piece = pieceCache.get(key);
    if (!piece) {
      piece = { ...compilePiece(text, rubric.minEditLength), gapMinimum, gapMaximum };
      pieceCache.set(key, piece);
    }
    return piece;
  };
  const compileSequences = (phrases: readonly string[], path: string): CompiledSequence[] => {
    const sequences: CompiledSequence[] = [];
    phrases.forEach((phrase, index) => {
      const result = expandPhrase(phrase, rubric.slots);
      if (typeof result === 'string') {
        issues.push({ path: `${path}.${index}`, message: result });
        return;
      }
      for (const expansion of result) {
        // Pieces alternate with gap bounds: [piece, bounds, piece, bounds, piece …].
        const parts = expansion.split(gapPattern);
        const pieces: CompiledPiece[] = [];
        let gapMinimum = 0;
        let gapMaximum = -1;
        for (let part = 0; part < parts.length; part++) {
          const raw = parts[part] as string;
          if (part % 2 === 1) {
            const [minimum, maximum] = raw === '' ? [0, -1] : raw.split(',').map(Number);
            gapMinimum = raw.includes(',') ? (minimum ?? 0) : 0;
            gapMaximum = raw === '' ? -1 : raw.includes(',') ? (maximum ?? -1) : (minimum ?? -1);
            continue;
          }
          const text = foldSynonyms(normalizeText(raw, { dropPunctuation: true }).text);
          if (text.length === 0) continue;
          pieces.push(sharedPiece(text, gapMinimum, gapMaximum));
          gapMinimum = 0;
          gapMaximum = -1;
        }
        if (pieces.length === 0) {
          issues.push({
            path: `${path}.${index}`,
            message: `phrase "${phrase}" is empty once punctuation is ignored`,
          });
          return;
        }
        sequences.push({ phrase, expansion: pieces.map((piece) => piece.text).join('…'), pieces });
      }
    });
    return sequences;
  };

  const concepts = rubric.concepts.map((concept, index): CompiledRequiredConcept => {
    if (allIds.has(concept.id))
      issues.push({ path: `concepts.${index}.id`, message: `duplicate concept id "${concept.id}"` });
    allIds.add(concept.id);
    conceptIds.add(concept.id);
    return {
      id: concept.id,
      label: concept.label ?? concept.phrases[0] ?? concept.id,
      sequences: compileSequences(concept.phrases, `concepts.${index}.phrases`),
      tolerance: concept.tolerance ?? rubric.tolerance,
      where: concept.where,
      feedback: concept.feedback,
      weight: concept.required ? concept.weight : 0,
      required: concept.required,
      min: concept.min,
    };
  });
  const forbidden = rubric.forbidden.map((concept, index): CompiledForbiddenConcept => {
    if (allIds.has(concept.id))
      issues.push({ path: `forbidden.${index}.id`, message: `duplicate concept id "${concept.id}"` });
    allIds.add(concept.id);
    return {
      id: concept.id,
      label: concept.label ?? concept.phrases[0] ?? concept.id,
      sequences: compileSequences(concept.phrases, `forbidden.${index}.phrases`),
      tolerance: concept.tolerance,
      where: concept.where,
      feedback: concept.feedback,
      effect: concept.effect,
      penalty: concept.penalty,
    };
  });
  const order = rubric.order.map((constraint, index): CompiledOrder => {
    constraint.sequence.forEach((id, position) => {
      if (!conceptIds.has(id) && !(actionReferences as readonly string[]).includes(id)) {
        issues.push({
          path: `order.${index}.sequence.${position}`,
          message: `unknown concept "${id}" (known: ${[...conceptIds].join(', ')})`,
        });
      }
    });
    return {
      id: constraint.id ?? `order-${index + 1}`,
      sequence: constraint.sequence,
      required: constraint.required,
      effect: constraint.effect,
      penalty: constraint.penalty,
      feedback: constraint.feedback,
    };
  });
  const proximity = rubric.proximity.map((constraint, index): CompiledProximity => {
    constraint.concepts.forEach((id, position) => {
      if (!conceptIds.has(id)) {
        issues.push({
          path: `proximity.${index}.concepts.${position}`,
          message: `unknown concept "${id}" (known: ${[...conceptIds].join(', ')})`,
        });
      }
    });
    return {
      id: constraint.id ?? `proximity-${index + 1}`,
      concepts: constraint.concepts,
      within: constraint.within,
      effect: constraint.effect,
      penalty: constraint.penalty,
      feedback: constraint.feedback,
    };
  });
  const totalWeight = concepts.reduce((sum, concept) => sum + concept.weight, 0);
  if (totalWeight <= 0)
    issues.push({ path: 'concepts', message: 'needs at least one required concept with a weight above 0' });
  let houseRules: CompiledHouseRule[] = [];
  try {
    houseRules = compileHouseRules(rubric.houseRules);
  } catch (error) {
    if (!(error instanceof InvalidItem)) throw error;
    for (const issue of error.issues)
      issues.push({ path: `houseRules.add${issue.path ? `.${issue.path}` : ''}`, message: issue.message });
  }
  if (issues.length > 0) throw new InvalidItem(issues, 'rubric');
  return {
    houseRules,
    facts: rubric.facts.map(compileFact),
    directions: rubric.directions,
    rubric,
    passScore: rubric.passScore,
    gap: rubric.gap,
    rejectKeywordLists: rubric.rejectKeywordLists,
    negationGuard: rubric.negationGuard,
    concepts,
    forbidden,
    order,
    proximity,
    totalWeight,
  };
}

const houseRuleCache = new Map<string, CompiledHouseRule[]>();

/**
 * Compiles the house rules of conduct for a rubric's options (cached: every rubric with the same
 * options shares one compiled set). Throws `InvalidItem` when an added phrase is malformed.
 */
export function compileHouseRules(options: HouseRulesOptions | undefined): CompiledHouseRule[] {
  const key = JSON.stringify(options ?? {});
  const cached = houseRuleCache.get(key);
  if (cached) return cached;
  if (houseRulesFor(options).length === 0) return [];
  const compiled = compileRubric({
    concepts: [{ id: 'house-rules', phrases: ['好'], weight: 1 }],
    houseRules: { except: [...houseRulesFor(undefined).map((rule) => rule.id)] },
    forbidden: houseRulesFor(options).map((rule) => ({
      id: rule.id,
      label: rule.label,
      phrases: rule.phrases,
      feedback: rule.feedback,
      tolerance: 'exact' as const,
      where: 'speech' as const,
    })),
  });
  const sources = houseRulesFor(options);
  const rules = compiled.forbidden.map((concept, index) => ({
    ...concept,
    houseRule: concept.id as HouseRuleClass,
    patterns: sources[index]?.patterns ?? [],
  }));
  houseRuleCache.set(key, rules);
  return rules;
}

function compilePiece(text: string, minEditLength: number): CompiledPiece {
  // UTF-16 code units, like the matcher (Han characters outside the BMP are rare in scripts).
  const characters = text.split('');
  const length = characters.length;
  const readings = characters.map((character) => pinyinReadings(character));
  const characterBits = new Map<number, number>();
  const readingBits = new Map<number, number>();
  for (let k = 0; k < Math.min(length, 31); k++) {
    const code = text.charCodeAt(k);
    characterBits.set(code, (characterBits.get(code) ?? 0) | (1 << k));
    for (const id of readings[k] as readonly number[])
      readingBits.set(id, (readingBits.get(id) ?? 0) | (1 << k));
  }
  const editBudget = length >= minEditLength ? Math.min(2, Math.floor(length / minEditLength)) : 0;
  const editSeeds: string[] = [];
  for (let part = 0; part <= editBudget && editBudget > 0; part++) {
    editSeeds.push(
      text.slice(
        Math.floor((part * length) / (editBudget + 1)),
        Math.floor(((part + 1) * length) / (editBudget + 1)),
      ),
    );
  }
  return {
    cache: {
      stamp: 0,
      absent: -1,
      scanStart: -1,
      scanned: -1,
      starts: [],
      ranks: [],
      editFrom: 0,
      editLastStart: 0,
      editMatchFrom: 0,
      editTo: -2,
    },
    text,
    editSeeds,
    characterBits,
    readingBits,
    readings,
    protectedMask: characters.map((character) => protectedCharacters.has(character)),
    pinyinBudget: length >= 2 ? Math.max(1, Math.floor(length / 3)) : 0,
    editBudget,
  };
}

/**
 * Expands a phrase's `{a|b}` groups, `{slot}` references and `…` gaps into concrete strings
 * (gaps as a marker). Returns an error message instead when the phrase is malformed.
 */
export function expandPhrase(
  phrase: string,
  slots: Readonly<Record<string, readonly string[]>>,
): string[] | string {
  let expansions = [''];
  let index = 0;
  const source = phrase.replaceAll('...', '…');
  while (index < source.length) {
    const character = source[index] as string;
    if (character === '{') {
      const close = source.indexOf('}', index + 1);
      if (close < 0) return `unclosed "{" at character ${index + 1} of "${phrase}"`;
      const body = source.slice(index + 1, close);
      if (body.includes('{'))
        return `nested "{" at character ${index + 1} of "${phrase}" (groups cannot nest)`;
      let alternatives: readonly string[];
      if (/^[a-z][a-z0-9-]*$/.test(body)) {
        const values = slots[body];
        if (!values) return `unknown slot "{${body}}" in "${phrase}" (declare it under slots)`;
        alternatives = values;
      } else {
        alternatives = body.split('|');
      }
      const next: string[] = [];
      for (const prefix of expansions)
        for (const alternative of alternatives) next.push(prefix + alternative);
      if (next.length > maxExpansions)
        return `"${phrase}" expands to more than ${maxExpansions} phrases; split it`;
      expansions = next;
      index = close + 1;
    } else if (character === '}') {
      return `unmatched "}" at character ${index + 1} of "${phrase}"`;
    } else if (character === '…') {
      // `…` is a gap of up to `gap` characters; `…{n}` up to n; `…{m,n}` between m and n.
      const bounds = /^\{(\d+)(?:,(\d+))?\}/.exec(source.slice(index + 1));
      let marker = '\uE000\uE001';
      if (bounds) {
        const [, first, second] = bounds;
        if (second !== undefined && Number(second) < Number(first)) {
          return `gap "…${bounds[0]}" in "${phrase}" has its maximum below its minimum`;
        }
        marker = `\uE000${second === undefined ? first : `${first},${second}`}\uE001`;
        index += bounds[0].length;
      }
      expansions = expansions.map((prefix) => prefix + marker);
      index++;
    } else {
      expansions = expansions.map((prefix) => prefix + character);
      index++;
    }
  }
  return [...new Set(expansions)];
}
