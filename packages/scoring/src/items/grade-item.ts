import { z } from 'zod';
import { gradeScriptAnswer, type ScriptGrade } from '../rubric/grade-script-answer.js';
import {
  type CompiledScriptItem,
  compileScriptItem,
  type ScriptItem,
  scriptItemGrade,
  scriptItemSchema,
} from '../rubric/script-item.js';
import { ensureResponse } from './ensure-item.js';
import { gradeMatching } from './grade-matching.js';
import { gradeMultipleChoice } from './grade-multiple-choice.js';
import { gradeOrdering } from './grade-ordering.js';
import { gradeSingleChoice } from './grade-single-choice.js';
import type { ItemGrade, ItemType } from './item-grade.js';
import {
  type ItemResponse,
  itemResponseSchema,
  matchingItemSchema,
  multipleChoiceItemSchema,
  type ObjectiveItem,
  type ObjectiveItemInput,
  orderingItemSchema,
  singleChoiceItemSchema,
} from './item-schemas.js';
import { InvalidItem, InvalidResponse, toScoringIssues } from './scoring-input-error.js';

/**
 * Any authored item: the four objective types and script answers (the script item shape and its
 * rubric belong to the rubric module; `parseItem` also compiles the rubric and checks the model answer).
 */
export const itemSchema = z.discriminatedUnion('type', [
  singleChoiceItemSchema,
  multipleChoiceItemSchema,
  orderingItemSchema,
  matchingItemSchema,
  scriptItemSchema,
]);

/** A validated item; script items come back compiled. */
export type Item = ObjectiveItem | CompiledScriptItem;
/** Any item as authored (defaults may be left out); a script item may already be compiled. */
export type ItemInput = ObjectiveItemInput | ScriptItem | CompiledScriptItem;

/** The grade of a script answer: the common item grade plus the rubric's full explanation. */
export interface ScriptItemGrade extends ItemGrade {
  itemType: 'script';
  script: ScriptGrade;
}

const itemTypes: readonly ItemType[] = ['single-choice', 'multiple-choice', 'ordering', 'matching', 'script'];

/**
 * Validates any authored item (parsed YAML or JSON), filling defaults; a script item's rubric is
 * compiled and its model answer checked. Throws `InvalidItem` naming each bad field.
 */
export function parseItem(input: unknown): Item {
  const result = itemSchema.safeParse(input);
  if (!result.success) throw new InvalidItem(toScoringIssues(result.error.issues));
  if (result.data.type === 'script') return compileScriptItem(input);
  return result.data;
}

const compiledItems = new WeakMap<object, CompiledScriptItem>();

function compiledScriptItem(item: ScriptItem | CompiledScriptItem): CompiledScriptItem {
  if ('compiled' in item && item.compiled) return item as CompiledScriptItem;
  const cached = compiledItems.get(item);
  if (cached) return cached;
  const compiled = compileScriptItem(item);
  compiledItems.set(item, compiled);
  return compiled;
}

/**
 * Grades any response to any item, delegating by item type: single and multiple choice, ordering,
 * matching, and script answers (to the rubric matcher, `gradeScriptAnswer`). The response's `type`
 * must match the item's. Bad items throw `InvalidItem`, bad responses `InvalidResponse`.
 */
export function gradeItem(item: ScriptItem | CompiledScriptItem, response: ItemResponse): ScriptItemGrade;
export function gradeItem(item: ItemInput, response: ItemResponse): ItemGrade;
export function gradeItem(item: ItemInput, responseInput: ItemResponse): ItemGrade {
  const type = item && typeof item === 'object' ? (item as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !itemTypes.includes(type as ItemType)) {
    throw new InvalidItem([{ path: 'type', message: `must be one of ${itemTypes.join(', ')}` }]);
  }
  const itemId = typeof item.id === 'string' ? item.id : '';
  const response = ensureResponse(itemId, itemResponseSchema, responseInput);
  if (response.type !== item.type) {
    throw new InvalidResponse(itemId, [
      { path: 'type', message: `a ${response.type} response cannot answer a ${String(item.type)} item` },
    ]);
  }
  switch (item.type) {
    case 'single-choice':
      return gradeSingleChoice(item, response as Extract<ItemResponse, { type: 'single-choice' }>);
    case 'multiple-choice':
      return gradeMultipleChoice(item, response as Extract<ItemResponse, { type: 'multiple-choice' }>);
    case 'ordering':
      return gradeOrdering(item, response as Extract<ItemResponse, { type: 'ordering' }>);
    case 'matching':
      return gradeMatching(item, response as Extract<ItemResponse, { type: 'matching' }>);
    case 'script':
      return gradeScript(item as ScriptItem, (response as Extract<ItemResponse, { type: 'script' }>).answer);
    default:
      throw new InvalidItem([
        { path: 'type', message: `unknown item type "${String((item as { type: unknown }).type)}"` },
      ]);
  }
}

function gradeScript(item: ScriptItem | CompiledScriptItem, answer: string): ScriptItemGrade {
  const compiled = compiledScriptItem(item);
  const script = gradeScriptAnswer(compiled.compiled, answer);
  const grade = scriptItemGrade(compiled.id, script);
  return {
    ...grade,
    itemType: 'script',
    feedback: [...grade.feedback, ...(compiled.explanation ? [compiled.explanation] : [])],
    answerFeedback: compiled.explanation ? [compiled.explanation] : [],
    script,
  };
}
