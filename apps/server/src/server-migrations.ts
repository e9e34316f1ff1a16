import type { Migration } from '@kefu/runtime';

/**
 * The API's own tables, kept beside the runtime's (ids prefixed `server_`, recorded in the same
 * `kefu_migrations` table), applied with the rest of `kefuMigrations`.
 */
export const serverMigrations: readonly Migration[] = [
  {
    id: 'server_0001_access_log',
    up: `
      create table if not exists access_log (
        id bigserial primary key,
        at timestamptz not null,
        user_id text not null,
        role text not null,
        workflow_id text not null,
        field text not null,
        operation text
      );
      create index if not exists access_log_workflow on access_log (workflow_id, at);
      create index if not exists access_log_user on access_log (user_id, at);
    `,
  },
];
