/**
 * The command line's own answers: `--help` / `-h` on every command (usage, the meaning of each
 * flag, exit codes; stdout, exit 0), `--version`, and one line on stderr with exit 2 for an
 * unknown command or flag. Without a command, the usage goes to stderr, exit 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandIO } from '../../lambda/cli/io';
import { main } from '../../lambda/cli/main';

const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string })
  .version;

function capture(): CommandIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    isTTY: false,
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

async function run(...argv: string[]) {
  const io = capture();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('the command line', () => {
  it.each([['--help'], ['-h'], ['help']])(
    '%s: the program usage, its commands and exit codes on stdout, exit 0',
    async (flag) => {
      const { code, out, err } = await run(flag);
      expect(code).toBe(0);
      expect(err).toBe('');
      expect(out).toContain('Usage: sagemaker-access-doctor <command>');
      expect(out).toMatch(/diagnose[\s\S]*simulate/);
      expect(out).toMatch(/Exit codes:\n {2}0 [\s\S]* {2}2 [\s\S]* {2}1 /);
    },
  );

  it.each([
    ['simulate', ['--requests <file>', '--format <format>']],
    [
      'diagnose',
      [
        '--snapshot <file>',
        '--event <file>',
        '--job <name>',
        '--job-type <type>',
        '--format <format>',
        '--region <region>',
        '--profile <profile>',
        '--cross-account-role <name>',
        '--record <file>',
      ],
    ],
  ])('%s --help / -h / help: its usage, every flag with its meaning, exit codes', async (command, flags) => {
    for (const argv of [
      [command, '--help'],
      [command, '-h'],
      ['help', command],
    ]) {
      const { code, out, err } = await run(...argv);
      expect(code).toBe(0);
      expect(err).toBe('');
      expect(out).toContain(`Usage: sagemaker-access-doctor ${command} --`);
      for (const flag of flags) expect(out).toMatch(new RegExp(`${flag.replace(/[<>]/g, '.')} +\\S`));
      expect(out).toMatch(/Exit codes:\n {2}0 [\s\S]* {2}2 [\s\S]* {2}1 /);
    }
  });

  it('--version prints the package version, exit 0', async () => {
    const { code, out, err } = await run('--version');
    expect([code, out, err]).toEqual([0, `${VERSION}\n`, '']);
  });

  it('without a command: the usage on stderr, nothing on stdout, exit 2', async () => {
    const { code, out, err } = await run();
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('Usage: sagemaker-access-doctor <command>');
  });

  it.each([
    [['diagnoze'], /^sagemaker-access-doctor: unknown command 'diagnoze'/],
    [['--bogus'], /^sagemaker-access-doctor: unknown option '--bogus'/],
    [['help', 'nope'], /unknown command 'nope'/],
    [['simulate', '--requests'], /^sagemaker-access-doctor simulate: option '--requests <file>' argument missing/],
    [['simulate', '--requests', 'r.json', 'extra'], /^sagemaker-access-doctor simulate: too many arguments/],
    [['diagnose', '--evnt', 'e.json'], /^sagemaker-access-doctor diagnose: unknown option '--evnt'/],
  ])('%j: one line on stderr, exit 2', async (argv, message) => {
    const { code, out, err } = await run(...argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });
});
