import { tokenize, type Token } from '../engine/sql-tokens';

export { tokenize, type Token, type TokenKind } from '../engine/sql-tokens';

/**
 * Splits SQL into coloured tokens, line by line, for the rules page. It only colours: every
 * character of the file is kept, in order, so what is shown is exactly what runs (a test joins
 * the tokens back and compares). Rendered as text nodes, never as HTML. A token that spans lines
 * is cut at each line break.
 */
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
