/** The exit codes of `kefu`; docs/cli.md lists them. */
export const ExitCode = {
  /** Done; every check asked for passed. */
  ok: 0,
  /** Done, but a check failed: a quiz not passed, a kappa below `--min-kappa`, an invalid item file. */
  failure: 1,
  /** Bad usage or input: unknown option, missing file, malformed JSONL, unknown item or quiz id. */
  usage: 2,
  /** The environment failed: the database could not be opened, a backup could not be written. */
  environment: 3,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as one clear message (no stack) and exits with its code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.usage,
    /** Extra lines printed after the message (e.g. every malformed line). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}
