/**
 * Reading a `simulate` requests file as a stream (docs/engine.md, "Speed"): each request is
 * handed out as soon as its last byte has been read, so memory is bounded by the largest request,
 * not by the file.
 *
 * A byte scanner follows the file's outer structure only (`{"requests": [...]}` or a bare list:
 * where each request starts and ends, tracking strings, escapes and nesting depth) and hands each
 * request's text to `JSON.parse`, which validates and builds it natively. This is four times
 * faster than a streaming JSON parser's byte-by-byte pass, which built every token of the file in
 * JavaScript (measured with `npm run bench`). Every other value of the file (other top-level
 * members) is read with `JSON.parse` too, so a file that is not JSON is refused whatever part of it
 * is malformed. Text that is not UTF-8 is refused too (`JSON.parse` would read a replacement
 * character); a UTF-8 byte order mark at the start is skipped, as editors write one.
 *
 * A caller that keeps what it made of a request member (the compiled documents of
 * `identityPolicies`, for instance) can say so by the member's text: that member is then not
 * parsed again (it reads as `null`), which is most of the work on a batch that repeats the same
 * documents in every request.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { AccessDoctorError } from '../errors';
import { formatPosition, syntaxErrorPosition, type TextPosition } from '../evidence/snapshot/json-text';

/** The text is not JSON (or not UTF-8); the message says what and where (`line L, column C`). */
export class MalformedJsonError extends AccessDoctorError {
  public constructor(message: string) {
    super(message);
    this.name = 'MalformedJsonError';
  }
}

/** The text is JSON, but neither `{"requests": [...]}` nor a list of requests. */
export class RequestsShapeError extends AccessDoctorError {
  public constructor() {
    super('expected {"requests": [...]} or a list of requests at the top level');
    this.name = 'RequestsShapeError';
  }
}

/**
 * Members of a request that the caller may already hold, by their text: for each member of a
 * request object named in `members`, `reuse(name, text)` says whether the caller holds what
 * that text (the member's value exactly as written, as Latin-1 so that any bytes make a key)
 * reads into: the member then reads as `null`. When it does not and the member is a list, the
 * same is asked of each of its elements that is an object or a string, as `name[i]`, and of the
 * object or string elements of an element that is a list, as `name[i][j]` (a document of
 * `identityPolicies`, of a level of `scps`): an element held reads as `null` in its list.
 */
export interface ReuseOptions {
  members: readonly string[];
  reuse: (name: string, text: string) => boolean;
}

/**
 * Options of a stream: members the caller may hold (ReuseOptions), and which requests it reads.
 * `reads(index)` false: the request at that index (0 first) is scanned to its end, as every
 * part of the file is, but neither parsed nor handed out (a share of a file read by several
 * threads, each reading every byte and handling its own requests: docs/engine.md, "Speed").
 */
export interface StreamOptions extends Partial<ReuseOptions> {
  reads?: (index: number) => boolean;
}

/**
 * Following the members of every request costs a little (a tenth of reading a batch of distinct
 * documents, measured with `npm run bench`): when over `REUSE_WINDOW` requests less than
 * `REUSE_MIN_SHARE` of their bytes were held by the caller, members are not followed for the
 * next `REUSE_PAUSE` requests, then tried again.
 */
const REUSE_WINDOW = 128;
const REUSE_MIN_SHARE = 1 / 4;
const REUSE_PAUSE = 2048;

/** The names of `members` by their length in bytes, to find a member's name without decoding it. */
function namesByLength(members: readonly string[]): Map<number, Array<{ name: string; bytes: Buffer }>> {
  const byLength = new Map<number, Array<{ name: string; bytes: Buffer }>>();
  for (const name of members) {
    const bytes = Buffer.from(name, 'utf8');
    byLength.set(bytes.length, [...(byLength.get(bytes.length) ?? []), { name, bytes }]);
  }
  return byLength;
}

/**
 * A request: its value, the texts of the members the caller wanted (none without options, or
 * when a member name of the request is written with escapes), and how deep its text nests (an
 * object or a list is one level: `{"a": [1]}` nests 2), which the scanner counts as it reads.
 */
export type RequestHandler = (request: unknown, memberTexts: ReadonlyMap<string, string>, nesting: number) => void;

// Bytes the scanner tells apart.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LEFT_BRACE = 0x7b;
const RIGHT_BRACE = 0x7d;
const LEFT_BRACKET = 0x5b;
const RIGHT_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

const isSpace = (c: number) => c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;

/** Positions counted up to `offset`: the line, where it starts, its UTF-8 continuation bytes before `offset`. */
interface Cursor {
  offset: number;
  line: number;
  lineStart: number;
  continuations: number;
}

/** Where the scanner is between values (outside any value it is reading). */
const enum At {
  /** Before the top-level value. */
  Start,
  /** After the top-level value: only whitespace may follow. */
  End,
  /** After the `[` of the request list: a request or `]`. */
  ListOpen,
  /** After a request: `,` or `]`. */
  ListNext,
  /** After a `,` of the request list: a request. */
  ListItem,
  /** After the top-level `{`: a member name or `}`. */
  ObjectOpen,
  /** After a member name: `:`. */
  ObjectColon,
  /** After a `:`: the member's value. */
  ObjectValue,
  /** After a member's value: `,` or `}`. */
  ObjectNext,
  /** After a `,` of the top-level object: a member name. */
  ObjectKey,
  /** Inside a value being read (a request, a member name, another value). */
  Value,
}

/** What the value being read is. */
const enum Kind {
  Request,
  MemberName,
  /** A top-level member other than the request list, or a top-level value of another shape. */
  Other,
}

/** Where a member name / value of the request being read starts and ends (offsets in the request). */
const enum MemberPart {
  Name,
  Value,
}

/**
 * Where the string content from `i` on ends: its next quote or backslash, or the end of `bytes`.
 * A function of its own, small and with one loop, so that V8 compiles it to machine code early:
 * most of a file is string content, and the scanner around it is compiled later (and compiled
 * again when a branch it had not taken is). Measured on requests-5000.json, requests not parsed:
 * the scanner's first pass takes 59 ms with this loop inline, 47 ms with it here (21 ms once
 * everything is compiled, on a later pass).
 */
function stringEnd(bytes: Buffer, i: number): number {
  const length = bytes.length;
  while (i < length) {
    const c = bytes[i];
    if (c === QUOTE || c === BACKSLASH) return i;
    i++;
  }
  return length;
}

const shown = (c: number) => (c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16)}`);

/**
 * Feeds the bytes of a requests file, chunk by chunk, to `onRequest`: `{"requests": [...]}`
 * (other top-level members are read and dropped) or a bare list.
 */
export class RequestStream {
  private at = At.Start;
  private shape: 'list' | 'object' | 'other' | undefined;
  private sawRequestsList = false;
  /** The request list is the `requests` member (not the top-level value). */
  private listIsMember = false;
  private memberName = '';

  /** The offset of the next chunk's first byte. */
  private offset = 0;
  /**
   * Positions, for messages only, are counted when asked for (the scanner does not count lines
   * as it reads): `cursor` is counted up to the start of the chunk being written (`chunk`, whose
   * first byte is at offset `base`).
   */
  private cursor: Cursor = { offset: 0, line: 1, lineStart: 0, continuations: 0 };
  private chunk: Buffer = Buffer.alloc(0);
  private base = 0;
  /** Whether `chunk` is all ASCII (no UTF-8 continuation byte to count). */
  private chunkAscii = true;

  // The value being read.
  private kind = Kind.Other;
  private valueStart = 0;
  /** Where it starts, once counted (when a message needs it, or when it goes on past its chunk). */
  private valuePosition: TextPosition | undefined;
  /** Its bytes from earlier chunks (copied: a chunk is valid only until the next one is written). */
  private pieces: Buffer[] = [];
  private depth = 0;
  /** The deepest `depth` of the value being read so far. */
  private nesting = 0;
  private inString = false;
  private escaped = false;
  /** A number, `true`, `false` or `null` (or a mistake): it ends at the next delimiter. */
  private scalar = false;

  // Members of a request being read (depth 1 of a request object).
  private part = MemberPart.Name;
  /** Per member: name start, name end, value start, value end (offsets in the request). */
  private spans: number[] = [];
  private memberValueStart = -1;
  private memberValueEnd = -1;
  private memberNameStart = -1;
  /**
   * Elements of list members (ReuseOptions): per element, the member's ordinal, its index, its
   * index in the element list holding it (-1 for an element of the member), start, end.
   */
  private elements: number[] = [];
  /** The member's value is a list; the element of it being read is a list. */
  private memberIsList = false;
  private elementIsList = false;
  /** The index of the element being read in the member, and in that element. */
  private index = 0;
  private innerIndex = 0;
  /** Where the element being read starts (-1: none), and its own element. */
  private elementStart = -1;
  private innerStart = -1;
  /** A member name with an escape (or a request shaped oddly): its member texts are not told. */
  private escapedName = false;
  /** The request being read is an object whose member texts someone asks for. */
  private trackMembers = false;

  /** The request being read is read (StreamOptions.reads); when not, it is only scanned. */
  private reading = true;
  /** Requests read to their end so far, handed out or not: the index of the next one. */
  private ended = 0;

  private readonly names: ReturnType<typeof namesByLength>;
  private readonly reuse: ReuseOptions['reuse'] | undefined;
  private readonly reads: ((index: number) => boolean) | undefined;
  private reuseWindow = { requests: 0, bytes: 0, held: 0 };
  private reusePaused = 0;

  public constructor(
    private readonly onRequest: RequestHandler,
    options?: StreamOptions,
  ) {
    this.names = namesByLength(options?.members ?? []);
    this.reuse = options?.members !== undefined ? options.reuse : undefined;
    this.reads = options?.reads;
  }

  /**
   * The requests read to their end so far, handed out or not. Read after a MalformedJsonError,
   * it is the number of requests before the point the file is found malformed at.
   */
  public get requestsEnded(): number {
    return this.ended;
  }

  /** @throws MalformedJsonError when the text read so far is not JSON. */
  public write(chunk: Uint8Array): void {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const base = this.offset;
    this.chunk = bytes;
    this.base = base;
    this.chunkAscii = isAscii(bytes);
    let i = 0;
    if (base === 0 && this.at === At.Start && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      i = 3; // a UTF-8 byte order mark (a BOM cut across two writes is not looked for)
      this.cursor = { offset: 3, line: 1, lineStart: 3, continuations: 0 };
    }
    const length = bytes.length;
    while (i < length) {
      if (this.at === At.Value) {
        i = this.scan(bytes, i, base);
        continue;
      }
      const c = bytes[i];
      if (isSpace(c)) {
        i++;
        continue;
      }
      this.between(c, base + i);
      // A value's first byte is read by scan; a delimiter is read here.
      if ((this.at as At) !== At.Value) i++;
    }
    if (this.at === At.Value && this.reading) {
      // The value goes on in the next chunk: where it starts is counted while this one is here.
      this.valuePosition ??= this.positionOf(this.valueStart);
      this.pieces.push(Buffer.from(bytes.subarray(this.startIn(base), length)));
    }
    this.cursor = this.counted(base + length);
    this.offset = base + length;
    this.chunk = Buffer.alloc(0);
    this.base = this.offset;
  }

  /**
   * Ends the text.
   *
   * @throws MalformedJsonError when it ends before its value does; RequestsShapeError when it
   *   holds neither shape.
   */
  public end(): void {
    if (this.at === At.Value && this.scalar && this.depth === 0) {
      this.finish(Buffer.alloc(0), 0, this.offset);
    }
    if (this.at === At.Start) throw new MalformedJsonError('the file holds no JSON value');
    if (this.at !== At.End) {
      throw new MalformedJsonError(`the file ends before its JSON value does (${this.here(this.offset)})`);
    }
    if (this.shape === 'other' || (this.shape === 'object' && !this.sawRequestsList)) throw new RequestsShapeError();
  }

  /**
   * The cursor moved on to `offset` (at or after the cursor, in the chunk being written or at its
   * end): lines are counted by their newline bytes, columns in characters (a UTF-8 continuation
   * byte does not count).
   */
  private counted(offset: number): Cursor {
    let { line, lineStart, continuations } = this.cursor;
    const bytes = this.chunk;
    const base = this.base;
    let from = this.cursor.offset - base;
    const to = offset - base;
    for (let nl = bytes.indexOf(NEWLINE, from); nl >= 0 && nl < to; nl = bytes.indexOf(NEWLINE, nl + 1)) {
      line++;
      lineStart = base + nl + 1;
      continuations = 0;
      from = nl + 1;
    }
    if (!this.chunkAscii) for (let k = from; k < to; k++) if ((bytes[k] & 0xc0) === 0x80) continuations++;
    return { offset, line, lineStart, continuations };
  }

  private positionOf(offset: number): TextPosition {
    const { line, lineStart, continuations } = offset === this.cursor.offset ? this.cursor : this.counted(offset);
    return { line, column: offset - lineStart - continuations + 1 };
  }

  private here(offset: number): string {
    return formatPosition(this.positionOf(offset));
  }

  private unexpected(c: number, offset: number, expected: string): MalformedJsonError {
    return new MalformedJsonError(`expected ${expected}, found ${shown(c)} at ${this.here(offset)}`);
  }

  /** A non-space byte between values: a delimiter, or the first byte of a value. */
  private between(c: number, offset: number): void {
    switch (this.at) {
      case At.Start:
        if (c === LEFT_BRACKET) {
          this.shape = 'list';
          this.at = At.ListOpen;
        } else if (c === LEFT_BRACE) {
          this.shape = 'object';
          this.at = At.ObjectOpen;
        } else {
          this.shape = 'other';
          this.begin(Kind.Other, c, offset);
        }
        return;
      case At.End:
        throw new MalformedJsonError(`unexpected text after the JSON value at ${this.here(offset)}`);
      case At.ListOpen:
        if (c === RIGHT_BRACKET) this.closeList();
        else this.begin(Kind.Request, c, offset);
        return;
      case At.ListItem:
        this.begin(Kind.Request, c, offset);
        return;
      case At.ListNext:
        if (c === COMMA) this.at = At.ListItem;
        else if (c === RIGHT_BRACKET) this.closeList();
        else throw this.unexpected(c, offset, "',' or ']' after a request");
        return;
      case At.ObjectOpen:
      case At.ObjectKey:
        if (c === QUOTE) this.begin(Kind.MemberName, c, offset);
        else if (c === RIGHT_BRACE && this.at === At.ObjectOpen) this.at = At.End;
        else throw this.unexpected(c, offset, 'a member name in double quotes');
        return;
      case At.ObjectColon:
        if (c === COLON) this.at = At.ObjectValue;
        else throw this.unexpected(c, offset, "':' after the member name");
        return;
      case At.ObjectValue:
        if (this.memberName === 'requests' && c === LEFT_BRACKET) {
          this.sawRequestsList = true;
          this.listIsMember = true;
          this.at = At.ListOpen;
        } else {
          this.begin(Kind.Other, c, offset);
        }
        return;
      case At.ObjectNext:
        if (c === COMMA) this.at = At.ObjectKey;
        else if (c === RIGHT_BRACE) this.at = At.End;
        else throw this.unexpected(c, offset, "',' or '}' after a member");
        return;
    }
  }

  private closeList(): void {
    this.at = this.listIsMember ? At.ObjectNext : At.End;
    this.listIsMember = false;
  }

  /** Starts reading a value whose first byte is `c`, at `offset` (the byte is read by scan). */
  private begin(kind: Kind, c: number, offset: number): void {
    if (kind !== Kind.MemberName && (c === RIGHT_BRACKET || c === RIGHT_BRACE || c === COMMA || c === COLON)) {
      throw this.unexpected(c, offset, 'a value');
    }
    this.at = At.Value;
    this.kind = kind;
    this.valueStart = offset;
    this.valuePosition = undefined;
    this.pieces = [];
    this.depth = 0;
    this.nesting = 0;
    this.inString = false;
    this.escaped = false;
    this.scalar = c !== QUOTE && c !== LEFT_BRACE && c !== LEFT_BRACKET;
    this.spans = [];
    this.elements = [];
    this.memberIsList = false;
    this.elementStart = -1;
    this.innerStart = -1;
    this.part = MemberPart.Name;
    this.escapedName = false;
    this.reading = kind !== Kind.Request || this.reads === undefined || this.reads(this.ended);
    this.trackMembers =
      kind === Kind.Request && this.reading && c === LEFT_BRACE && this.reuse !== undefined && this.following();
  }

  /** Where the value being read starts in the chunk that starts at `base` (0: in an earlier one). */
  private startIn(base: number): number {
    return Math.max(0, this.valueStart - base);
  }

  /**
   * Reads the value being read from `i` on: to its end (then hands it over), or to the end of
   * the chunk. Returns where reading goes on.
   */
  private scan(bytes: Buffer, i: number, base: number): number {
    const length = bytes.length;
    // Track the members of a request object (depth 1) only when someone asks for their texts.
    const members = this.trackMembers;
    // The state in locals while the loop runs (a field read per byte costs twice as much).
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    const scalar = this.scalar;
    const save = () => {
      this.depth = depth;
      this.inString = inString;
      this.escaped = escaped;
    };
    for (; i < length; i++) {
      let c = bytes[i];
      if (inString) {
        if (escaped) {
          escaped = false;
          continue;
        }
        // Most of a file is string content: run to its next quote or backslash.
        if (c !== QUOTE && c !== BACKSLASH) {
          i = stringEnd(bytes, i + 1);
          if (i === length) {
            save();
            return i;
          }
          c = bytes[i];
        }
        if (c === BACKSLASH) {
          escaped = true;
          if (depth === 1 && this.part === MemberPart.Name) this.escapedName = true;
          continue;
        }
        inString = false;
        if (depth === 0) {
          save();
          return this.finish(bytes, i + 1, base);
        }
        if (members) {
          if (depth === 1) {
            if (this.part === MemberPart.Name) this.memberName1(base + i + 1);
            else this.memberValueEnd = base + i + 1 - this.valueStart;
          } else if (depth <= 3 && this.memberIsList) {
            this.elementEnds(depth, base + i + 1 - this.valueStart);
          }
        }
        continue;
      }
      if (scalar) {
        if (isSpace(c) || c === COMMA || c === RIGHT_BRACKET || c === RIGHT_BRACE) {
          save();
          return this.finish(bytes, i, base);
        }
        continue;
      }
      switch (c) {
        case QUOTE:
          inString = true;
          if (members) {
            if (depth === 1) {
              if (this.part === MemberPart.Name) this.memberNameStart = base + i - this.valueStart;
              else if (this.memberValueStart < 0) this.memberValueStart = base + i - this.valueStart;
            } else if (depth <= 3 && this.memberIsList) {
              this.elementStarts(depth, base + i - this.valueStart, false);
            }
          }
          break;
        case LEFT_BRACE:
        case LEFT_BRACKET:
          if (members) {
            if (depth === 1 && this.memberValueStart < 0) {
              this.memberValueStart = base + i - this.valueStart;
              this.memberIsList = c === LEFT_BRACKET;
              this.index = 0;
            } else if (depth <= 3 && depth > 1 && this.memberIsList) {
              this.elementStarts(depth, base + i - this.valueStart, c === LEFT_BRACKET);
            }
          }
          depth++;
          if (depth > this.nesting) this.nesting = depth;
          if (members && depth === 1) this.part = MemberPart.Name;
          if (this.opaque(depth, members)) {
            this.depth = depth;
            const at = this.skipInside(bytes, i + 1);
            depth = this.depth;
            inString = this.inString;
            escaped = this.escaped;
            // The loop reads the byte that closes the value next, or ends with the chunk.
            i = at - 1;
          }
          break;
        case RIGHT_BRACE:
        case RIGHT_BRACKET:
          depth--;
          if (members) {
            if (depth === 1) this.memberValueEnd = base + i + 1 - this.valueStart;
            else if (depth <= 3 && depth > 1 && this.memberIsList)
              this.elementEnds(depth, base + i + 1 - this.valueStart);
          }
          if (depth === 0) {
            if (members) this.endMember();
            save();
            return this.finish(bytes, i + 1, base);
          }
          if (depth < 0) throw this.unexpected(c, base + i, 'a value');
          break;
        case COLON:
          if (members && depth === 1) {
            this.part = MemberPart.Value;
            this.memberValueStart = -1;
            this.memberValueEnd = -1;
            this.memberIsList = false;
          }
          break;
        case COMMA:
          if (members) {
            if (depth === 1) {
              this.endMember();
              this.part = MemberPart.Name;
            } else if (this.memberIsList) {
              if (depth === 2) {
                this.index++;
                this.elementIsList = false;
              } else if (depth === 3 && this.elementIsList) {
                this.innerIndex++;
              }
            }
          }
          break;
        default:
          if (members && depth === 1 && this.part === MemberPart.Value && !isSpace(c)) {
            if (this.memberValueStart < 0) this.memberValueStart = base + i - this.valueStart;
            this.memberValueEnd = base + i + 1 - this.valueStart;
          }
      }
    }
    save();
    return i;
  }

  /**
   * Whether nothing inside the value just opened (now at `depth`) needs telling apart but where
   * it ends: anything in a request whose members are not followed; in one whose are, anything
   * past a member's value that is no list, past an element of it that is no list, and past the
   * elements of an element that is (ReuseOptions).
   */
  private opaque(depth: number, members: boolean): boolean {
    if (!members) return depth >= 1;
    if (depth === 2) return !this.memberIsList;
    if (depth === 3) return !this.elementIsList;
    return depth > 3;
  }

  /**
   * Runs through the inside of the value just opened (its opening byte read, and counted in
   * `depth`) to the byte that closes it, which it leaves for the caller to read, or to the end of
   * `bytes`: strings with their escapes, and nested values, are all it tells apart. Small, with
   * one loop, so that V8 compiles it early: most bytes of a file are inside values whose
   * structure nobody reads (opaque). Its state comes and goes in the fields (depth, in a string,
   * after a backslash, nesting). Returns where reading goes on.
   */
  private skipInside(bytes: Buffer, i: number): number {
    const length = bytes.length;
    const floor = this.depth;
    let depth = floor;
    let nesting = this.nesting;
    let inString = false;
    let escaped = false;
    while (i < length) {
      const c = bytes[i];
      if (c === QUOTE) {
        // A string, to its closing quote (a backslash escapes the byte after it).
        inString = true;
        i = stringEnd(bytes, i + 1);
        while (i < length && bytes[i] === BACKSLASH) {
          if (i + 1 === length) {
            escaped = true;
            i = length;
            break;
          }
          i = stringEnd(bytes, i + 2);
        }
        if (i === length) break;
        inString = false;
      } else if (c === LEFT_BRACE || c === LEFT_BRACKET) {
        if (++depth > nesting) nesting = depth;
      } else if (c === RIGHT_BRACE || c === RIGHT_BRACKET) {
        if (depth === floor) break;
        depth--;
      }
      i++;
    }
    this.depth = depth;
    this.nesting = nesting;
    this.inString = inString;
    this.escaped = escaped;
    return i;
  }

  /**
   * A value starts at `offset` in a list member: at `depth` 2 an element of the member (`list`:
   * it is a list itself), at depth 3 an element of such an element.
   */
  private elementStarts(depth: number, offset: number, list: boolean): void {
    if (depth === 2) {
      this.elementStart = offset;
      this.elementIsList = list;
      this.innerIndex = 0;
    } else if (this.elementIsList && !list) {
      this.innerStart = offset;
    }
  }

  /** A value of a list member (elementStarts) ends just before `offset`, at `depth`. */
  private elementEnds(depth: number, offset: number): void {
    const member = (this.spans.length - 2) >> 2;
    if (depth === 2) {
      // An element that is a list is not told: its elements are.
      if (this.elementStart >= 0 && !this.elementIsList) {
        this.elements.push(member, this.index, -1, this.elementStart, offset);
      }
      this.elementStart = -1;
    } else if (this.elementIsList && this.innerStart >= 0) {
      this.elements.push(member, this.index, this.innerIndex, this.innerStart, offset);
      this.innerStart = -1;
    }
  }

  /** A member name of the request object ends just before `offset` (its closing quote). */
  private memberName1(offset: number): void {
    if (this.spans.length % 4 !== 0) this.escapedName = true; // two names in a row: not JSON
    this.spans.push(this.memberNameStart, offset - this.valueStart);
  }

  /** The member being read (a name with a value) ends. */
  private endMember(): void {
    if (this.part === MemberPart.Value && this.spans.length % 4 === 2) {
      this.spans.push(this.memberValueStart, this.memberValueEnd);
    } else if (this.spans.length % 4 === 2) {
      this.spans.length -= 2; // a name without a value: JSON.parse will say what is wrong
    }
  }

  /** The value being read ends just before `end` of `bytes` (the chunk at `base`): hand it over. */
  private finish(bytes: Buffer, end: number, base: number): number {
    const kind = this.kind;
    if (kind === Kind.Request && !this.reading) {
      this.pieces = [];
      this.at = At.ListNext;
      this.ended++;
      return end;
    }
    const tail = bytes.subarray(this.startIn(base), end);
    const text = this.pieces.length === 0 ? tail : Buffer.concat([...this.pieces, tail]);
    this.pieces = [];
    if (kind === Kind.Request) {
      this.at = At.ListNext;
      this.handOver(text);
      this.ended++;
    } else {
      const value = this.parse(text, text.toString('utf8'));
      if (kind === Kind.MemberName) {
        this.memberName = value as string;
        this.at = At.ObjectColon;
      } else {
        this.at = this.shape === 'other' ? At.End : At.ObjectNext;
      }
    }
    return end;
  }

  private handOver(bytes: Buffer): void {
    const texts = new Map<string, string>();
    let kept: number[] | undefined;
    const reuse = this.reuse;
    if (this.trackMembers && reuse !== undefined && !this.escapedName) {
      let held = 0;
      const spans = this.spans;
      const elements = this.elements;
      let e = 0;
      for (let s = 0; s + 3 < spans.length; s += 4) {
        const member = s >> 2;
        while (e < elements.length && elements[e] < member) e += 5;
        const from = spans[s + 2];
        const to = spans[s + 3];
        if (from < 0 || to < from) continue;
        const name = this.nameAt(bytes, spans[s] + 1, spans[s + 1] - 1);
        if (name === undefined) continue;
        const text = bytes.toString('latin1', from, to);
        texts.set(name, text);
        if (reuse(name, text)) {
          (kept ??= []).push(from, to);
          held += to - from;
          continue;
        }
        for (; e < elements.length && elements[e] === member; e += 5) {
          const start = elements[e + 3];
          const end = elements[e + 4];
          if (start < from || end > to) continue;
          const inner = elements[e + 2];
          const element = inner < 0 ? `${name}[${elements[e + 1]}]` : `${name}[${elements[e + 1]}][${inner}]`;
          const elementText = bytes.toString('latin1', start, end);
          texts.set(element, elementText);
          if (reuse(element, elementText)) {
            (kept ??= []).push(start, end);
            held += end - start;
          }
        }
      }
      this.judgeReuse(bytes.length, held);
    }
    if (!isUtf8(bytes)) throw this.notUtf8(bytes);
    let text: string;
    if (kept === undefined) {
      text = bytes.toString('utf8');
    } else {
      // Members the caller holds read as null: most of the text, on a batch that repeats them.
      const parts: string[] = [];
      let from = 0;
      for (let k = 0; k < kept.length; k += 2) {
        parts.push(bytes.toString('utf8', from, kept[k]), 'null');
        from = kept[k + 1];
      }
      parts.push(bytes.toString('utf8', from));
      text = parts.join('');
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.parse(bytes, bytes.toString('utf8')); // throws, placing the error in the whole text
    }
    this.onRequest(value, texts, this.nesting);
  }

  /** Whether to follow the members of the request about to be read (ReuseOptions). */
  private following(): boolean {
    if (this.reusePaused === 0) return true;
    this.reusePaused--;
    return false;
  }

  /** Counts what the caller held of a request whose members were followed. */
  private judgeReuse(bytes: number, held: number): void {
    const window = this.reuseWindow;
    window.requests++;
    window.bytes += bytes;
    window.held += held;
    if (window.requests < REUSE_WINDOW) return;
    if (window.held < window.bytes * REUSE_MIN_SHARE) this.reusePaused = REUSE_PAUSE;
    this.reuseWindow = { requests: 0, bytes: 0, held: 0 };
  }

  /** The name of `ReuseOptions.members` written as `bytes` from `start` to `end`, if any. */
  private nameAt(bytes: Buffer, start: number, end: number): string | undefined {
    const candidates = this.names.get(end - start);
    if (candidates === undefined) return undefined;
    next: for (const candidate of candidates) {
      for (let k = 0; k < candidate.bytes.length; k++) if (bytes[start + k] !== candidate.bytes[k]) continue next;
      return candidate.name;
    }
    return undefined;
  }

  /** The value of `text` (the bytes `bytes`, starting at the value being read). */
  private parse(bytes: Buffer, text: string): unknown {
    if (!isUtf8(bytes)) throw this.notUtf8(bytes);
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const inValue = syntaxErrorPosition(text, message) ?? { line: 1, column: 1 };
      const reason = message
        .replace(/ in JSON at position \d+.*$/s, '')
        .replace(/, (\.\.\.)?".*" is not valid JSON$/s, '');
      throw new MalformedJsonError(`${reason} at ${formatPosition(this.absolute(inValue))}`);
    }
  }

  /** A position in the value being read, as a position in the file. */
  private absolute(inValue: TextPosition): TextPosition {
    const start = (this.valuePosition ??= this.positionOf(this.valueStart));
    const line = start.line + inValue.line - 1;
    return { line, column: inValue.line === 1 ? start.column + inValue.column - 1 : inValue.column };
  }

  /** The error for a value that is not UTF-8, placed at its first bad byte. */
  private notUtf8(bytes: Buffer): MalformedJsonError {
    // A decoder that streams reports bad bytes, not a sequence cut at the end: the shortest
    // prefix it refuses ends at the first bad byte.
    const refuses = (end: number) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
        return false;
      } catch {
        return true;
      }
    };
    let low = 0;
    let high = bytes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (refuses(middle + 1)) high = middle;
      else low = middle + 1;
    }
    const before = bytes.subarray(0, low).toString('utf8');
    const lines = before.split('\n');
    const inValue = { line: lines.length, column: (lines.at(-1) ?? '').length + 1 };
    return new MalformedJsonError(`the text is not UTF-8 at ${formatPosition(this.absolute(inValue))}`);
  }
}
