import { once } from 'node:events';

/** Where a command writes: injectable so that tests capture the output. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal: `--format` defaults to text, colour is allowed. */
  isTTY: boolean;
  /** Resolves once stdout has taken what was written (a command that streams waits on it). */
  drained?(): Promise<void>;
}

export const processIO: CommandIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  drained: async () => {
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  },
};

/**
 * Whether to print colour: on a terminal, unless `NO_COLOR` is set to anything but the empty
 * string (https://no-color.org).
 */
export const colorOf = (io: CommandIO, env: NodeJS.ProcessEnv = process.env): boolean => io.isTTY && !env.NO_COLOR;
