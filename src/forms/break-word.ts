/**
 * Breaking a word too wide for its line between characters, in one pass: each character's width
 * is added as it comes, and a piece ends where the next character would cross the line. (Trying
 * ever shorter prefixes, measured whole, took minutes for a name of one 3,000-character word.)
 * Characters are whole code points, so a surrogate pair is never split.
 */
export interface Measures {
  widthOfTextAtSize(text: string, size: number): number;
}

export function breakWord(word: string, font: Measures, size: number, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let pieceWidth = 0;
  for (const ch of word) {
    const w = font.widthOfTextAtSize(ch, size);
    // A piece always takes at least one character, however narrow the line.
    if (piece !== '' && pieceWidth + w > width) {
      pieces.push(piece);
      piece = '';
      pieceWidth = 0;
    }
    piece += ch;
    pieceWidth += w;
  }
  if (piece !== '' || pieces.length === 0) pieces.push(piece);
  return pieces;
}
