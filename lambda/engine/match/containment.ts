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
 * The NFA of a pattern: state `i` means "the first i tokens are consumed". A state set is an
 * ascending list, closed under the empty match of `*`. `marks` is scratch space of one slot per
 * state, so that a step allocates only its result.
 */
function collect(tokens: Tokens, marks: Uint8Array): number[] {
  const states: number[] = [];
  for (let state = 0; state <= tokens.length; state++) {
    if (marks[state] === 0) continue;
    states.push(state);
    // A `*` may match the empty run: its state also stands at the next token.
    if (state < tokens.length && tokens[state] === WILDCARD.anyRun) marks[state + 1] = 1;
  }
  return states;
}

function startStates(tokens: Tokens): number[] {
  const marks = new Uint8Array(tokens.length + 1);
  marks[0] = 1;
  return collect(tokens, marks);
}

function step(side: PatternSide, states: readonly number[], symbol: number, marks: Uint8Array): number[] {
  marks.fill(0);
  const { tokens } = side;
  for (const state of states) {
    if (state >= tokens.length) continue;
    const token = tokens[state];
    if (token === WILDCARD.anyRun) marks[state] = 1;
    else if (accepts(side, token, symbol)) marks[state + 1] = 1;
  }
  return collect(tokens, marks);
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
  const startA = startStates(a.tokens);
  const startB = startStates(b.tokens);
  const marksA = new Uint8Array(a.tokens.length + 1);
  const marksB = new Uint8Array(b.tokens.length + 1);
  const seen = new Set<string>([`${startA.join(',')}|${startB.join(',')}`]);
  const queue: [number[], number[]][] = [[startA, startB]];
  for (let head = 0; head < queue.length; head++) {
    const [sa, sb] = queue[head];
    if (stop(sa, sb)) return true;
    if (prune(sa, sb)) continue;
    for (const symbol of nextSymbols(a, sa, b, sb)) {
      const na = step(a, sa, symbol, marksA);
      const nb = step(b, sb, symbol, marksB);
      const key = `${na.join(',')}|${nb.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push([na, nb]);
    }
  }
  return false;
}

/**
 * Removes the literal prefix and suffix both patterns share, which every string of both holds
 * (an ARN's partition, service, bucket ...): the automata then only explore what differs.
 * Returns undefined when the two literals disagree at some position: then no string can be
 * matched by both, and so `inner` (whose language is never empty) is not covered either.
 * Only for sides that compare letters the same way.
 */
function trimShared(a: PatternSide, b: PatternSide): [PatternSide, PatternSide] | undefined {
  const same = (x: number, y: number): boolean => x === y || (a.ignoreCase && foldCode(x) === foldCode(y));
  let start = 0;
  let endA = a.tokens.length;
  let endB = b.tokens.length;
  while (start < endA && start < endB && a.tokens[start] >= 0 && b.tokens[start] >= 0) {
    if (!same(a.tokens[start], b.tokens[start])) return undefined;
    start++;
  }
  while (endA > start && endB > start && a.tokens[endA - 1] >= 0 && b.tokens[endB - 1] >= 0) {
    if (!same(a.tokens[endA - 1], b.tokens[endB - 1])) return undefined;
    endA--;
    endB--;
  }
  return [
    { tokens: a.tokens.slice(start, endA), ignoreCase: a.ignoreCase },
    { tokens: b.tokens.slice(start, endB), ignoreCase: b.ignoreCase },
  ];
}

/** Trims both sides when they compare letters alike; `null` when their literals disagree. */
function trimmed(a: PatternSide, b: PatternSide): [PatternSide, PatternSide] | null {
  if (a.ignoreCase !== b.ignoreCase) return [a, b];
  return trimShared(a, b) ?? null;
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
export function patternCovers(outerSide: PatternSide, innerSide: PatternSide): boolean {
  const sides = trimmed(outerSide, innerSide);
  if (sides === null) return false;
  const [outer, inner] = sides;
  const counterexample = explore(
    outer,
    inner,
    (so, si) => si.length > 0 && (so.length === 0 || (acceptsEnd(inner, si) && !acceptsEnd(outer, so))),
    (_so, si) => si.length === 0,
  );
  return !counterexample;
}

/** Whether some string is matched by both patterns (language intersection is not empty). */
export function patternsOverlap(sideA: PatternSide, sideB: PatternSide): boolean {
  const sides = trimmed(sideA, sideB);
  if (sides === null) return false;
  const [a, b] = sides;
  return explore(
    a,
    b,
    (sa, sb) => acceptsEnd(a, sa) && acceptsEnd(b, sb),
    (sa, sb) => sa.length === 0 || sb.length === 0,
  );
}
