-- id: P64-R05
-- title: Conviction is old enough
-- kind: rule
-- statute: H&S 11361.8(e); county policy (additionalRelief.yearsSinceConvictionThreshold)
-- summary: When the county sets N years (1-15), a conviction dated on or before the review date minus N years is dismissed. An unknown conviction date never counts as old, nor does one that cannot be right (before 1900, after the review date); the conviction is flagged for review naming the field.

CREATE OR REPLACE VIEW rule_05 AS
WITH t AS (
  SELECT c.*, o.years_since_conviction AS n, add_years(o.compute_at, -o.years_since_conviction) AS cutoff
  FROM relevant_convictions c, run_options o
)
SELECT
  row_idx,
  5                          AS rule_order,
  'P64-R05'                  AS rule_id,
  'Eligible for Dismissal'   AS determination,
  'Conviction occurred ' || n || ' or more years ago' AS reason,
  CASE WHEN n = 0 THEN false ELSE disposition_date <= cutoff END AS fires,
  CASE
    WHEN n = 0 THEN 'years since conviction? not part of this policy'
    ELSE format('convicted {} or more years ago? convicted {}, on or before {} → {}',
                n,
                date_evidence(disposition_date, disposition_text, disposition_doubt),
                cutoff, yes_no(disposition_date <= cutoff))
  END AS evidence,
  CASE WHEN n > 0 AND disposition_date IS NULL
       THEN unknown_field('the date of conviction', disposition_doubt) END AS missing
FROM t;
