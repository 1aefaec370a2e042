#!/usr/bin/env node
// Entry point of `npx tailor ...` (package.json "bin"): every command of the CLI, in the order `--help` lists
// them. It sits in training/ because `train` and `evaluate` are the training job's; the others live in src/cli.
import 'reflect-metadata';
import { createProgram, processIo, runCli } from '../src/cli/program.js';
import { registerImportCommand } from '../src/cli/commands/import.command.js';
import { registerTokenCommand } from '../src/cli/commands/token.command.js';
import { registerPruneEventsCommand } from '../src/cli/commands/prune-events.command.js';
import { registerPrecomputeCommand } from '../src/cli/commands/precompute.command.js';
import { registerPersonalizationCommand } from '../src/cli/commands/personalization.command.js';
import { registerExportCommand } from '../src/cli/commands/export.command.js';
import { registerTrainCommand } from './train.command.js';
import { registerEvaluateCommand } from './evaluate.command.js';

const program = createProgram([
  registerImportCommand,
  registerTrainCommand,
  registerEvaluateCommand,
  registerTokenCommand,
  registerPruneEventsCommand,
  registerPrecomputeCommand,
  registerPersonalizationCommand,
  registerExportCommand,
]);
process.exitCode = await runCli(process.argv.slice(2), processIo, program);
