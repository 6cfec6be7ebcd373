-- id: P64-R06
-- title: No convictions for N years
-- kind: rule
-- statute: H&S 11361.8(e); county policy (additionalRelief.yearsCrimeFreeThreshold)
-- summary: When the county sets N years (1-15), a person whose most recent conviction (any county) is before the review date minus N years gets the conviction dismissed. If any of their convictions has an unknown date (blank, partial, or one that cannot be right: before 1900, after the review date), the rule cannot tell and flags the conviction for review.

CREATE OR REPLACE VIEW rule_06 AS
WITH t AS (
  SELECT c.*, o.years_crime_free AS n, add_years(o.compute_at, -o.years_crime_free) AS cutoff
  FROM relevant_convictions c, run_options o
)
SELECT
  row_idx,
  6                          AS rule_order,
  'P64-R06'                  AS rule_id,
  'Eligible for Dismissal'   AS determination,
  'No convictions in the past ' || n || ' years' AS reason,
  CASE WHEN n = 0 THEN false
       WHEN undated_conviction_count > 0 THEN NULL
       ELSE latest_conviction_date < cutoff END AS fires,
  CASE
    WHEN n = 0 THEN 'years without a conviction? not part of this policy'
    WHEN undated_conviction_count > 0 THEN
      format('no conviction for {} years? {} conviction(s) of this person have no usable date → cannot tell',
             n, undated_conviction_count)
    ELSE format('no conviction for {} years? most recent conviction {}, before {} → {}',
                n, latest_conviction_date, cutoff, yes_no(latest_conviction_date < cutoff))
  END AS evidence,
  CASE WHEN n > 0 AND undated_conviction_count > 0 THEN 'the date of another conviction' END
    AS missing
FROM t;
