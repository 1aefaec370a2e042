// The `tailor` command line: commander program, command registration, and the one place that
// turns errors into a single stderr line and an exit code (never a stack trace).
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/app-config.js';
import { ImportFileError } from '../importer/import-errors.js';
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from './cli-errors.js';
import { registerImportCommand } from './commands/import.command.js';
import { registerTokenCommand } from './commands/token.command.js';
import { registerTrainCommand } from './commands/train.command.js';
import { registerEvaluateCommand } from './commands/evaluate.command.js';
import { registerPruneEventsCommand } from './commands/prune-events.command.js';
import { registerPrecomputeCommand } from './commands/precompute.command.js';
import { registerPersonalizationCommand } from './commands/personalization.command.js';

/** Each command lives in commands/<name>.command.ts and exports `register<Name>Command(program)`. */
export type CommandRegistrar = (program: Command) => void;

// To add a command (e.g. `tailor train`), write commands/train.command.ts and list it here.
export const COMMANDS: CommandRegistrar[] = [
  registerImportCommand,
  registerTrainCommand,
  registerEvaluateCommand,
  registerTokenCommand,
  registerPruneEventsCommand,
  registerPrecomputeCommand,
  registerPersonalizationCommand,
];

export function createProgram(commands: CommandRegistrar[] = COMMANDS): Command {
  const program = new Command('tailor')
    .description('Tailor: personalized recommendations. Import data, train and evaluate models.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of commands) register(program);
  // Every (sub)command throws instead of exiting, so that runCli sees every usage error.
  forEachCommand(program, (c) => c.exitOverride());
  return program;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** Runs the CLI and returns the exit code. */
export async function runCli(argv: string[], io: CliIo = defaultIo, program = createProgram()): Promise<number> {
  forEachCommand(program, (c) => c.configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version output end in a CommanderError too, with exit code 0.
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.stderr(`tailor: ${e.message.replace(/\n\s*/g, ' ')}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof ImportFileError) {
      io.stderr(`tailor: ${e.message}\n`);
      return EXIT_FAILURE;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`tailor: failed: ${message.split('\n')[0]}\n`);
    if (process.env.TAILOR_DEBUG && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    return EXIT_FAILURE;
  }
}

function forEachCommand(c: Command, fn: (c: Command) => void): void {
  fn(c);
  for (const sub of c.commands) forEachCommand(sub, fn);
}
