import { type Database, KefuError, type Migration, migrateOnce, parsePayload } from '@kefu/runtime';
import type { ColumnType, Kysely } from 'kysely';
import { type Roster, type RosterInput, rosterSchema } from './roster-types.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** One team's roster, as saved: the whole definition as JSON, versioned for optimistic concurrency. */
export interface RosterRostersTable {
  team: string;
  definition: ColumnType<Roster, string, string>;
  version: number;
  updated_at: Timestamp;
  updated_by: string;
}

/** The roster tables (migration `roster_0001_rosters`); use as `Kysely<Database & RosterTables>`. */
export interface RosterTables {
  roster_rosters: RosterRostersTable;
}

export const rosterTables: readonly Migration[] = [
  {
    id: 'roster_0001_rosters',
    up: `
      create table roster_rosters (
        team text primary key,
        definition jsonb not null,
        version integer not null,
        updated_at timestamptz not null,
        updated_by text not null
      );`,
  },
];

/** A saved roster with who saved it, when, and its version (1 for the first save). */
export interface SavedRoster {
  roster: Roster;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** No roster is saved for the team. */
export class RosterNotFound extends KefuError {
  constructor(readonly team: string) {
    super('ROSTER_NOT_FOUND', `No roster for team "${team}"`, { team });
  }
}

/** The roster changed since the version the caller read; nothing was written. */
export class RosterVersionConflict extends KefuError {
  constructor(
    readonly team: string,
    readonly expected: number,
    readonly actual: number | undefined,
  ) {
    super(
      'ROSTER_VERSION_CONFLICT',
      `The roster of team "${team}" is at version ${actual ?? 'none'}, not ${expected}: reload it and try again`,
      { team, expected, actual: actual ?? null },
    );
  }
}

/** Validates a roster, or throws `InvalidPayload` naming each bad field. */
export function parseRoster(input: unknown): Roster {
  return parsePayload(rosterSchema, input);
}

export interface RosterStore {
  /** Saves a team's whole roster (validated first: `InvalidPayload`, nothing written). `expectedVersion` guards lost updates. */
  save(
    input: RosterInput,
    options: { by: string; at: string; expectedVersion?: number | undefined },
  ): Promise<SavedRoster>;
  get(team: string): Promise<SavedRoster | undefined>;
  list(): Promise<SavedRoster[]>;
  /** Deletes a team's roster; `RosterNotFound` when there is none. */
  remove(team: string): Promise<void>;
}

/** Applies the roster tables once per database handle. */
export function migrateRosterStore(db: Kysely<Database>): Promise<void> {
  return migrateOnce(db, rosterTables).then(() => undefined);
}

function toSaved(row: {
  definition: Roster | string;
  version: number;
  updated_at: Date | string;
  updated_by: string;
}): SavedRoster {
  const definition = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
  return {
    roster: rosterSchema.parse(definition),
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
    updatedBy: row.updated_by,
  };
}

/** Rosters on the `@kefu/runtime` database (PGlite or PostgreSQL); the tables are applied before the first operation. */
export function createRosterStore(store: { db: Kysely<Database> }): RosterStore {
  const db = store.db as unknown as Kysely<Database & RosterTables>;
  const ready = migrateRosterStore(store.db);
  // A failure surfaces at the first operation that waits for the tables, not as an unhandled rejection.
  ready.catch(() => undefined);
  return {
    async save(input, { by, at, expectedVersion }) {
      const roster = parseRoster(input);
      await ready;
      return db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom('roster_rosters')
          .select('version')
          .where('team', '=', roster.team)
          .forUpdate()
          .executeTakeFirst();
        if (expectedVersion !== undefined && current?.version !== expectedVersion) {
          throw new RosterVersionConflict(roster.team, expectedVersion, current?.version);
        }
        const version = (current?.version ?? 0) + 1;
        const values = {
          definition: JSON.stringify(roster),
          version,
          updated_at: at,
          updated_by: by,
        };
        await trx
          .insertInto('roster_rosters')
          .values({ team: roster.team, ...values })
          .onConflict((conflict) => conflict.column('team').doUpdateSet(values))
          .execute();
        return { roster, version, updatedAt: new Date(at).toISOString(), updatedBy: by };
      });
    },
    async get(team) {
      await ready;
      const row = await db
        .selectFrom('roster_rosters')
        .selectAll()
        .where('team', '=', team)
        .executeTakeFirst();
      return row ? toSaved(row) : undefined;
    },
    async list() {
      await ready;
      const rows = await db.selectFrom('roster_rosters').selectAll().orderBy('team').execute();
      return rows.map(toSaved);
    },
    async remove(team) {
      await ready;
      const result = await db.deleteFrom('roster_rosters').where('team', '=', team).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw new RosterNotFound(team);
    },
  };
}
