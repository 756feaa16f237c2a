/**
 * The `sagemaker-access-doctor` command line (docs/formats.md, README): dispatches to a command
 * and turns errors into exit codes: 0 a result was produced, 2 unusable input (one line on
 * stderr, no stack trace), 1 internal error. `--help` / `-h` and `--version` answer on stdout,
 * exit 0; without a command, the usage goes to stderr, exit 2.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { AccessDoctorError, InputError } from '../errors';
import { printable } from '../printable';
import { exitCodesHelp, oneLine, PROGRAM } from './command-line';
import { type CommandIO, processIO } from './io';

type Run = (argv: string[], io: CommandIO) => Promise<number>;

// Commands are loaded on demand: `simulate` must not pay for the diagnosis or the AWS SDK. Each
// declares and parses its own flags (and so answers its own --help).
const COMMANDS: Record<string, { summary: string; load: () => Promise<Run> }> = {
  diagnose: {
    summary: 'why a SageMaker job failed with AccessDenied (offline on a snapshot, or live)',
    load: async () => (await import('./diagnose')).runDiagnose,
  },
  simulate: {
    summary: 'evaluate IAM authorization requests offline, one line per request',
    load: async () => (await import('./simulate')).runSimulate,
  },
  preflight: {
    summary: 'check a job before it runs, from its Create* request or a pipeline definition (exit 3: denied)',
    load: async () => (await import('./preflight')).runPreflight,
  },
};

/** The version in the package.json of the installed package (found from this file, in src or dist/). */
function packageVersion(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === PROGRAM) return manifest.version ?? 'unknown';
  }
  return 'unknown';
}

function program(io: CommandIO, dispatch: (name: string, argv: string[]) => Promise<void>): Command {
  const root = new Command(PROGRAM)
    .description('Diagnoses why a SageMaker job failed with AccessDenied, with a faithful IAM policy engine.')
    .usage('<command> [flags]')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .helpCommand(false)
    // Flags after a command's name are that command's.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: () => undefined,
    })
    .addHelpText(
      'after',
      `\nRun '${PROGRAM} <command> --help' for a command's flags.\n` +
        exitCodesHelp({ ok: 'a result was produced', unusable: 'unusable input or wrong flags' }),
    );
  for (const [name, { summary }] of Object.entries(COMMANDS)) {
    root
      .command(name)
      .description(summary)
      .helpOption(false)
      .passThroughOptions()
      .allowUnknownOption()
      .argument('[flags...]')
      .action((flags: string[]) => dispatch(name, flags));
  }
  root
    .command('help')
    .description("print this help, or a command's")
    .argument('[command]')
    .action((name?: string) => (name === undefined ? root.help() : dispatch(name, ['--help'])));
  return root;
}

export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  let code = 0;
  let running: string | undefined;
  const dispatch = async (name: string, flags: string[]) => {
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (command === undefined) {
      throw new InputError(`unknown command '${name}': use ${Object.keys(COMMANDS).join(', ')}`);
    }
    running = name;
    code = await (await command.load())(flags, io);
  };
  try {
    await program(io, dispatch).parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    const where = running === undefined ? PROGRAM : `${PROGRAM} ${running}`;
    // Messages quote what was given (a flag's value, a field of a file): no escape sequence of it reaches the terminal.
    const say = (line: string) => io.stderr(`${printable(line)}\n`);
    if (error instanceof CommanderError) {
      // --help and --version have been answered; without a command the usage is on stderr.
      if (error.exitCode === 0) return 0;
      if (error.code === 'commander.help') return 2;
      say(`${where}: ${oneLine(error.message)} (see --help)`);
      return 2;
    }
    // An expected failure says what is wrong in one line, with its own exit code: 2 for unusable
    // input (InputError), 1 when AWS refused a call the command cannot do without
    // (EvidenceUnavailableError: the line names the call and AWS's error).
    if (error instanceof AccessDoctorError) {
      say(`${where}: ${oneLine(error.message)}`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    say(`${where}: internal error: ${message}`);
    if (process.env.ACCESS_DOCTOR_DEBUG) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    return 1;
  }
}
