/** Saved queries for the auditor's console: starting points that show what the tables hold. */
export const CONSOLE_EXAMPLES = [
  {
    title: 'Determinations by rule and reason',
    sql: `SELECT rule_id, determination, reason, count(*) AS convictions
FROM determinations
GROUP BY ALL
ORDER BY convictions DESC;`,
  },
  {
    title: 'Convictions flagged for review, and why',
    sql: `SELECT d.row_idx, c.code_section, c.disposition_date, d.review_note
FROM determinations d
JOIN relevant_convictions c USING (row_idx)
WHERE d.review_note IS NOT NULL
ORDER BY d.row_idx;`,
  },
  {
    title: 'Felony convictions that get no relief',
    sql: `SELECT c.row_idx, c.subject_id, c.code_section, c.disposition_date
FROM relevant_convictions c
JOIN determinations d USING (row_idx)
WHERE c.is_felony AND d.determination IS NULL
ORDER BY c.row_idx;`,
  },
  {
    title: 'Every rule tried on one conviction',
    sql: `SELECT rule_order, rule_id, fires, evidence, missing
FROM rule_outcomes
WHERE row_idx = (SELECT min(row_idx) FROM determinations)
ORDER BY rule_order;`,
  },
  {
    title: 'People with the most Prop 64 convictions',
    sql: `SELECT subject_id, name, prop64_count, conviction_count
FROM subjects
WHERE prop64_count > 0
ORDER BY prop64_count DESC, subject_id
LIMIT 20;`,
  },
  {
    title: 'Rows held (people with a Prop 64 row), by county and step type',
    sql: `SELECT county, step_type, count(*) AS rows
FROM doj_rows
GROUP BY ALL
ORDER BY rows DESC;`,
  },
] as const;
