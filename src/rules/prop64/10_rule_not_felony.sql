-- id: P64-R01
-- title: Misdemeanor or infraction
-- kind: rule
-- statute: H&S 11361.8(e)-(f); county policy
-- summary: A Prop 64 conviction that is not a felony is eligible for dismissal. Felony means CONV_STAT_DESCR is FELONY, or it is blank and OFFENSE_TOC is F.

CREATE OR REPLACE VIEW rule_01 AS
SELECT
  row_idx,
  1                          AS rule_order,
  'P64-R01'                  AS rule_id,
  'Eligible for Dismissal'   AS determination,
  'Misdemeanor or Infraction' AS reason,
  NOT is_felony              AS fires,
  format('felony? conviction level "{}", charge type "{}" → {}',
         coalesce(conv_stat, ''), coalesce(offense_toc, ''), yes_no(is_felony)) AS evidence,
  NULL::VARCHAR              AS missing
FROM relevant_convictions;
