import { plainValue, type Row } from '../database';

/** Arrow tables (duckdb-wasm) into plain rows with the engine's value conventions. */
export function arrowToRows<T extends Row>(table: {
  toArray(): Array<{ toJSON(): Record<string, unknown> }>;
  schema: { fields: Array<{ name: string; typeId: number }> };
}): T[] {
  // Arrow DATE columns arrive as epoch milliseconds; the engine reports dates as YYYY-MM-DD.
  const dateFields = table.schema.fields.filter((f) => f.typeId === 8).map((f) => f.name);
  // HUGEINT (count_if, sum of integers) arrives as Arrow Decimal and would turn into a string here
  // but a number from native DuckDB; the SQL must cast it so both engines agree.
  const decimal = table.schema.fields.find((f) => f.typeId === 7);
  if (decimal)
    throw new Error(
      `Column ${decimal.name} is HUGEINT/DECIMAL: cast it to BIGINT or DOUBLE in SQL.`,
    );
  return table.toArray().map((record) => {
    const row: Row = {};
    for (const [key, value] of Object.entries(record.toJSON())) {
      row[key] =
        dateFields.includes(key) && typeof value === 'number'
          ? new Date(value).toISOString().slice(0, 10)
          : plainValue(value);
    }
    return row as T;
  });
}
