-- id: P64-R02
-- title: Section the county dismisses
-- kind: rule
-- statute: H&S 11361.8(a); county policy (baselineEligibility.dismiss)
-- summary: A conviction whose code section contains a section on the county's dismiss list is eligible for dismissal. Sections are checked in the order the county listed them.

CREATE OR REPLACE VIEW rule_02 AS
SELECT
  c.row_idx,
  2                          AS rule_order,
  'P64-R02'                  AS rule_id,
  'Eligible for Dismissal'   AS determination,
  'Dismiss all HS ' || m.section || ' convictions' AS reason,
  m.section IS NOT NULL      AS fires,
  format('in the dismiss list? "{}" names one of [{}] → {}',
         c.code_section, policy_list_text('dismiss'),
         CASE WHEN m.section IS NULL THEN 'no' ELSE 'yes, ' || m.section END) AS evidence,
  NULL::VARCHAR              AS missing
FROM relevant_convictions c
LEFT JOIN policy_section_match('dismiss') m USING (row_idx);
