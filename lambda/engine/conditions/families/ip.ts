import { BoundedMemo } from '../../../memo';
import { anyOf, operatorPair, type OperatorDefinition, UNREADABLE, type ValueMatcher } from '../operator';

/** An IPv4 or IPv6 network: its address as 32-bit words (one for IPv4, four for IPv6) and prefix. */
interface Network {
  readonly family: 4 | 6;
  readonly words: readonly number[];
  readonly prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

function parseIPv4(text: string): number | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  let word = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    word = word * 256 + octet;
  }
  return word;
}

/** Reads the 16-bit groups of one side of `::`; an IPv4 tail counts as two groups. */
function groupsOf(text: string, allowIPv4Tail: boolean): number[] | undefined {
  if (text === '') return [];
  const pieces = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (allowIPv4Tail && i === pieces.length - 1 && piece.includes('.')) {
      const v4 = parseIPv4(piece);
      if (v4 === undefined) return undefined;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
    } else if (HEXTET.test(piece)) {
      groups.push(parseInt(piece, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

function parseIPv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const head = groupsOf(halves[0], false);
    const tail = groupsOf(halves[1], true);
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = groupsOf(text, true);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  }
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push(groups[i] * 65536 + groups[i + 1]);
  return words;
}

/**
 * Reads an address or a CIDR block; a bare address is a /32 (IPv4) or /128 (IPv6) network.
 * Host bits set in a CIDR block are ignored (`10.0.0.1/8` is `10.0.0.0/8`).
 */
function parseNetwork(text: string): Network | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const v4 = parseIPv4(address);
  if (v4 !== undefined) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    return prefix > 32 ? undefined : { family: 4, words: [v4], prefix };
  }
  const v6 = parseIPv6(address);
  if (v6 === undefined) return undefined;
  const prefix = prefixText === undefined ? 128 : Number(prefixText);
  return prefix > 128 ? undefined : { family: 6, words: v6, prefix };
}

/** Whether every address of `inner` lies in `outer`. IPv4 and IPv6 never contain each other. */
function networkContains(outer: Network, inner: Network): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  let bits = outer.prefix;
  for (let i = 0; bits > 0; i++, bits -= 32) {
    const mask = bits >= 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if (((outer.words[i] ^ inner.words[i]) & mask) >>> 0 !== 0) return false;
  }
  return true;
}

/** Parsed request addresses, bounded so a long run cannot grow them forever. */
const parsedAddresses = new BoundedMemo<string, Network | null>(1024);

const parseRequestAddress = (text: string): Network | null => parseNetwork(text) ?? null;

/** The request's `aws:SourceIp` repeats across statements and requests: each text is parsed once. */
function requestNetwork(text: string): Network | null {
  return parsedAddresses.get(text, parseRequestAddress);
}

/**
 * `IpAddress` / `NotIpAddress` against IPv4 and IPv6 CIDR blocks; "if you specify an IP address
 * without the associated routing prefix, IAM uses the default prefix value of /32"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress),
 * /128 for IPv6. Blocks are parsed once. A request address that does not parse, or one outside
 * every block when a block does not parse, is undecided (`UNREADABLE`): neither `IpAddress` nor
 * `NotIpAddress` holds (docs/engine.md, "Fail-open review").
 */
function compileIpAddress(policyValues: readonly string[]): ValueMatcher {
  const networks: Network[] = [];
  for (const value of policyValues) {
    const network = parseNetwork(value.trim());
    if (network) networks.push(network);
  }
  const unreadable = networks.length < policyValues.length;
  const within = anyOf(networks, (network, address: Network) => networkContains(network, address));
  return (value) => {
    const address = requestNetwork(value);
    if (address === null) return UNREADABLE;
    return within(address) || (unreadable ? UNREADABLE : false);
  };
}

const [ipAddress, notIpAddress] = operatorPair(compileIpAddress);

export const IP_OPERATORS: Readonly<Record<string, OperatorDefinition>> = {
  IpAddress: ipAddress,
  NotIpAddress: notIpAddress,
};
