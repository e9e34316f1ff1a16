import { CommanderError } from 'commander';
import { CliError, ExitCode } from './cli-error.js';
import { createProgram } from './create-program.js';

function applyExitOverride(command: ReturnType<typeof createProgram>): void {
  command.exitOverride();
  for (const sub of command.commands) applyExitOverride(sub);
}

/**
 * When whoever reads kefu's output stops reading (`kefu db --help | head -1`), the next write fails with EPIPE,
 * which Node reports as an unhandled 'error' event with a stack trace. Like a command killed by SIGPIPE, kefu then
 * stops quietly instead: nobody is left to read anything more. It exits with the code it has so far (0 for help).
 */
export function exitQuietlyOnBrokenPipe(streams: readonly NodeJS.WritableStream[]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok);
    });
  }
}

/** Runs `kefu` with `argv` (node, script, ...arguments) and returns the exit code; never throws. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  applyExitOverride(program);
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return ExitCode.ok;
      }
      // commander has printed the message already
      return ExitCode.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`kefu: ${error.message}\n`);
      for (const line of error.details) process.stderr.write(`  ${line}\n`);
      return error.exitCode;
    }
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) {
      // a typed KefuError / ScoringInputError: bad input
      process.stderr.write(`kefu: ${message}\n`);
      return ExitCode.usage;
    }
    process.stderr.write(
      `kefu: unexpected error: ${error instanceof Error ? (error.stack ?? message) : message}\n`,
    );
    return ExitCode.failure;
  }
}
