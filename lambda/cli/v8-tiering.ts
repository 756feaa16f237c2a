/**
 * V8's tiering, tuned for a run of the command line: the process lives for a second or two, and
 * with V8's default budget its optimizing compiler (TurboFan) re-compiles so many functions that
 * compiling takes as many instructions as running them (valgrind on `simulate` with the 5,000
 * generated requests of `npm run bench`: 47% of all instructions in `v8::internal::compiler`).
 * A larger interrupt budget lets a function run longer in the interpreter and the baseline
 * compiler before it is optimized: only the functions that stay hot are, which a long run still
 * gets. Measured on that batch: 7.16 G instructions -> 5.19 G (valgrind), CPU time 1.73 -> 1.34 s
 * (median of 6, interleaved, load 4-5); on 200,000 requests the CPU time is unchanged (17.7-18.6 s
 * either way). Disabling TurboFan's inlining saves as much on the short run but costs a fifth
 * more on the long one. Imported first by bin/cli.ts, before the code it applies to is loaded;
 * the Lambda does not import it.
 * The factor, re-measured once simulate had got faster (15 interleaved runs on requests-5000.json,
 * 2 cores): 8 times the default takes 0.47 s wall (0.52 s CPU), 16 times 0.49 s (0.50 s CPU): the
 * optimizing compiler runs on the other core; on 200,000 requests 7.1-7.3 s against 7.6-8.6 s.
 * Every factor from 4 to 16 is within 10% of the others (4: more CPU for the same wall time).
 * https://nodejs.org/api/v8.html#v8setflagsfromstringflags
 */
import { setFlagsFromString } from 'node:v8';

/** V8's default interrupt budget times 8 (`node --v8-options`: --interrupt-budget=67584). */
const INTERRUPT_BUDGET = 8 * 67_584;

setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
