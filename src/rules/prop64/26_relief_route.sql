-- id: P64-H02
-- title: The route of relief: sentence still being served, or completed
-- kind: stage
-- statute: H&S 11361.8(a)-(b) (currently serving: recall or dismissal of sentence, resentencing); H&S 11361.8(e)-(f) (completed: dismissal and sealing, or redesignation)
-- summary: Which subdivision of H&S 11361.8 the papers cite for each conviction. A sentence is read from the conviction's sentence parts (its rows with the same CNT_ORDER): SENT_LENGTH a whole number, SENT_TIME_CODE D (days), M (months) or Y (years). The sentence ends at the disposition date plus its longest part (parts run concurrently unless the record says otherwise, which the extract does not). A sentence that ends on or after the review date is still being served; one that ended before it, or one that cannot be read (no parts, a length that is not a number, another time code, an unknown date), is completed, so the papers ask for dismissal and sealing or redesignation.

CREATE OR REPLACE TABLE relief_routes AS
WITH parts AS (
  SELECT
    rc.row_idx,
    rc.disposition_date,
    CASE WHEN regexp_full_match(f.sent_length, '[0-9]{1,4}') THEN f.sent_length::INTEGER END AS n,
    f.sent_time_code AS unit
  FROM relevant_convictions rc
  JOIN row_facts f ON f.subject_id = rc.subject_id AND f.cnt_order = rc.cnt_order
),
ends AS (
  SELECT
    row_idx,
    max(CASE unit WHEN 'D' THEN disposition_date + to_days(n)
                  WHEN 'M' THEN disposition_date + to_months(n)
                  WHEN 'Y' THEN disposition_date + to_years(n) END) AS sentence_ends
  FROM parts
  WHERE n IS NOT NULL AND disposition_date IS NOT NULL
  GROUP BY row_idx
)
SELECT
  rc.row_idx,
  e.sentence_ends::DATE AS sentence_ends,
  coalesce(e.sentence_ends >= o.compute_at, false) AS still_serving,
  CASE WHEN coalesce(e.sentence_ends >= o.compute_at, false) THEN '11361.8(b)'
       ELSE '11361.8(f)' END AS statute
FROM relevant_convictions rc
CROSS JOIN run_options o
LEFT JOIN ends e USING (row_idx);
