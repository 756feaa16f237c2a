/**
 * File arguments as the AWS CLI takes them: a path, `file://PATH`, or `-` for standard input.
 * A module of its own, without imports, so that every command can use it at no loading cost.
 */

/** The path a file argument names: `file://PATH` is PATH; `-` is standard input (fd 0). */
export const pathOf = (argument: string): string | number =>
  argument === '-' ? 0 : argument.startsWith('file://') ? argument.slice('file://'.length) : argument;

/** How messages name the file an argument names. */
export const nameOf = (argument: string): string => (argument === '-' ? 'standard input' : String(pathOf(argument)));
