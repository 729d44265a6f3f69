/** An error meant for the user: printed as one message, no stack trace, non-zero exit. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
