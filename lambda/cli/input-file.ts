/**
 * Reads a JSON input file given on the command line: a path, `file://PATH` (the AWS CLI's
 * habit) or `-` (standard input). Any problem is an InputError naming the file and the flag.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors';
import { parseJson } from '../evidence/snapshot/load';
import { nameOf, pathOf } from './file-argument';

/** The file's JSON; `what` names it in messages (`the request file`), `flag` says where it was given. */
export function readJsonArgument(argument: string, what: string, flag: string): unknown {
  const name = nameOf(argument);
  let text: string;
  try {
    text = readFileSync(pathOf(argument), 'utf8');
  } catch (error) {
    throw new InputError(
      `${name}: cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path given to ${flag}`,
    );
  }
  return parseJson(text, name);
}
