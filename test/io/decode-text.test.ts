import { describe, expect, it } from 'vitest';
import { isDoppelError } from '../../src/errors.js';
import { decodeText, maybeTextEncoding } from '../../src/io/decode-text.js';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(isDoppelError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('decodeText', () => {
  const text = 'name,city\nZoë,Köln\nRené,Genève\n';

  it('reads UTF-8 (with or without a BOM), UTF-16 with a BOM either way round, and UTF-16LE without one', () => {
    expect(decodeText(Buffer.from(text, 'utf8'), 'x.csv')).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'x.csv')).toBe(
      text,
    );
    const le = Buffer.from(text, 'utf16le');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'x.csv')).toBe(text);
    expect(decodeText(le, 'x.csv')).toBe(text);
    const be = Buffer.from(le).swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'x.csv')).toBe(text);
    expect(decodeText(be, 'x.csv')).toBe(text);
  });

  it('reads bytes that form no UTF-8 character as Windows-1252 (Latin-1 and its € and quotes)', () => {
    expect(decodeText(Buffer.from(text, 'latin1'), 'x.csv')).toBe(text);
    expect(decodeText(Buffer.from([0x80, 0x20, 0x93, 0x61, 0x94]), 'x.csv')).toBe('€ “a”');
  });

  it('refuses UTF-8 with invalid bytes, naming the line and byte, not the text', () => {
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf(0xc3, bytes.indexOf('René')); // é's lead byte, on line 3
    bytes[at] = 0xff;
    const message = refusal(() => decodeText(bytes, 'x.csv'));
    expect(message).toContain(`line 3 (byte ${at})`);
    expect(message).not.toContain('Ren');
  });

  it('skips real U+FFFD characters when it looks for the first invalid byte', () => {
    const bytes = Buffer.concat([Buffer.from('a,\uFFFD\né,', 'utf8'), Buffer.from([0xff])]);
    expect(refusal(() => decodeText(bytes, 'x.csv'))).toContain(`line 2 (byte ${bytes.length - 1})`);
  });

  it('decodes strictly in a given encoding, and refuses binary (NUL) content', () => {
    expect(decodeText(Buffer.from(text, 'latin1'), 'x.csv', 'windows-1252')).toBe(text);
    expect(refusal(() => decodeText(Buffer.from(text, 'latin1'), 'x.csv', 'utf-8'))).toMatch(
      /as utf-8: invalid bytes at line 2 \(byte 12\)/,
    );
    expect(refusal(() => decodeText(Buffer.from('a,b\n1,\u0000\n'), 'x.csv'))).toMatch(
      /NUL character at line 2/,
    );
  });

  it('normalises --encoding labels and refuses unknown ones', () => {
    expect(maybeTextEncoding(undefined)).toBe('auto');
    expect(maybeTextEncoding('latin1')).toBe('windows-1252');
    expect(maybeTextEncoding('UTF8')).toBe('utf-8');
    expect(refusal(() => maybeTextEncoding('klingon'))).toMatch(/unknown encoding "klingon"/);
  });
});

describe('decodeText: Windows-1252', () => {
  it('refuses the bytes Windows-1252 leaves undefined rather than merging them', () => {
    expect(refusal(() => decodeText(Buffer.from([0x61, 0x0a, 0x62, 0x81]), 'x.csv'))).toMatch(
      /as windows-1252: a byte with no character in it at line 2 \(byte 3\)/,
    );
  });
});
