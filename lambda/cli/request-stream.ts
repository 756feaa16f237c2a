/**
 * Reading a `simulate` requests file as a stream (docs/engine.md, "Speed"): each request is
 * handed out as soon as its closing brace has been read, and dropped from the parser then, so
 * memory is bounded by the largest request, not by the file. The text is parsed by
 * @streamparser/json (https://github.com/juanjoDiaz/streamparser-json); this module only says
 * which values are the requests.
 */
import { type ParsedTokenInfo, Tokenizer, TokenizerError, TokenParser, TokenType } from '@streamparser/json';
import { AccessDoctorError } from '../errors';

/** The text is not JSON; the message is the parser's (with the byte position where it knows it). */
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

type Shape = 'list' | 'object' | 'other';

// The token kinds, read once: each read of the library's export is a property getter call.
const LEFT_BRACE = TokenType.LEFT_BRACE;
const RIGHT_BRACE = TokenType.RIGHT_BRACE;
const LEFT_BRACKET = TokenType.LEFT_BRACKET;
const RIGHT_BRACKET = TokenType.RIGHT_BRACKET;
const COLON = TokenType.COLON;
const COMMA = TokenType.COMMA;
const STRING = TokenType.STRING;

/**
 * Feeds the bytes of a requests file, chunk by chunk, to `onRequest`: `{"requests": [...]}`
 * (other top-level members are read and dropped) or a bare list.
 */
export class RequestStream {
  private readonly tokenizer = new Tokenizer();
  private parser: TokenParser | undefined;
  private shape: Shape | undefined;
  /** Top-level object: nesting depth, the last member name, and what the next token is. */
  private depth = 0;
  private member: string | undefined;
  private next: 'key' | 'value' | 'other' = 'other';
  private sawRequestsList = false;
  /** An error thrown by `onRequest` itself, passed through as it is. */
  private failure: unknown;
  /** Where the last token starts, for the messages of errors that the tokenizer does not place. */
  private offset = 0;

  public constructor(private readonly onRequest: (request: unknown) => void) {
    this.tokenizer.onToken = (info) => this.token(info);
  }

  /** @throws MalformedJsonError when the text read so far is not JSON. */
  public write(chunk: Uint8Array): void {
    this.guard(() => this.tokenizer.write(chunk));
  }

  /**
   * Ends the text.
   *
   * @throws MalformedJsonError when it ends before its value does; RequestsShapeError when it
   *   holds neither shape.
   */
  public end(): void {
    this.guard(() => {
      this.tokenizer.end();
      if (this.parser === undefined) throw new MalformedJsonError('the file holds no JSON value');
      if (!this.parser.isEnded) throw new MalformedJsonError('the file ends before its JSON value does');
    });
    if (this.shape === 'other' || (this.shape === 'object' && !this.sawRequestsList)) throw new RequestsShapeError();
  }

  /** Runs a parser call: its errors (the text is not JSON) become MalformedJsonError. */
  private guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      if (error === this.failure || error instanceof MalformedJsonError) throw error;
      const message = (error as Error).message;
      throw new MalformedJsonError(error instanceof TokenizerError ? message : `${message} at byte ${this.offset}`);
    }
  }

  private token(info: ParsedTokenInfo): void {
    this.offset = info.offset;
    if (this.parser === undefined) this.parser = this.start(info.token);
    if (this.shape === 'object') this.follow(info.token, info.value);
    this.parser.write(info);
  }

  /** The first token says the shape, and so which values are requests. */
  private start(token: TokenType): TokenParser {
    this.shape = token === LEFT_BRACKET ? 'list' : token === LEFT_BRACE ? 'object' : 'other';
    // keepStack false: a value handed out is removed from its parent, so nothing accumulates.
    const parser = new TokenParser({ paths: this.shape === 'list' ? ['$.*'] : ['$.requests.*'], keepStack: false });
    parser.onValue = ({ value, parent }) => {
      // `$.requests.*` also matches the members of a `requests` object: those are not requests.
      if (!Array.isArray(parent)) return;
      try {
        this.onRequest(value);
      } catch (error) {
        this.failure = error;
        throw error;
      }
    };
    return parser;
  }

  /** Follows the top-level object's member names, to know whether `requests` is a list. */
  private follow(token: TokenType, value: unknown): void {
    if (this.depth === 1) {
      if (this.next === 'key' && token === STRING) {
        this.member = value as string;
        this.next = 'other';
      } else if (token === COLON) {
        this.next = 'value';
      } else if (token === COMMA) {
        this.next = 'key';
      } else if (this.next === 'value') {
        if (this.member === 'requests' && token === LEFT_BRACKET) this.sawRequestsList = true;
        this.next = 'other';
      }
    }
    if (token === LEFT_BRACE || token === LEFT_BRACKET) {
      this.depth++;
      if (this.depth === 1) this.next = 'key';
    } else if (token === RIGHT_BRACE || token === RIGHT_BRACKET) {
      this.depth--;
    }
  }
}
