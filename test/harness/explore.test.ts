import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, jobOf, scenario, scratch, useFakeAws } from './harness';

const names = [
  ...readdirSync(join(__dirname, '../fixtures/acceptance')),
  ...readdirSync(join(__dirname, '../scenarios')),
]
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

it.each(names)('%s', async (name) => {
  const data = scenario(name);
  const job = jobOf(data.event);
  const aws = await useFakeAws(data.snapshot);
  try {
    const dir = scratch();
    const file = join(dir, 'snapshot.json');
    const rec = join(dir, 'rec.json');
    writeFileSync(file, JSON.stringify(data.snapshot));
    const live = await cli(['diagnose', '--job', job.name, '--job-type', job.kind, '--format', 'json', '--record', rec]);
    const offline = await cli(['diagnose', '--snapshot', file, '--job', job.name, '--job-type', job.kind, '--format', 'json']);
    const replay = await cli(['diagnose', '--snapshot', rec, '--job', job.name, '--job-type', job.kind, '--format', 'json']);
    const out: string[] = [`${name}: live ${live.code} ${live.err.trim()} offline ${offline.code} ${offline.err.trim()} replay ${replay.code} ${replay.err.trim()}`];
    if (live.code === 0 && offline.code === 0) {
      const [l, o] = [JSON.parse(live.out), JSON.parse(offline.out)];
      const r = replay.code === 0 ? JSON.parse(replay.out) : undefined;
      out.push(`  live=offline findings ${JSON.stringify(l.findings) === JSON.stringify(o.findings)} checks ${JSON.stringify(l.checks) === JSON.stringify(o.checks)}`);
      out.push(`  replay=live ${JSON.stringify(r) === JSON.stringify(l)} findings ${JSON.stringify(r?.findings) === JSON.stringify(l.findings)} checks ${JSON.stringify(r?.checks) === JSON.stringify(l.checks)} incomplete ${JSON.stringify(r?.incomplete) === JSON.stringify(l.incomplete)}`);
      out.push(`  live incomplete: ${JSON.stringify(l.incomplete)}`);
      if (r && JSON.stringify(r.incomplete) !== JSON.stringify(l.incomplete)) out.push(`  replay incomplete: ${JSON.stringify(r.incomplete)}`);
      if (JSON.stringify(l.checks) !== JSON.stringify(o.checks)) out.push(`  live checks ${JSON.stringify(l.checks.map((c: {decision: string}) => c.decision))} offline ${JSON.stringify(o.checks.map((c: {decision: string}) => c.decision))}`);
    }
    out.push(`  calls ${aws.calls().length} ${aws.calls().filter((c) => (c.status ?? 0) >= 400).map((c) => `${c.service}:${c.operation}=${c.status}`).join(' ')}`);
    require('node:fs').appendFileSync('/tmp/hx/explore.txt', out.join('\n') + '\n');
  } finally {
    await aws.stop();
  }
});
