-- id: P64-S03
-- title: Convictions
-- kind: stage
-- statute: (none)
-- summary: A conviction is a row whose DISP_DESCR starts with CONVICTED. A count with a multi-part sentence repeats its CNT_ORDER on several rows; the first row of each CNT_ORDER of a person stands for the conviction, the later ones only add sentence parts. A disposition date before 1900 or after the review date cannot be right and is unknown, like a blank one. Only people with a Prop 64 conviction in the county are followed further: no one else can get a determination.

CREATE OR REPLACE TABLE people_in_review AS
SELECT DISTINCT subject_id
FROM row_facts
WHERE is_conviction AND prop64_section IS NOT NULL
  AND county = (SELECT upper(trim(county)) FROM run_options);

-- disposition_date is the date the rules use: NULL when it is blank, partial or impossible, and
-- also when it cannot be right (disposition_doubt says why: before 1900, after the review date),
-- so every rule, figure and summary that needs it treats it as unknown.
CREATE OR REPLACE TABLE convictions AS
WITH first_rows AS (
  SELECT f.*, doj_date(f.disposition_text) AS date_read, o.compute_at
  FROM row_facts f, run_options o
  WHERE f.is_conviction AND f.subject_id IN (SELECT subject_id FROM people_in_review)
  QUALIFY row_number() OVER (PARTITION BY f.subject_id, f.cnt_order ORDER BY f.row_idx) = 1
)
SELECT
  row_idx,
  subject_id,
  subject_id_raw,
  cnt_order,
  left(cnt_order, 6)                 AS step_key,
  county,
  code_section,
  charge_from_comment,
  prop64_section,
  disposition_text,
  ofn,
  CASE WHEN disposition_doubt(date_read, compute_at) IS NULL THEN date_read END
                                     AS disposition_date,
  disposition_doubt(date_read, compute_at) AS disposition_doubt,
  is_felony,
  conv_stat,
  offense_toc,
  disp_descr
FROM first_rows;
