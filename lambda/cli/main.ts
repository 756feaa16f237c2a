/**
 * The `sagemaker-access-doctor` command line: dispatches to a command and turns errors into
 * exit codes (README.md, CLI): 0 a result was produced, 2 unusable input (one line on
 * stderr, no stack trace), 1 internal error.
 */
import { InputError } from '../errors';
import { JOB_KINDS } from '../job-kinds';
import { type CommandIO, processIO } from './io';

type Command = (argv: string[], io: CommandIO) => Promise<number>;

// Commands are loaded on demand: `simulate` must not pay for the diagnosis or the AWS SDK.
const COMMANDS: Record<string, () => Promise<Command>> = {
  simulate: async () => (await import('./simulate')).runSimulate,
  diagnose: async () => (await import('./diagnose')).runDiagnose,
  preflight: async () => (await import('./preflight')).runPreflight,
};

const USAGE = `usage: sagemaker-access-doctor <command> [options]

commands:
  diagnose --snapshot SNAPSHOT.json --event EVENT.json [--format json|text]
  diagnose --snapshot SNAPSHOT.json --job NAME [--job-type ${JOB_KINDS.join('|')}]
  diagnose --job NAME [--job-type TYPE] [--region R] [--profile P] [--record SNAPSHOT.json]   (live AWS)
  simulate --requests REQUESTS.json [--format json|text]
  preflight --request REQUEST.json --job-type training|processing|transform|tuning|model [--caller ARN] [--snapshot SNAPSHOT.json | live flags]
  preflight --pipeline-definition DEFINITION.json [--pipeline-role ARN] [--snapshot SNAPSHOT.json | live flags]
`;

export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(
      `sagemaker-access-doctor: unknown command '${name}': use 'diagnose', 'simulate' or 'preflight' (see --help)\n`,
    );
    return 2;
  }
  try {
    return await (
      await load()
    )(rest, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`sagemaker-access-doctor ${name}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`sagemaker-access-doctor ${name}: internal error: ${message}\n`);
    if (process.env.ACCESS_DOCTOR_DEBUG) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    return 1;
  }
}
