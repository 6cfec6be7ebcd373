import type { Database } from '../database';
import { privacySettings } from '../duckdb/settings';
import { sqlString } from '../database';

export type EngineKind = 'wasm' | 'native';

/**
 * Opens DuckDB for one run and fences it in: no extensions fetched, and no file touched except the
 * input(s) it reads and the staging folder it writes.
 */
export async function openEngineDatabase(
  kind: EngineKind,
  access: { readable: string[]; writable: string[] },
): Promise<Database> {
  // Only the build asked for is loaded: each is a large module.
  const db =
    kind === 'native'
      ? await (await import('../duckdb/node-native')).openNativeDatabase()
      : await (await import('../duckdb/node-wasm')).openWasmDatabase();
  const list = (items: string[]) => `[${items.map(sqlString).join(', ')}]`;
  await db.exec(`
    SET allowed_paths = ${list(access.readable)};
    SET allowed_directories = ${list(access.writable)};
    SET enable_external_access = false;
    ${privacySettings({ lockConfiguration: true })}
  `);
  return db;
}
