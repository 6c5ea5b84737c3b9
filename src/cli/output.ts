/** Where commands print: stdout for results, stderr for progress and errors (swappable in tests). */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is an interactive terminal (progress bars are drawn only then). */
  readonly interactive: boolean;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  interactive: process.stderr.isTTY === true,
};

// `doppel … | head` closes stdout early: that is the reader's choice, not a failure to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});
