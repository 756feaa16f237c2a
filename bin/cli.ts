#!/usr/bin/env node
import { main } from '../lambda/cli/main';

// A reader that stops early (`| head`) closes the pipe: that ends the output, it is no error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sagemaker-access-doctor: internal error: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
