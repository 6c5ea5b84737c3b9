import { describe, expect, it } from 'vitest';
import { escapeFormula } from '../../src/io/escape-formula.js';

describe('escapeFormula (OWASP CSV injection)', () => {
  it('prefixes a single quote to text that starts like a formula or command', () => {
    for (const text of [
      '=HYPERLINK("http://evil.example","click")',
      '+cmd|" /C calc"!A0',
      '-2+3+cmd|" /C calc"!A0',
      '@SUM(1+9)*cmd|" /C calc"!A0',
      '\t=1+1',
      '\r=1+1',
      '+44 20 7946 0958',
    ]) {
      expect(escapeFormula(text), text).toBe(`'${text}`);
    }
  });

  it('leaves plain numbers and ordinary text as they are', () => {
    for (const text of ['-1', '+3.5', '-2e3', '.5', 'Fiber optic', 'a=b', "'quoted", '']) {
      expect(escapeFormula(text), text).toBe(text);
    }
  });
});
