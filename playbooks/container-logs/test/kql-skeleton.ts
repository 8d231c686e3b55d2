/**
 * The query with every string literal replaced by `"_"` (regular `"..."` with backslash escapes,
 * verbatim `@"..."` with doubled quotes): what is left is the query's shape. Throws on an unterminated literal.
 */
export function kqlSkeleton(query: string): string {
  let out = '';
  let i = 0;
  while (i < query.length) {
    const c = query[i] as string;
    const verbatim = c === '@' && query[i + 1] === '"';
    if (c !== '"' && !verbatim) {
      out += c;
      i += 1;
      continue;
    }
    i += verbatim ? 2 : 1;
    for (;;) {
      if (i >= query.length) throw new Error(`unterminated literal in ${query}`);
      const d = query[i] as string;
      if (!verbatim && d === '\\') i += 2;
      else if (verbatim && d === '"' && query[i + 1] === '"') i += 2;
      else if (d === '"') break;
      else if (d === '\n') throw new Error('newline inside a literal');
      else i += 1;
    }
    i += 1;
    out += '"_"';
  }
  return out;
}

/** The contents of the first regular string literal in `text`, unescaped (the inverse of kqlString). */
export function firstLiteralValue(text: string): string {
  const match = /"((?:[^"\\]|\\.)*)"/.exec(text);
  if (!match) throw new Error(`no literal in ${text}`);
  const unescaped: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
  return (match[1] as string).replace(/\\(.)/g, (_, e: string) => unescaped[e] ?? `\\${e}`);
}
