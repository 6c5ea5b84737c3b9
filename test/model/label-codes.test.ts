import { describe, expect, it } from 'vitest';
import { codeLabels } from '../../src/model/label-codes.js';

describe('codeLabels', () => {
  it('codes labels by first appearance, missing as -1', () => {
    const codes = new Map<string, number>();
    expect([...codeLabels(['b', null, 'a', 'b', undefined, 'c'], codes)]).toEqual([0, -1, 1, 0, -1, 2]);
    expect([...codes.keys()]).toEqual(['b', 'a', 'c']);
  });

  it('codes a column read in ranges as if read whole', () => {
    const labels = ['x', 'y', null, 'x', 'z', 'y', 'w', null, 'z'];
    const whole = codeLabels(labels, new Map());
    const codes = new Map<string, number>();
    const parts = [labels.slice(0, 4), labels.slice(4, 5), labels.slice(5)].flatMap((part) => [
      ...codeLabels(part, codes, new Int32Array(part.length)),
    ]);
    expect(parts).toEqual([...whole]);
  });
});
