#!/usr/bin/env node
import { main } from '../lambda/cli/main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sagemaker-access-doctor: internal error: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
