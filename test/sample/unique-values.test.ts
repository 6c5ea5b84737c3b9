import { describe, expect, it } from 'vitest';
import {
  indexDigits,
  scrambledDigits,
  uniqueEmail,
  uniqueIpv4,
  withIbanCheckDigits,
  withLuhnCheckDigit,
  withTrailingDigits,
} from '../../src/sample/unique-values.js';
import { utf8ColumnFromStrings } from '../../src/sample/utf8-column.js';
import { isIbanValid, isLuhnValid } from './statistics.js';

describe('unique personal values', () => {
  it('scrambles row indices bijectively onto k digits', () => {
    for (const key of [0, 12345]) {
      const seen = new Set(Array.from({ length: 1000 }, (_, i) => scrambledDigits(i, 3, key)));
      expect(seen.size).toBe(1000);
      expect([...seen].every((s) => /^\d{3}$/.test(s))).toBe(true);
    }
    expect(indexDigits(1)).toBe(1);
    expect(indexDigits(1000)).toBe(3);
    expect(indexDigits(1001)).toBe(4);
  });

  it('overwrites trailing digits in place, keeping the format, and pads short values', () => {
    expect(withTrailingDigits('(672) 688-1204', '9876')).toBe('(672) 688-9876');
    expect(withTrailingDigits('(672) 688-1204', '98765')).toBe('(672) 689-8765');
    expect(withTrailingDigits('AB-12', '3456')).toBe('AB-3456');
    expect(withTrailingDigits('none', '07')).toBe('none07');
    expect(withTrailingDigits('3753-2442-8522', '11', 1)).toBe('3753-2442-8112');
  });

  it('recomputes Luhn and IBAN check digits (reference examples)', () => {
    expect(withLuhnCheckDigit('79927398710')).toBe('79927398713');
    expect(isLuhnValid(withLuhnCheckDigit('4539-1488-0343-6460'))).toBe(true);
    expect(withIbanCheckDigits('GB00WEST12345698765432')).toBe('GB82WEST12345698765432');
    expect(isIbanValid(withIbanCheckDigits('DE00370400440532013000'))).toBe(true);
  });

  it('makes emails and IPv4 addresses unique by row', () => {
    expect(uniqueEmail('Kendall35@yahoo.com', 41)).toBe('Kendall35.42@yahoo.com');
    const ips = new Set(Array.from({ length: 100_000 }, (_, i) => uniqueIpv4(i, 77)));
    expect(ips.size).toBe(100_000);
  });
});

describe('utf8ColumnFromStrings', () => {
  it('lays strings out as Arrow offsets and UTF-8 bytes', () => {
    const { offsets, bytes } = utf8ColumnFromStrings(['a', 'é', '', '東京']);
    expect(Array.from(offsets)).toEqual([0, 1, 3, 3, 9]);
    expect(new TextDecoder().decode(bytes)).toBe('aé東京');
  });
});
