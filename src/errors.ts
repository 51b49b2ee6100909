/**
 * Errors that awsm reports to users. Every failure the user can cause (a malformed or
 * invalid module, a bad flag, a missing file, a failed link or tool run) is one of these:
 * the CLI prints `awsm: <kind> error: <message>` and exits non-zero, without a stack trace.
 * Any other exception is a bug in awsm.
 */

export type ErrorKind = 'decode' | 'validate' | 'unsupported' | 'compile' | 'link' | 'usage' | 'io' | 'tool';

export class AwsmError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.kind = kind;
    this.name = 'AwsmError';
  }
}

/**
 * `message` on one line: control characters (which names read from a malformed or hostile
 * binary may hold: a newline in an export name) shown as `\xNN`, so that a decode or
 * validation error stays the one clear line the CLI promises.
 */
function oneLine(message: string): string {
  return message.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The bytes are not a well-formed binary module ("malformed" in the spec's terms). */
export class DecodeError extends AwsmError {
  /** Byte offset in the module where the problem was found. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super('decode', `${oneLine(message)} (at byte offset 0x${offset.toString(16)})`);
    this.offset = offset;
    this.name = 'DecodeError';
  }
}

/** Where in a module something is: function (index space) and byte offset, each when known. */
export interface Where {
  offset?: number;
  funcidx?: number;
}

/** `message (in function N, at byte offset 0xOFF)`, with the parts that are known. */
function locate(message: string, where: Where): string {
  const parts: string[] = [];
  if (where.funcidx !== undefined) parts.push(`function ${where.funcidx}`);
  if (where.offset !== undefined) parts.push(`byte offset 0x${where.offset.toString(16)}`);
  return parts.length > 0 ? `${message} (in ${parts.join(', at ')})` : message;
}

/** The module decodes but breaks a validation rule ("invalid" in the spec's terms). */
export class ValidationError extends AwsmError {
  /** Byte offset of the offending instruction or section entry, when known. */
  readonly offset: number | undefined;
  /** Index of the function (in the function index space) being validated, when any. */
  readonly funcidx: number | undefined;
  constructor(message: string, where: Where = {}) {
    super('validate', locate(oneLine(message), where));
    this.offset = where.offset;
    this.funcidx = where.funcidx;
    this.name = 'ValidationError';
  }
}

/** The module is valid but awsm cannot compile it (an unsupported feature, a limit). */
export class CompileError extends AwsmError {
  /** Byte offset of the instruction being compiled, when known. */
  readonly offset: number | undefined;
  /** The message without the location, to locate it again. */
  readonly bare: string;
  constructor(message: string, where: Where = {}) {
    super('compile', locate(message, where));
    this.bare = message;
    this.offset = where.offset;
    this.name = 'CompileError';
  }
}

/**
 * The module uses a feature of Wasm 3.0 that awsm does not compile (yet): GC, or a part-1
 * feature the translator does not handle. Not "malformed"
 * nor "invalid": the bytes are well-formed 3.0 as far as awsm read them. The message names the
 * feature and where: `unsupported: garbage collection (struct type) at byte 0x1f`,
 * `unsupported: table64 (table 1)`.
 */
export class UnsupportedError extends AwsmError {
  /** The feature, as named in the message ("exception handling", "table64", …). */
  readonly feature: string;
  /** Byte offset in the module, when the feature was met while decoding or in a function. */
  readonly offset: number | undefined;
  /**
   * @param feature the feature's name
   * @param what the construct that uses it, e.g. "tag section", "memory 0", "return_call"
   */
  constructor(feature: string, what: string, where: Where = {}) {
    const at = where.offset !== undefined ? ` at byte 0x${where.offset.toString(16)}` : '';
    const fn = where.funcidx !== undefined ? ` in function ${where.funcidx}` : '';
    super('unsupported', `unsupported: ${feature} (${what})${at}${fn}`);
    this.feature = feature;
    this.offset = where.offset;
    this.name = 'UnsupportedError';
  }
}
