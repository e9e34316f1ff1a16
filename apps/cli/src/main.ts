import { exitQuietlyOnBrokenPipe, runCli } from './run-cli.js';

exitQuietlyOnBrokenPipe([process.stdout, process.stderr]);
const code = await runCli(process.argv);
// Exit now that the command is done: a handle left open (a database pool, standard input) must not keep `kefu`
// running after it has printed its result. Standard output and error are flushed first.
process.exitCode = code;
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
