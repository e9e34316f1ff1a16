import type { Runtime } from '@kefu/runtime';

export type Role = 'agent' | 'supervisor' | 'manager' | 'director' | 'trainer';

export interface RequestActor {
  userId: string;
  role: Role;
}

/** What every resolver gets: the runtime, who is asking, and the clock that stamps their events. */
export interface KefuContext {
  runtime: Runtime;
  actor: RequestActor;
  now: () => Date;
}
