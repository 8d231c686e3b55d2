/** A metav1.LabelSelector as workloads carry it in spec.selector. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
    values?: string[];
  }[];
}

/**
 * The `labelSelector` query string for a selector, e.g. `app=web,tier in (a,b)`; undefined for an
 * empty selector (which would select everything). Values come from the object's own spec.
 */
export function labelSelectorString(selector: LabelSelectorSpec | undefined): string | undefined {
  const terms = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    if (operator === 'In') terms.push(`${key} in (${values.join(',')})`);
    else if (operator === 'NotIn') terms.push(`${key} notin (${values.join(',')})`);
    else if (operator === 'Exists') terms.push(key);
    else if (operator === 'DoesNotExist') terms.push(`!${key}`);
  }
  return terms.length > 0 ? terms.join(',') : undefined;
}
