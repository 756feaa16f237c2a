#!/usr/bin/env node
// First: V8's tiering for a short process applies to the code loaded after it.
import '../lambda/cli/v8-tiering';
import { main } from '../lambda/cli/main';

// The AWS SDK warns on every run under Node 20 that its releases from January 2027 need Node 22: a
// banner on stderr that says nothing about the diagnosis. Its documented switch turns it off (the
// user's own setting wins): AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, read by
// https://github.com/aws/aws-sdk-js-v3/blob/main/packages/core/src/submodules/client/emitWarningIfUnsupportedVersion.ts
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
