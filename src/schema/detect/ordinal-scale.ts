/**
 * Well-known ordered answer scales. A text column whose labels all come from one of them gets
 * `ordered: true` and its categories in scale order, so the copula keeps "low < medium < high".
 * Only labels from these fixed lists are ever written into a schema, never free data values.
 */
const SCALES: readonly (readonly string[])[] = [
  ['very low', 'low', 'medium', 'high', 'very high'],
  ['very low', 'low', 'moderate', 'high', 'very high'],
  ['none', 'low', 'medium', 'high'],
  ['very poor', 'poor', 'fair', 'good', 'very good', 'excellent'],
  ['strongly disagree', 'disagree', 'neutral', 'agree', 'strongly agree'],
  ['strongly disagree', 'disagree', 'neither agree nor disagree', 'agree', 'strongly agree'],
  ['very dissatisfied', 'dissatisfied', 'neutral', 'satisfied', 'very satisfied'],
  ['never', 'rarely', 'sometimes', 'often', 'always'],
  ['xxs', 'xs', 's', 'm', 'l', 'xl', 'xxl', 'xxxl'],
  ['extra small', 'small', 'medium', 'large', 'extra large'],
  ['bronze', 'silver', 'gold', 'platinum', 'diamond'],
  ['basic', 'standard', 'premium'],
  ['primary', 'secondary', 'tertiary'],
];

/**
 * The labels in scale order, when there are at least three and all belong to one known scale
 * (compared case-insensitively; the data's own spelling is returned).
 * @example orderedCategories(['High', 'Low', 'Medium']) // ['Low', 'Medium', 'High']
 * @example orderedCategories(['Yes', 'No']) // undefined
 */
export function orderedCategories(labels: readonly string[]): string[] | undefined {
  if (labels.length < 3) return undefined;
  const byLower = new Map(labels.map((label) => [label.trim().toLowerCase(), label]));
  if (byLower.size !== labels.length) return undefined;
  for (const scale of SCALES) {
    if ([...byLower.keys()].every((label) => scale.includes(label))) {
      return scale.filter((label) => byLower.has(label)).map((label) => byLower.get(label)!);
    }
  }
  return undefined;
}
