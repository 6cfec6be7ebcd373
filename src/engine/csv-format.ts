/**
 * How output cells are written, in SQL so DuckDB streams every file with COPY.
 *
 * Quoting follows the earlier tooling's CSV writer (Go's encoding/csv) byte for byte: a cell is
 * quoted only when it starts with a space or tab, contains a comma, quote, CR or LF, or is exactly
 * \. (which would otherwise end a PostgreSQL COPY); empty cells are bare.
 *
 * Spreadsheet formula neutralisation (CSV injection): a cell that a spreadsheet would run as a
 * formula, one starting with = + - or @ (possibly after tabs or carriage returns, which some
 * spreadsheets skip), gets a leading apostrophe, which spreadsheets show as text and never
 * evaluate. Ordinary DOJ values are left exactly as they are: plain numbers ("-1.0", "+5"), runs
 * of dashes ("-"), whitespace-only padding, and anything starting with a space ("  -  "
 * placeholders) or a letter or digit (names, dates, code sections).
 */
export const CSV_FORMAT_SQL = `
CREATE OR REPLACE MACRO csv_neutralise(v) AS
  CASE WHEN regexp_matches(v, '^[\\t\\r]*[=+\\-@]') AND NOT regexp_full_match(v, '[+-]?[0-9]*\\.?[0-9]+|-+')
       THEN '''' || v ELSE v END;
CREATE OR REPLACE MACRO csv_quote(v) AS
  CASE WHEN regexp_matches(v, '^[ \\t]|[,"\\r\\n]') OR v = '\\.' THEN '"' || replace(v, '"', '""') || '"' ELSE v END;
CREATE OR REPLACE MACRO csv_cell(v) AS coalesce(csv_quote(csv_neutralise(v)), '');
-- A value as DuckDB's own CSV writer quotes it (NULL stays NULL): All_Results_Condensed.csv
-- streamed line by line in the browser, byte for byte what COPY writes under Node.
CREATE OR REPLACE MACRO duckdb_csv_cell(v) AS
  CASE WHEN regexp_matches(v, '[,"\\r\\n]|^#') THEN '"' || replace(v, '"', '""') || '"' ELSE v END;
-- Fields of one RFC 4180 line, unquoted; for the rare lines that need a cell rewritten.
CREATE OR REPLACE MACRO csv_fields(line) AS
  list_transform(regexp_extract_all(line, '(?:^|,)("(?:[^"]|"")*"|[^,]*)', 1),
                 f -> CASE WHEN starts_with(f, '"') THEN replace(f[2:-2], '""', '"') ELSE f END);
CREATE OR REPLACE MACRO csv_line_rewritten(line) AS
  array_to_string(list_transform(csv_fields(line), f -> csv_cell(f)), ',');
`;

/**
 * The SQL expression for one CSV line made of these columns. The cells go through one lambda
 * rather than one inlined macro per column: 113 inlined copies made the query take seconds to plan.
 * csv_cell never returns NULL, so array_to_string (which drops NULLs) keeps every position.
 */
export function csvLineExpression(columns: readonly { alias: string; column: string }[]): string {
  const cells = columns.map(({ alias, column }) => `${alias}."${column.replaceAll('"', '""')}"`);
  return `array_to_string(list_transform([${cells.join(', ')}], cell -> csv_cell(cell)), ',')`;
}

/** The header line, used as the single output column's name so COPY writes it verbatim. */
export function csvHeaderLine(names: readonly string[]): string {
  return names.join(',');
}
