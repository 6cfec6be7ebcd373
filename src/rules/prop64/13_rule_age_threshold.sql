-- id: P64-R04
-- title: Person has reached the county's age threshold
-- kind: rule
-- statute: H&S 11361.8(e); county policy (additionalRelief.subjectAgeThreshold)
-- summary: When the county sets an age N (40-65), a person who is N or older on the review date gets the conviction dismissed. An unknown birth date never counts as old, nor does one after a conviction date (it cannot be right); the conviction is flagged for review naming the field.

CREATE OR REPLACE VIEW rule_04 AS
WITH t AS (
  SELECT c.*, o.age_threshold AS n, o.compute_at, add_years(c.dob, o.age_threshold) AS turns_n
  FROM relevant_convictions c, run_options o
)
SELECT
  row_idx,
  4                          AS rule_order,
  'P64-R04'                  AS rule_id,
  'Eligible for Dismissal'   AS determination,
  n || ' years or older'     AS reason,
  CASE WHEN n = 0 THEN false ELSE turns_n <= compute_at END AS fires,
  CASE
    WHEN n = 0 THEN 'age threshold? not part of this policy'
    ELSE format('{} or older on {}? born {}, {} on {} → {}',
                n, compute_at,
                date_evidence(dob, dob_text, dob_doubt),
                n, coalesce(turns_n::VARCHAR, 'unknown'), yes_no(turns_n <= compute_at))
  END AS evidence,
  CASE WHEN n > 0 AND dob IS NULL THEN unknown_field('the date of birth', dob_doubt) END AS missing
FROM t;
