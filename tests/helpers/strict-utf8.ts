/** Whether bytes are well-formed UTF-8, by a strict TextDecoder: the tests' reference check. */
export function isStrictUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
