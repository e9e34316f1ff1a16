import { readEnvironment } from './env.js';
import { startServer } from './start-server.js';

function startFailure(error: unknown): string {
  const { code, address, port } = error as { code?: string; address?: string; port?: number };
  // The port is bound before the database is opened: a clash touches no data.
  if (code === 'EADDRINUSE')
    return `${address}:${port} is in use by another process; set PORT to a free port`;
  if (code === 'EACCES') return `not allowed to listen on ${address}:${port}; set PORT above 1023`;
  return error instanceof Error ? error.message : String(error);
}

const started = await startServer(readEnvironment()).catch((error: unknown) => {
  console.error(`kefu failed to start: ${startFailure(error)}`);
  process.exit(1);
});

const where =
  started.store.engine === 'pglite'
    ? `embedded PGlite at ${started.store.location}`
    : `PostgreSQL at ${started.store.location}`;
console.log(
  `kefu ready at ${started.url} (dashboard at ${started.url.replace(/graphql$/, '')}) in ${(started.startupMs / 1000).toFixed(2)} s — data: ${where}`,
);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`kefu stopping (${signal})…`);
  await started.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
