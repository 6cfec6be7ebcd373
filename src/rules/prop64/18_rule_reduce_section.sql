-- id: P64-R09
-- title: Section the county reduces
-- kind: rule
-- statute: H&S 11361.8(b); county policy (baselineEligibility.reduce)
-- summary: A felony conviction that no dismissal rule reached, whose code section contains a section on the county's reduce list, is eligible for reduction to a misdemeanor.

CREATE OR REPLACE VIEW rule_09 AS
SELECT
  c.row_idx,
  9                          AS rule_order,
  'P64-R09'                  AS rule_id,
  'Eligible for Reduction'   AS determination,
  'Reduce all HS ' || m.section || ' convictions' AS reason,
  m.section IS NOT NULL      AS fires,
  format('in the reduce list? "{}" names one of [{}] → {}',
         c.code_section, policy_list_text('reduce'),
         CASE WHEN m.section IS NULL THEN 'no' ELSE 'yes, ' || m.section END) AS evidence,
  NULL::VARCHAR              AS missing
FROM relevant_convictions c
LEFT JOIN policy_section_match('reduce') m USING (row_idx);
