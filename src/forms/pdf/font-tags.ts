import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFRawStream,
  type PDFContext,
  type PDFDocument,
} from 'pdf-lib';

/**
 * Subset fonts named as PDF 32000-1 9.6.4 asks: a tag of six uppercase letters, "+", then the
 * font's PostScript name ("ABCDEF+LiberationSerif"), so viewers and preflight tools know the font
 * is a subset. pdf-lib names an embedded font by its PostScript name plus a numeric suffix; this
 * renames it. The tag is derived from the subset's own bytes, so the same text gives the same
 * file, and two different subsets of one face get different tags.
 */
export function tagSubsetFonts(context: PDFContext): void {
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    const descendants = object.lookup(PDFName.of('DescendantFonts'), PDFArray);
    const cidFont = descendants.lookup(0, PDFDict);
    const descriptor = cidFont.lookup(PDFName.of('FontDescriptor'), PDFDict);
    const file =
      descriptor.lookup(PDFName.of('FontFile2')) ?? descriptor.lookup(PDFName.of('FontFile3'));
    if (!(file instanceof PDFRawStream)) continue;
    const current = descriptor.lookup(PDFName.of('FontName'), PDFName).decodeText();
    const postScript = current.replace(/^[A-Z]{6}\+/, '').replace(/-\d+$/, '');
    const name = PDFName.of(`${subsetTag(file.getContents())}+${postScript}`);
    object.set(PDFName.of('BaseFont'), name);
    cidFont.set(PDFName.of('BaseFont'), name);
    descriptor.set(PDFName.of('FontName'), name);
  }
}

/** Six uppercase letters from the bytes (two FNV-1a hashes): the same bytes, the same tag. */
export function subsetTag(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ bytes.length;
  for (const byte of bytes) {
    a = Math.imul(a ^ byte, 0x01000193) >>> 0;
    b = Math.imul(b ^ byte, 0x5bd1e995) >>> 0;
  }
  let n = a * 0x100000 + (b & 0xfffff);
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (n % 26));
    n = Math.floor(n / 26);
  }
  return tag;
}

/**
 * A pdf-lib document's last steps: fonts embedded and tagged, the language and the title shown in
 * the viewer's title bar, as the papers written by our own builder have them.
 */
export async function finishPdfLibDocument(doc: PDFDocument, title: string): Promise<Uint8Array> {
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setLanguage('en-US');
  await doc.flush();
  tagSubsetFonts(doc.context);
  return doc.save();
}
