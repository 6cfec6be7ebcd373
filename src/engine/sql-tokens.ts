/**
 * SQL as a list of tokens. Every character of the input is kept, in order (joining the tokens
 * gives the text back), so it can colour a rule file on the rules page. Colouring only: it does
 * not know block comments or dollar-quoted strings, so nothing may rest on it for safety (the
 * auditor's console leaves that to DuckDB's own parser; see sql-console.ts).
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
