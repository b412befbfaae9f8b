/** Where a command writes, so that tests can run commands in-process and read their output. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly color: boolean;
  setExitCode(code: number): void;
}

export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    setExitCode: (c) => {
      process.exitCode = c;
    },
  };
}
