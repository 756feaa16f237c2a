/**
 * Flag parsing for the commands, on commander (https://github.com/tj/commander.js): each command
 * declares its flags with their meaning, and gets `--help` / `-h` (usage, flags, exit codes, on
 * stdout) and one-line errors for unknown or malformed flags for free.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors';
import type { CommandIO } from './io';

/** The command name, as users type it. */
export const PROGRAM = 'sagemaker-access-doctor';

/** A commander message as one line: no `error:` prefix, a suggestion kept on the same line. */
export function oneLine(message: string): string {
  return message
    .replace(/^error: /, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** The exit codes section of a command's help. */
export function exitCodesHelp(codes: { ok: string; unusable: string; internal?: string }): string {
  return [
    '',
    'Exit codes:',
    `  0  ${codes.ok}`,
    `  2  ${codes.unusable}`,
    '     (one line on stderr naming the problem, no stack trace)',
    `  1  ${codes.internal ?? 'internal error'}`,
    '',
  ].join('\n');
}

/** A command of this program: its usage names the program, excess arguments are refused. */
export function command(name: string): Command {
  return new Command(`${PROGRAM} ${name}`).allowExcessArguments(false).helpOption('-h, --help', 'print this help');
}

/**
 * Parses a command's flags.
 *
 * @returns the flags, or undefined when `--help` was asked for (the help is on stdout then).
 * @throws InputError, one line, for an unknown flag, a flag without its value or an extra argument.
 */
export function parseFlags<T extends object>(
  definition: Command,
  argv: readonly string[],
  io: CommandIO,
): T | undefined {
  definition.exitOverride().configureOutput({
    writeOut: (text) => io.stdout(text),
    // Errors reach the user as one InputError line from the dispatcher, not as commander's text.
    writeErr: () => undefined,
    outputError: () => undefined,
  });
  try {
    definition.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return undefined;
    throw new InputError(`${oneLine(error.message)} (see --help)`, { cause: error });
  }
  return definition.opts<T>();
}
