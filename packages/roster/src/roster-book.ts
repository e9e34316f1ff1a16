import { handOvers } from './hand-overs.js';
import { type LadderSituation, ladderSituation } from './ladder-situation.js';
import { onDuty } from './on-duty.js';
import type { RosterStore, SavedRoster } from './roster-store.js';
import type { HandOver, Roster, RosterInput } from './roster-types.js';
import { workingHours } from './working-hours.js';

/** Who is on duty — `@kefu/roster` implements it; `@kefu/notify` depends only on this shape. */
export interface DutyDirectory {
  /** User ids on duty for a role (e.g. 'supervisor') in a team at a time. */
  onDuty(query: { team: string; role: string; at: string }): Promise<string[]>;
  workingHours(query: { team: string; at: string }): Promise<boolean>;
}

/**
 * The rosters in memory, read synchronously by code that may not wait (a workflow transition), kept current by
 * saving through it and by `refresh()` (a server with several instances refreshes on an interval). A team without
 * a roster has nobody on duty, is never in working hours, and has no ladder situation (the ladder keeps its own).
 */
export interface RosterBook {
  /** The store it reads and writes (versions, who saved what). */
  store: RosterStore;
  /** Reloads every roster from the store. */
  refresh(): Promise<void>;
  /** The roster of a team as last loaded or saved. */
  roster(team: string): Roster | undefined;
  teams(): string[];
  save(
    input: RosterInput,
    options: { by: string; at: string; expectedVersion?: number | undefined },
  ): Promise<SavedRoster>;
  remove(team: string): Promise<void>;
  /** Which ladder levels are staffed at `at` and whether it is working hours; undefined without a roster. */
  ladderSituation(query: {
    team: string | undefined;
    at: string;
    levels: ReadonlyArray<{ name: string; role: string }>;
  }): LadderSituation | undefined;
  handOvers(query: { team: string; from: string; to: string; role?: string | undefined }): HandOver[];
  /** The `DutyDirectory` over this book. */
  directory: DutyDirectory;
}

export function createRosterBook(store: RosterStore): RosterBook {
  let rosters = new Map<string, Roster>();
  const book: RosterBook = {
    store,
    async refresh() {
      rosters = new Map((await store.list()).map(({ roster }) => [roster.team, roster]));
    },
    roster: (team) => rosters.get(team),
    teams: () => [...rosters.keys()].sort(),
    async save(input, options) {
      const saved = await store.save(input, options);
      rosters.set(saved.roster.team, saved.roster);
      return saved;
    },
    async remove(team) {
      await store.remove(team);
      rosters.delete(team);
    },
    ladderSituation({ team, at, levels }) {
      const roster = team === undefined ? undefined : rosters.get(team);
      return roster ? ladderSituation(roster, { at, levels }) : undefined;
    },
    handOvers({ team, ...query }) {
      const roster = rosters.get(team);
      return roster ? handOvers(roster, query) : [];
    },
    directory: {
      onDuty: async ({ team, role, at }) => {
        const roster = rosters.get(team);
        return roster ? onDuty(roster, { role, at }) : [];
      },
      workingHours: async ({ team, at }) => {
        const roster = rosters.get(team);
        return roster ? workingHours(roster, { at }) : false;
      },
    },
  };
  return book;
}
