/**
 * The text of a CSV or JSON Lines file, from its bytes, in the encoding its content shows. Decoding
 * is WHATWG TextDecoder's (Node's ICU); this module only chooses the encoding and names the place
 * where bytes cannot be text.
 */
import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';
import { DoppelError } from '../errors.js';

/** `auto` (detect from the content), or any label TextDecoder knows: utf-8, utf-16le, windows-1252, latin1, … */
export type TextEncodingChoice = string;

/** The encoding chosen when the bytes are not UTF-8 and show no sign of UTF-16. */
export const SINGLE_BYTE_FALLBACK = 'windows-1252';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * UTF-16 without a byte-order mark, told by its zero bytes: text in Latin script written as UTF-16
 * has a zero in every other byte (high bytes in little-endian, low in big-endian), while text in any
 * 8-bit encoding has none. Looks at the first 4 KiB.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.length, 4096) & ~1;
  if (length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros > 0.4 * pairs && evenZeros < 0.05 * pairs) return 'utf-16le';
  if (evenZeros > 0.4 * pairs && oddZeros < 0.05 * pairs) return 'utf-16be';
  return null;
}

/** Byte offset (0-based) and line (1-based) of a byte, for messages. */
function placeOf(bytes: Uint8Array, offset: number): string {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return `line ${line} (byte ${offset})`;
}

/**
 * Where UTF-8 decoding first fails: the first U+FFFD that the bytes do not spell out themselves
 * (EF BF BD is a real replacement character).
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const encoder = new TextEncoder();
  let from = 0;
  let byteOffset = 0;
  for (;;) {
    const at = text.indexOf('\uFFFD', from);
    if (at === -1) return bytes.length;
    byteOffset += encoder.encode(text.slice(from, at)).length;
    if (bytes[byteOffset] === 0xef && bytes[byteOffset + 1] === 0xbf && bytes[byteOffset + 2] === 0xbd) {
      byteOffset += 3;
      from = at + 1;
      continue;
    }
    return byteOffset;
  }
}

/** True when the bytes hold at least one well-formed multi-byte UTF-8 sequence (a 2- to 4-byte character). */
function hasUtf8Sequence(bytes: Uint8Array): boolean {
  for (let i = 0; i + 1 < bytes.length; i++) {
    const lead = bytes[i]!;
    if (lead < 0xc2 || lead > 0xf4) continue;
    const length = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    let ok = i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) return true;
  }
  return false;
}

/**
 * iconv-lite, loaded on first use: only Windows-1252 files need it, and loading it with this
 * module cost about 0.1 s of CPU at every start, and again in each JSON Lines reader thread.
 */
let iconvLite: typeof import('iconv-lite') | null = null;
function iconv(): typeof import('iconv-lite') {
  iconvLite ??= createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
  return iconvLite;
}

/**
 * Windows-1252 by iconv-lite: Node's TextDecoder decodes the `windows-1252` label as ISO-8859-1
 * (0x80 becomes U+0080, not €). The five bytes Windows-1252 leaves undefined are refused, not
 * turned into U+FFFD, so that no two labels can merge.
 */
function decodeWindows1252(bytes: Uint8Array, source: string): string {
  const text = iconv().decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252');
  const undefinedByte = text.indexOf('\uFFFD'); // one character per byte: the index is the offset
  if (undefinedByte !== -1) {
    throw new DoppelError(
      'malformed-input',
      `cannot read ${source} as windows-1252: a byte with no character in it at ${placeOf(bytes, undefinedByte)}. Give the file's encoding with --encoding, or re-save it as UTF-8`,
    );
  }
  return text;
}

function decodeStrict(bytes: Uint8Array, encoding: string, source: string): string {
  if (encoding === SINGLE_BYTE_FALLBACK) return decodeWindows1252(bytes, source);
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    // Not where: UTF-16's place is found on the code units, UTF-8's on the bytes.
    const offset = encoding.startsWith('utf-16')
      ? 2 * new TextDecoder(encoding).decode(bytes).indexOf('\uFFFD')
      : firstInvalidUtf8(bytes);
    throw new DoppelError(
      'malformed-input',
      `cannot read ${source} as ${encoding}: invalid bytes at ${placeOf(bytes, Math.max(0, offset))}. Give the file's encoding with --encoding (e.g. --encoding windows-1252), or re-save it as UTF-8`,
    );
  }
}

/**
 * Checks an `--encoding` value: `auto`, or a label TextDecoder knows.
 * @throws DoppelError `usage` for an unknown label.
 */
export function maybeTextEncoding(value: string | undefined): TextEncodingChoice {
  if (value === undefined || value === 'auto') return 'auto';
  try {
    return new TextDecoder(value).encoding;
  } catch {
    throw new DoppelError(
      'usage',
      `--encoding: unknown encoding "${value}"; use auto, utf-8, utf-16le, utf-16be, windows-1252 or latin1 (any WHATWG encoding label)`,
    );
  }
}

/**
 * Decodes a text data file. With `auto`: a byte-order mark decides (UTF-8, UTF-16LE/BE); then
 * UTF-16 without a mark (zero bytes in every other place); then UTF-8 if every byte sequence is
 * valid UTF-8; then, if no byte forms a UTF-8 character, Windows-1252 (the superset of Latin-1
 * that spreadsheets on Windows write), which keeps every byte a distinct character. Bytes that are
 * UTF-8 in places and invalid in others are refused rather than guessed. A NUL byte in what decodes
 * as text is refused: the file is binary. Any other encoding is decoded strictly.
 * @throws DoppelError `malformed-input` naming the line and byte offset of the first bad byte.
 * @example decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'x.csv') // 'café' (Windows-1252)
 */
export function decodeText(bytes: Uint8Array, source: string, encoding: TextEncodingChoice = 'auto'): string {
  const text = encoding === 'auto' ? decodeDetected(bytes, source) : decodeStrict(bytes, encoding, source);
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    const line = text.slice(0, nul).split('\n').length;
    throw new DoppelError(
      'malformed-input',
      `cannot read ${source}: a NUL character at line ${line} (character ${nul}): the file is binary, not CSV or JSON Lines text${encoding === 'auto' ? '' : ` in ${encoding}`}`,
    );
  }
  return text;
}

/**
 * True when the file's first bytes (at least its first 4 KiB, or all of it) choose UTF-8: asked for,
 * or with `auto` a UTF-8 byte-order mark or no sign of UTF-16. Such a file is UTF-8 if every byte
 * sequence is, and is then read as its bytes ({@link decodeTextAsUtf8}).
 */
export function isUtf8Chosen(head: Uint8Array, encoding: TextEncodingChoice): boolean {
  return (
    encoding === 'utf-8' ||
    (encoding === 'auto' &&
      (startsWith(head, UTF8_BOM) ||
        (!startsWith(head, [0xff, 0xfe]) &&
          !startsWith(head, [0xfe, 0xff]) &&
          utf16WithoutBom(head) === null)))
  );
}

/**
 * The same text as {@link decodeText}, as UTF-8 bytes, for the byte-level readers. A file that
 * is already UTF-8 (the common case) is returned as it is, a BOM and all, without decoding it: only
 * checked (valid UTF-8, no NUL byte), which is what decodeText would find. Any other file is
 * decoded by decodeText, with the same refusals, and encoded as UTF-8.
 * @throws DoppelError `malformed-input` as {@link decodeText}.
 */
export function decodeTextAsUtf8(
  bytes: Uint8Array,
  source: string,
  encoding: TextEncodingChoice = 'auto',
): Buffer {
  const hasBom = startsWith(bytes, UTF8_BOM);
  const utf8Chosen = isUtf8Chosen(bytes, encoding);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // TextDecoder drops one leading BOM; so does this (the CSV reader drops a second one, as before).
  if (utf8Chosen && isUtf8(buffer) && buffer.indexOf(0) === -1) return hasBom ? buffer.subarray(3) : buffer;
  return Buffer.from(decodeText(bytes, source, encoding), 'utf8');
}

function decodeDetected(bytes: Uint8Array, source: string): string {
  if (startsWith(bytes, UTF8_BOM)) return decodeStrict(bytes, 'utf-8', source);
  if (startsWith(bytes, [0xff, 0xfe])) return decodeStrict(bytes, 'utf-16le', source);
  if (startsWith(bytes, [0xfe, 0xff])) return decodeStrict(bytes, 'utf-16be', source);
  const utf16 = utf16WithoutBom(bytes);
  if (utf16 !== null) return decodeStrict(bytes, utf16, source);
  if (isUtf8(bytes)) return new TextDecoder('utf-8').decode(bytes);
  if (!hasUtf8Sequence(bytes)) return decodeWindows1252(bytes, source);
  const offset = firstInvalidUtf8(bytes);
  throw new DoppelError(
    'malformed-input',
    `cannot read ${source}: it is UTF-8 in places but has bytes that are not UTF-8 at ${placeOf(bytes, offset)}, so different labels could read as one. Repair the file, or give its encoding with --encoding (e.g. --encoding windows-1252)`,
  );
}
