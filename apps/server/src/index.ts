export type { KefuContext, RequestActor, Role } from './context.js';
export { type Environment, readEnvironment } from './env.js';
export { schema } from './schema/index.js';
export { type StartedServer, startServer } from './start-server.js';
export { createKefuYoga, type KefuYogaOptions } from './yoga.js';
