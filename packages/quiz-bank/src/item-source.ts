import { readFileSync } from 'node:fs';
import {
  InvalidItem,
  type Item,
  type LocatedIssue,
  parseItem,
  parseYamlSource,
  YamlValidationError,
} from '@kefu/scoring';
import { stringify } from 'yaml';
import type { QuizBank } from './load-bank.js';

/**
 * Parses and validates the YAML of one item (a mapping with `id`, `type` …, as one entry of an items file is
 * written) the way the bank loader does: a script item's rubric is compiled and its model answer checked.
 * Throws `YamlValidationError` listing every problem at its line and column; returns nothing unless valid.
 */
export function parseItemSource(text: string, file = 'item.yaml'): Item {
  const source = parseYamlSource(text, file);
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    throw new YamlValidationError([source.locate('', 'an item is a mapping with id, type, prompt …')]);
  }
  try {
    return parseItem(source.value);
  } catch (error) {
    if (error instanceof InvalidItem) {
      throw new YamlValidationError(
        error.issues.map((issue): LocatedIssue => source.locate(issue.path ?? '', issue.message)),
      );
    }
    throw error;
  }
}

/**
 * The YAML of one item of a bank, as a trainer edits it: the entry of its items file with anchors from `shared:`
 * written out, so the text stands alone and `parseItemSource` reads it back to the same item. Undefined when the
 * bank has no such item (or it was not loaded from a file).
 */
export function itemSourceOf(bank: QuizBank, itemId: string): string | undefined {
  const location = bank.locationOf(itemId);
  if (!location) return undefined;
  const value = parseYamlSource(readFileSync(location.file, 'utf8'), location.file).value as {
    items?: Array<{ id?: unknown }>;
  };
  const entry = value.items?.find((candidate) => candidate.id === itemId);
  return entry ? stringify(entry, { lineWidth: 0 }) : undefined;
}
