import type { Database } from '../database';
import { privacySettings } from '../duckdb/settings';
import { openNativeDatabase } from '../duckdb/node-native';
import { openWasmDatabase } from '../duckdb/node-wasm';
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
  const db = kind === 'native' ? await openNativeDatabase() : await openWasmDatabase();
  const list = (items: string[]) => `[${items.map(sqlString).join(', ')}]`;
  await db.exec(`
    SET allowed_paths = ${list(access.readable)};
    SET allowed_directories = ${list(access.writable)};
    SET enable_external_access = false;
    ${privacySettings({ lockConfiguration: true })}
  `);
  return db;
}
