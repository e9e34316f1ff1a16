import { InvalidScorecard, ScorecardVersionNotFound } from '../items/scoring-input-error.js';
import { parseScorecard, parseScorecardReview, type ReviewScore, scoreReview } from './score-review.js';
import type { Scorecard } from './scorecard-schemas.js';

/**
 * Holds every published version of every scorecard. A version, once added, is frozen: adding the
 * same id and version with different content is refused, so a review always scores against exactly
 * the scorecard its reviewer saw, and publishing version 3 leaves reviews made with version 2 as they were.
 */
export interface ScorecardLibrary {
  /** Validates and publishes a scorecard version; returns the frozen copy. Re-adding an identical version is a no-op. */
  add(scorecard: unknown): Scorecard;
  /** The exact version, or `ScorecardVersionNotFound`. */
  get(scorecardId: string, version: number): Scorecard;
  /** The highest version of a scorecard, or `ScorecardVersionNotFound`. */
  latest(scorecardId: string): Scorecard;
  /** Version numbers held for a scorecard, ascending. */
  versions(scorecardId: string): number[];
  /** Scores a review with the version it recorded. */
  score(review: unknown): ReviewScore;
}

export function createScorecardLibrary(scorecards: readonly unknown[] = []): ScorecardLibrary {
  const byId = new Map<string, Map<number, { scorecard: Scorecard; fingerprint: string }>>();

  const versions = (scorecardId: string) => [...(byId.get(scorecardId)?.keys() ?? [])].sort((a, b) => a - b);
  const get = (scorecardId: string, version: number): Scorecard => {
    const found = byId.get(scorecardId)?.get(version);
    if (!found) throw new ScorecardVersionNotFound(scorecardId, version, versions(scorecardId));
    return found.scorecard;
  };
  const library: ScorecardLibrary = {
    add(input) {
      const scorecard = deepFreeze(structuredClone(parseScorecard(input)));
      const fingerprint = JSON.stringify(scorecard);
      const held = byId.get(scorecard.id) ?? new Map();
      const existing = held.get(scorecard.version);
      if (existing) {
        if (existing.fingerprint === fingerprint) return existing.scorecard;
        throw new InvalidScorecard([
          {
            path: 'version',
            message: `"${scorecard.id}" v${scorecard.version} is already published with other content; publish a new version instead`,
          },
        ]);
      }
      held.set(scorecard.version, { scorecard, fingerprint });
      byId.set(scorecard.id, held);
      return scorecard;
    },
    get,
    latest(scorecardId) {
      const all = versions(scorecardId);
      const newest = all[all.length - 1];
      if (newest === undefined) throw new ScorecardVersionNotFound(scorecardId, 0, []);
      return get(scorecardId, newest);
    },
    versions,
    score(reviewInput) {
      const review = parseScorecardReview(reviewInput);
      return scoreReview(get(review.scorecardId, review.scorecardVersion), review);
    },
  };
  for (const scorecard of scorecards) library.add(scorecard);
  return library;
}

function deepFreeze<Value>(value: Value): Value {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
