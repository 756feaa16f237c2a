/**
 * File arguments as the AWS CLI takes them: a path, `file://PATH`, or `-` for standard input
 * (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html). Every file
 * flag of every command goes through here. Only `node:fs`: every command can use it at no loading
 * cost (`simulate` must not load the snapshot reader); callers parse the text themselves.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors';

/** The path a file argument names: `file://PATH` is PATH; `-` is standard input (fd 0). */
export const pathOf = (argument: string): string | number =>
  argument === '-' ? 0 : argument.startsWith('file://') ? argument.slice('file://'.length) : argument;

/** How messages name the file an argument names. */
export const nameOf = (argument: string): string => (argument === '-' ? 'standard input' : String(pathOf(argument)));

/**
 * The text of the file an argument names; `what` names it in messages (`the event file`), `flag`
 * says where it was given. Unreadable: an InputError naming the file and the flag.
 */
export function readTextArgument(argument: string, what: string, flag: string): string {
  try {
    return readFileSync(pathOf(argument), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(`${nameOf(argument)}: cannot read ${what} (${reason}); check the path given to ${flag}`);
  }
}

/** The path to write an output file argument to (`file://PATH` is PATH; `-` is refused: stdout holds the report). */
export function outputPathOf(argument: string, flag: string): string {
  const path = pathOf(argument);
  if (typeof path === 'number')
    throw new InputError(`${flag} needs a file (a path or file://PATH), not '-': standard output holds the report`);
  return path;
}
