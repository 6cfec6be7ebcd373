-- id: P64-R03
-- title: Under 21 at conviction
-- kind: rule
-- statute: H&S 11361.8(e); county policy (additionalRelief.subjectUnder21AtConviction)
-- summary: When the county grants it, a person whose 21st birthday came after the conviction date gets the conviction dismissed. An unknown birth or conviction date never counts as young; the conviction is flagged for review.

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
                coalesce(dob::VARCHAR, 'unknown ("' || trim(coalesce(dob_text, '')) || '")'),
                coalesce(turned_21::VARCHAR, 'unknown'),
                coalesce(disposition_date::VARCHAR,
                         'unknown ("' || trim(coalesce(disposition_text, '')) || '")'),
                yes_no(turned_21 > disposition_date))
  END AS evidence,
  CASE WHEN enabled AND dob IS NULL THEN 'PRI_DOB'
       WHEN enabled AND disposition_date IS NULL THEN 'STP_EVENT_DATE' END AS missing
FROM t;
