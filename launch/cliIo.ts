/** Where a command writes: the process's streams, or buffers in tests (runCli is run in-process). */
export interface CliIo {
  /** Normal output (results, help). */
  out(text: string): void;
  /** Diagnostics and errors. */
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};
