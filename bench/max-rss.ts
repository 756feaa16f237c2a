/**
 * Preloaded (`node --require`) into a benchmarked process: prints its peak resident set size on
 * stderr as it exits, as the process itself saw it (getrusage), so no external tool is needed.
 */
process.on('exit', () => {
  process.stderr.write(`max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
