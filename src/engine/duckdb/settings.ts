/**
 * Settings applied to every connection right after it opens. Nothing in a run may reach the
 * network: extension autoloading and installing are off, and (where the caller lists the files it
 * registered) external access is off too. lock_configuration stops any later SQL from undoing this.
 */
export function privacySettings(options: { lockConfiguration: boolean }): string {
  const statements = [
    'SET autoload_known_extensions = false',
    'SET autoinstall_known_extensions = false',
    'SET allow_community_extensions = false',
    'SET preserve_insertion_order = true',
  ];
  if (options.lockConfiguration) statements.push('SET lock_configuration = true');
  return statements.map((s) => `${s};`).join('\n');
}
