/** Where an authored shape or a response is wrong: a dotted path and what is wrong there. */
export interface ScoringIssue {
  /** Dotted path of the offending field, e.g. `options.2.id`; empty for the whole value. */
  path: string;
  message: string;
}

/**
 * Every error the item, attempt, scorecard and assessment code throws on purpose. It carries a
 * stable `code` (callers such as GraphQL and the CLI map it) and the issues found. Nothing is graded
 * or changed when it is thrown.
 */
export class ScoringInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues: ScoringIssue[] = [],
  ) {
    super(issues.length ? `${message}: ${formatIssues(issues)}` : message);
    this.name = new.target.name;
  }
}

/** An authored item (YAML or JSON) does not have the shape its schema asks for. */
export class InvalidItem extends ScoringInputError {
  constructor(issues: ScoringIssue[], what = 'item') {
    super('INVALID_ITEM', `Invalid ${what}`, issues);
  }
}

/** A response does not fit the item it answers (wrong type, unknown option, duplicate pick …). */
export class InvalidResponse extends ScoringInputError {
  constructor(
    readonly itemId: string,
    issues: ScoringIssue[],
  ) {
    super('INVALID_RESPONSE', `Invalid response to item "${itemId}"`, issues);
  }
}

/** An attempt was given more tries than allowed, or a try after the item was already answered correctly. */
export class AttemptClosed extends ScoringInputError {
  constructor(
    readonly itemId: string,
    reason: string,
  ) {
    super('ATTEMPT_CLOSED', `Attempt at item "${itemId}" is closed: ${reason}`);
  }
}

/** An authored scorecard or a review does not have the expected shape or does not fit its scorecard. */
export class InvalidScorecard extends ScoringInputError {
  constructor(issues: ScoringIssue[], what = 'scorecard') {
    super(what === 'review' ? 'INVALID_REVIEW' : 'INVALID_SCORECARD', `Invalid ${what}`, issues);
  }
}

/** A review names a scorecard id/version the library does not hold. */
export class ScorecardVersionNotFound extends ScoringInputError {
  constructor(
    readonly scorecardId: string,
    readonly version: number,
    readonly known: number[],
  ) {
    super(
      'SCORECARD_VERSION_NOT_FOUND',
      `No scorecard "${scorecardId}" version ${version} (known versions: ${known.length ? known.join(', ') : 'none'})`,
    );
  }
}

/** Statistics asked of data that cannot give them (ragged matrix, too few raters, non-finite value …). */
export class InvalidStatisticsInput extends ScoringInputError {
  constructor(message: string) {
    super('INVALID_STATISTICS_INPUT', message);
  }
}

function formatIssues(issues: ScoringIssue[]): string {
  return issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
}

/**
 * Turns zod issues into scoring issues (dotted paths). An unknown key that is not a plain
 * identifier is almost always YAML splitting unquoted text at a comma (`{ text: 收到,采集 }`), so
 * the message says to quote the text.
 */
export function toScoringIssues(
  issues: readonly {
    path: readonly PropertyKey[];
    message: string;
    code?: string;
    keys?: readonly string[];
  }[],
): ScoringIssue[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const splitText =
      issue.code === 'unrecognized_keys' && (issue.keys ?? []).some((key) => !/^[A-Za-z_][\w-]*$/.test(key));
    return {
      path,
      message: splitText
        ? `${issue.message} (YAML split the text at a comma: put quotes around text that contains ",")`
        : issue.message,
    };
  });
}
