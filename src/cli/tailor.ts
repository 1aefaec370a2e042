#!/usr/bin/env node
// Entry point of `npx tailor ...` (package.json "bin"). Commands: see program.ts.
import 'reflect-metadata';
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2));
