import { exitQuietlyOnBrokenPipe, runCli } from './run-cli.js';

exitQuietlyOnBrokenPipe([process.stdout, process.stderr]);
process.exitCode = await runCli(process.argv);
