import { InvalidStatisticsInput } from '../items/scoring-input-error.js';

/** Rating every agent skill and every item starts from. */
export const defaultEloRating = 1500;
/** How far one result moves a rating. */
export const defaultEloKFactor = 32;

/**
 * Elo's expected score of a player rated `rating` against one rated `opponentRating`:
 * E = 1 / (1 + 10^((opponent − rating) / 400)). For an agent answering an item, the item's rating is
 * its difficulty.
 */
export function eloExpectedScore(rating: number, opponentRating: number): number {
  return 1 / (1 + 10 ** ((opponentRating - rating) / 400));
}

export interface EloUpdate {
  agentRating: number;
  itemRating: number;
  expectedScore: number;
  /** How much the agent's rating moved: K × (score − expected). */
  change: number;
}

/**
 * One Elo update after an agent scored `score` (in [0, 1]) on an item: the agent gains
 * K × (score − E), the item loses `itemKFactor` × (score − E) (default: the same K; 0 keeps item
 * ratings fixed).
 */
export function updateElo(input: {
  agentRating: number;
  itemRating: number;
  score: number;
  kFactor?: number;
  itemKFactor?: number;
}): EloUpdate {
  const { agentRating, itemRating, score } = input;
  const kFactor = input.kFactor ?? defaultEloKFactor;
  const itemKFactor = input.itemKFactor ?? kFactor;
  for (const [name, value] of Object.entries({ agentRating, itemRating, kFactor, itemKFactor })) {
    if (!Number.isFinite(value)) throw new InvalidStatisticsInput(`${name} must be a finite number`);
  }
  if (!(score >= 0 && score <= 1)) throw new InvalidStatisticsInput(`score must be in [0, 1] (got ${score})`);
  const expectedScore = eloExpectedScore(agentRating, itemRating);
  const change = kFactor * (score - expectedScore);
  return {
    agentRating: agentRating + change,
    itemRating: itemRating - itemKFactor * (score - expectedScore),
    expectedScore,
    change,
  };
}

export interface EloEntry {
  rating: number;
  results: number;
}

/** Elo ratings per agent per skill, and per item. Plain data: store it as JSON. */
export interface EloLedger {
  agents: Record<string, Record<string, EloEntry>>;
  items: Record<string, EloEntry>;
}

export interface EloResult {
  agentId: string;
  skill: string;
  itemId: string;
  score: number;
}

export function emptyEloLedger(): EloLedger {
  return { agents: {}, items: {} };
}

/**
 * Records one graded result in the ledger and returns a new ledger (the input is not changed). New
 * agents, skills and items start at `initialRating`.
 */
export function recordEloResult(
  ledger: EloLedger,
  result: EloResult,
  options: { kFactor?: number; itemKFactor?: number; initialRating?: number } = {},
): EloLedger {
  const initialRating = options.initialRating ?? defaultEloRating;
  const agentSkills = ledger.agents[result.agentId] ?? {};
  const agent = agentSkills[result.skill] ?? { rating: initialRating, results: 0 };
  const item = ledger.items[result.itemId] ?? { rating: initialRating, results: 0 };
  const update = updateElo({
    agentRating: agent.rating,
    itemRating: item.rating,
    score: result.score,
    ...(options.kFactor === undefined ? {} : { kFactor: options.kFactor }),
    ...(options.itemKFactor === undefined ? {} : { itemKFactor: options.itemKFactor }),
  });
  return {
    agents: {
      ...ledger.agents,
      [result.agentId]: {
        ...agentSkills,
        [result.skill]: { rating: update.agentRating, results: agent.results + 1 },
      },
    },
    items: { ...ledger.items, [result.itemId]: { rating: update.itemRating, results: item.results + 1 } },
  };
}
