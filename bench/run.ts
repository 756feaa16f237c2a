/**
 * Runs every benchmark (`npm run bench`, after the build). Add a benchmark to BENCHES.
 */
import { runDiagnoseBench } from './diagnose';
import { runEngineBench } from './engine';
import { runLambdaBench } from './lambda';
import { runListedObjectsBench } from './listed-objects';
import { runNotifyBench } from './notify';
import { runPreflightBench } from './preflight';
import { runSimulateBench } from './simulate';

/** Every benchmark, by name, in the order they run. */
export const BENCHES: ReadonlyArray<{ name: string; run: () => void | Promise<void> }> = [
  { name: 'engine', run: runEngineBench },
  { name: 'simulate', run: runSimulateBench },
  { name: 'lambda', run: runLambdaBench },
  { name: 'diagnose', run: runDiagnoseBench },
  { name: 'listed objects', run: runListedObjectsBench },
  { name: 'preflight', run: runPreflightBench },
  { name: 'notify', run: runNotifyBench },
];

async function main(): Promise<void> {
  for (const bench of BENCHES) {
    console.log(`# ${bench.name}`);
    await bench.run();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
