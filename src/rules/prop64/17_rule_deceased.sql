-- id: P64-R08
-- title: Person is deceased
-- kind: rule
-- statute: H&S 11361.8(e); county policy (additionalRelief.subjectIsDeceased)
-- summary: When the county grants it, a person with a DECEASED step anywhere in their record gets the conviction dismissed.

CREATE OR REPLACE VIEW rule_08 AS
SELECT
  c.row_idx,
  8                          AS rule_order,
  'P64-R08'                  AS rule_id,
  'Eligible for Dismissal'   AS determination,
  'Individual is deceased'   AS reason,
  o.subject_is_deceased AND c.is_deceased AS fires,
  CASE
    WHEN NOT o.subject_is_deceased THEN 'deceased? not part of this policy'
    ELSE format('deceased? a DECEASED step in the record → {}', yes_no(c.is_deceased))
  END AS evidence,
  NULL::VARCHAR              AS missing
FROM relevant_convictions c, run_options o;
