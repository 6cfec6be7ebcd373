-- id: P64-R03
-- title: Under 21 at conviction
-- kind: rule
-- statute: H&S 11361.8(e); county policy (additionalRelief.subjectUnder21AtConviction)
-- summary: When the county grants it, a person whose 21st birthday came after the conviction date gets the conviction dismissed. An unknown birth or conviction date never counts as young, nor does one that cannot be right (a birth after a conviction, a conviction before 1900 or after the review date); the conviction is flagged for review naming the field.

CREATE OR REPLACE VIEW rule_03 AS
WITH t AS (
  SELECT c.*, o.subject_under_21 AS enabled, add_years(c.dob, 21) AS turned_21
  FROM relevant_convictions c, run_options o
)
SELECT
  row_idx,
  3                          AS rule_order,
  'P64-R03'                  AS rule_id,
  'Eligible for Dismissal'   AS determination,
  '21 years or younger'      AS reason,
  CASE WHEN NOT enabled THEN false ELSE turned_21 > disposition_date END AS fires,
  CASE
    WHEN NOT enabled THEN 'under 21 at conviction? not part of this policy'
    ELSE format('under 21 at conviction? born {}, 21 on {}, convicted {} → {}',
                date_evidence(dob, dob_text, dob_doubt),
                coalesce(turned_21::VARCHAR, 'unknown'),
                date_evidence(disposition_date, disposition_text, disposition_doubt),
                yes_no(turned_21 > disposition_date))
  END AS evidence,
  CASE WHEN enabled AND dob IS NULL THEN unknown_field('the date of birth', dob_doubt)
       WHEN enabled AND disposition_date IS NULL
         THEN unknown_field('the date of conviction', disposition_doubt) END AS missing
FROM t;
