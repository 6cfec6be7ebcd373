/**
 * Splits SQL text into statements at semicolons outside strings, quoted identifiers and comments.
 * The browser runs statements one at a time so each can be cancelled; the rule files contain
 * semicolons inside strings ('; ' separators), so a naive split would break them.
 */
export function splitSqlStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const skipUntil = (end: string, from: number) => {
    const at = text.indexOf(end, from);
    return at < 0 ? text.length : at + end.length;
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      // A doubled quote inside a string is an escaped quote: keep scanning past it.
      let j = i + 1;
      for (;;) {
        j = skipUntil(ch, j);
        if (text[j] === ch) j++;
        else break;
      }
      i = j;
    } else if (ch === '-' && text[i + 1] === '-') {
      i = skipUntil('\n', i);
    } else if (ch === '/' && text[i + 1] === '*') {
      i = skipUntil('*/', i + 2);
    } else if (ch === ';') {
      push(text.slice(start, i));
      start = ++i;
    } else {
      i++;
    }
  }
  push(text.slice(start));
  return statements;

  function push(statement: string) {
    // A piece that is only comments and white space is not a statement.
    const bare = statement.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim();
    if (bare.length > 0) statements.push(statement.trim());
  }
}
