/**
 * Splits SQL into coloured tokens, line by line, for the rules page. It only colours: every
 * character of the file is kept, in order, so what is shown is exactly what runs (a test joins
 * the tokens back and compares). Rendered as text nodes, never as HTML.
 */
export type TokenKind = 'comment' | 'string' | 'identifier' | 'number' | 'keyword' | 'text';

export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set(
  `select from where and or not null is in as case when then else end join left right inner outer
  on using group by order having limit offset union all distinct create replace view table macro
  with over partition filter qualify cross insert into values true false between like exists
  cast coalesce count min max sum any asc desc if`
    .split(/\s+/)
    .filter(Boolean),
);

const PATTERN =
  /(--[^\n]*)|('(?:''|[^'])*'?)|("(?:""|[^"])*"?)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)|(\s+|[^\sA-Za-z0-9_'"-]+|-)/gy;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  PATTERN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (PATTERN.lastIndex < sql.length && (match = PATTERN.exec(sql)) !== null) {
    const [text, comment, string, identifier, number, word] = match;
    const kind: TokenKind = comment
      ? 'comment'
      : string
        ? 'string'
        : identifier
          ? 'identifier'
          : number
            ? 'number'
            : word && KEYWORDS.has(word.toLowerCase())
              ? 'keyword'
              : 'text';
    tokens.push({ kind, text });
  }
  return tokens;
}

/** The tokens of each line (a token that spans lines is cut at each line break). */
export function highlightLines(sql: string): Token[][] {
  const lines: Token[][] = [[]];
  for (const token of tokenize(sql)) {
    token.text.split('\n').forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part) lines.at(-1)?.push({ kind: token.kind, text: part });
    });
  }
  return lines;
}
