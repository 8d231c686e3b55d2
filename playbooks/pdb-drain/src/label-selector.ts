/** A metav1.LabelSelector (PDB and workload `spec.selector`). */
export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] | null }[] | null;
}

/**
 * True when `labels` satisfy the selector (matchLabels AND every matchExpression), as
 * apimachinery's `LabelSelectorAsSelector` decides. An empty selector `{}` matches everything;
 * an unknown operator matches nothing (the API would have refused the object).
 */
export function matchesSelector(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    const listed = has && (values ?? []).includes(labels[key] as string);
    if (operator === 'In' && !listed) return false;
    if (operator === 'NotIn' && listed) return false;
    if (operator === 'Exists' && !has) return false;
    if (operator === 'DoesNotExist' && has) return false;
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(operator)) return false;
  }
  return true;
}

/** The selector in `kubectl -l` / `labelSelector=` syntax, e.g. `app=web,tier in (a,b)`; `''` selects everything. */
export function selectorString(selector: LabelSelector): string {
  const terms = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const { key, operator, values } of selector.matchExpressions ?? []) {
    const list = (values ?? []).join(',');
    if (operator === 'In') terms.push(`${key} in (${list})`);
    else if (operator === 'NotIn') terms.push(`${key} notin (${list})`);
    else if (operator === 'Exists') terms.push(key);
    else if (operator === 'DoesNotExist') terms.push(`!${key}`);
  }
  return terms.join(',');
}
