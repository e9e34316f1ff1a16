import { isMap, isNode, isPair, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { ScoringInputError, type ScoringIssue } from '../items/scoring-input-error.js';

/** An issue pinned to a place in a YAML file (1-based line and column). */
export interface LocatedIssue extends ScoringIssue {
  file: string;
  line: number;
  column: number;
}

/** A YAML file that is malformed or does not validate. Each issue reads `file:line:column: path: message`. */
export class YamlValidationError extends ScoringInputError {
  constructor(readonly located: LocatedIssue[]) {
    const shown = located.slice(0, 20).map(formatLocatedIssue);
    if (located.length > 20) shown.push(`… and ${located.length - 20} more`);
    super('INVALID_YAML', `Invalid YAML:\n${shown.join('\n')}`);
  }
}

export function formatLocatedIssue(issue: LocatedIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/** A parsed YAML file that remembers where every value came from. */
export interface YamlSource {
  readonly file: string;
  readonly value: unknown;
  /** Finds the position of a dotted path (`items.2.rubric.concepts.0.phrases`), or the nearest parent's. */
  locate(path: string | readonly (string | number)[], message: string): LocatedIssue;
}

/**
 * Parses YAML text keeping node ranges (via the `yaml` package's `LineCounter`), so validation
 * issues found on the plain value can be pointed at file:line:column. Syntax errors throw
 * `YamlValidationError` at once. Anchors, aliases and `<<` merge keys are supported.
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, merge: true, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new YamlValidationError(
      document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return {
          file,
          line: position.line,
          column: position.col,
          path: '',
          message: error.message.split('\n')[0] ?? error.message,
        };
      }),
    );
  }
  const value = document.toJS({ maxAliasCount: 1000 }) as unknown;
  const locate = (path: string | readonly (string | number)[], message: string): LocatedIssue => {
    const segments = typeof path === 'string' ? (path === '' ? [] : path.split('.')) : path.map(String);
    let node: unknown = document.contents;
    let best: Node | undefined = isNode(node) ? node : undefined;
    for (const segment of segments) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find(
          (candidate) =>
            isPair(candidate) &&
            String((candidate.key as { value?: unknown })?.value ?? candidate.key) === segment,
        );
        next = pair?.value ?? (pair && isNode(pair.key) ? pair.key : undefined);
      } else if (isSeq(node)) {
        next = node.items[Number(segment)];
      } else {
        break;
      }
      if (!isNode(next)) break;
      node = next;
      best = next;
    }
    const offset = best?.range?.[0] ?? 0;
    const position = lineCounter.linePos(offset);
    return { file, line: position.line, column: position.col, path: segments.join('.'), message };
  };
  return { file, value, locate };
}
