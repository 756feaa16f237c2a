import { foldCode } from './fold';
import { WILDCARD, type Tokens } from './tokens';

/** One side of a containment or intersection question: a pattern and how it compares letters. */
export interface PatternSide {
  readonly tokens: Tokens;
  readonly ignoreCase: boolean;
}

/** A symbol standing for every character that no literal at hand can match. */
const OTHER = -3;

/**
 * The symbols worth trying from a pair of state sets: the literals the states can consume next
 * (with their case variants on a case-insensitive side), and OTHER, which stands for every other
 * character since from these states only wildcards accept those, all alike.
 */
function nextSymbols(a: PatternSide, sa: readonly number[], b: PatternSide, sb: readonly number[]): Set<number> {
  const symbols = new Set<number>([OTHER]);
  for (const [side, states] of [
    [a, sa],
    [b, sb],
  ] as const) {
    for (const state of states) {
      const token = side.tokens[state];
      if (token === undefined || token < 0) continue;
      symbols.add(token);
      if (!side.ignoreCase) continue;
      const char = String.fromCharCode(token);
      for (const variant of [char.toLowerCase(), char.toUpperCase()]) {
        if (variant.length === 1) symbols.add(variant.charCodeAt(0));
      }
    }
  }
  return symbols;
}

/** Whether token `token` of `side` accepts `symbol`. */
function accepts(side: PatternSide, token: number, symbol: number): boolean {
  if (token === WILDCARD.anyRun || token === WILDCARD.anyChar) return true;
  if (symbol === OTHER) return false;
  return token === symbol || (side.ignoreCase && foldCode(token) === foldCode(symbol));
}

/**
 * The NFA of a pattern: state `i` means "the first i tokens are consumed". A state set is kept
 * sorted and closed under the empty match of `*`.
 */
function close(tokens: Tokens, states: Set<number>): number[] {
  const out: number[] = [];
  for (const start of states) {
    let state = start;
    out.push(state);
    while (state < tokens.length && tokens[state] === WILDCARD.anyRun) {
      state++;
      out.push(state);
    }
  }
  return [...new Set(out)].sort((x, y) => x - y);
}

function step(side: PatternSide, states: readonly number[], symbol: number): number[] {
  const next = new Set<number>();
  const { tokens } = side;
  for (const state of states) {
    if (state >= tokens.length) continue;
    const token = tokens[state];
    if (token === WILDCARD.anyRun) next.add(state);
    else if (accepts(side, token, symbol)) next.add(state + 1);
  }
  return close(tokens, next);
}

/**
 * Explores the product of both patterns' subset automata, breadth first, each pair of state
 * sets once. `stop` decides from a pair whether the answer is found (returns true) and
 * `prune` whether a pair can be left unexplored.
 */
function explore(
  a: PatternSide,
  b: PatternSide,
  stop: (sa: readonly number[], sb: readonly number[]) => boolean,
  prune: (sa: readonly number[], sb: readonly number[]) => boolean,
): boolean {
  const startA = close(a.tokens, new Set([0]));
  const startB = close(b.tokens, new Set([0]));
  const seen = new Set<string>([`${startA.join(',')}|${startB.join(',')}`]);
  const queue: [number[], number[]][] = [[startA, startB]];
  for (let head = 0; head < queue.length; head++) {
    const [sa, sb] = queue[head];
    if (stop(sa, sb)) return true;
    if (prune(sa, sb)) continue;
    for (const symbol of nextSymbols(a, sa, b, sb)) {
      const na = step(a, sa, symbol);
      const nb = step(b, sb, symbol);
      const key = `${na.join(',')}|${nb.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push([na, nb]);
    }
  }
  return false;
}

const acceptsEnd = (side: PatternSide, states: readonly number[]): boolean =>
  states.length > 0 && states[states.length - 1] === side.tokens.length;

/**
 * Whether every string `inner` matches is matched by `outer` (language containment).
 *
 * Searches for a string that `inner` accepts and `outer` rejects. Every non-empty state set of a
 * pattern can still reach acceptance (the rest of a pattern always matches some string), so a
 * pair where `outer` has no state left already proves the counterexample.
 */
export function patternCovers(outer: PatternSide, inner: PatternSide): boolean {
  const counterexample = explore(
    outer,
    inner,
    (so, si) => si.length > 0 && (so.length === 0 || (acceptsEnd(inner, si) && !acceptsEnd(outer, so))),
    (_so, si) => si.length === 0,
  );
  return !counterexample;
}

/** Whether some string is matched by both patterns (language intersection is not empty). */
export function patternsOverlap(a: PatternSide, b: PatternSide): boolean {
  return explore(
    a,
    b,
    (sa, sb) => acceptsEnd(a, sa) && acceptsEnd(b, sb),
    (sa, sb) => sa.length === 0 || sb.length === 0,
  );
}
