-- id: P64-R07
-- title: Only Prop 64 convictions
-- kind: rule
-- statute: H&S 11361.8(e); county policy (additionalRelief.subjectHasOnlyProp64Charges)
-- summary: When the county grants it, a person all of whose convictions (any county) are for 11357-11360 gets the conviction dismissed.

CREATE OR REPLACE VIEW rule_07 AS
SELECT
  c.row_idx,
  7                          AS rule_order,
  'P64-R07'                  AS rule_id,
  'Eligible for Dismissal'   AS determination,
  'Only has 11357-60 charges' AS reason,
  o.only_prop64_charges AND c.only_prop64 AS fires,
  CASE
    WHEN NOT o.only_prop64_charges THEN 'only Prop 64 convictions? not part of this policy'
    ELSE format('only Prop 64 convictions? {} of {} convictions are 11357-11360 → {}',
                c.prop64_count, c.conviction_count, yes_no(c.only_prop64))
  END AS evidence,
  NULL::VARCHAR              AS missing
FROM relevant_convictions c, run_options o;
