/**
 * What the attorney is told when granted convictions have no date of conviction (the DOJ record
 * has none): the same words in the app and the command-line tool.
 */
export function undatedWarning(undated: number, flattened: boolean): string {
  const which =
    undated === 1
      ? '1 granted conviction has no date of conviction'
      : `${undated.toLocaleString('en-US')} granted convictions have no date of conviction`;
  const fill = flattened
    ? 'by hand (these copies are flattened)'
    : '(it stays editable in each motion)';
  return (
    `${which} in the DOJ record, so the papers leave that date blank: find it and fill it in ` +
    `${fill}, or hold the conviction, before anything is filed.`
  );
}
