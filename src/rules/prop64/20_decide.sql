-- id: P64-D01
-- title: The determination: first rule that fires
-- kind: stage
-- statute: H&S 11361.8, 11361.9
-- summary: Rules 1-9 are tried in order and the first that fires decides. None firing means no determination. A rule that could not be applied because a date was unknown, before the deciding rule, flags the conviction for review and names the missing field.

-- Every rule tried on every conviction. A view: the determination below reads only the columns it
-- needs, so each rule's evidence text is only made when someone asks why (the explanation of a
-- conviction, the auditor's console).
CREATE OR REPLACE VIEW rule_outcomes AS
SELECT * FROM rule_01
UNION ALL BY NAME SELECT * FROM rule_02
UNION ALL BY NAME SELECT * FROM rule_03
UNION ALL BY NAME SELECT * FROM rule_04
UNION ALL BY NAME SELECT * FROM rule_05
UNION ALL BY NAME SELECT * FROM rule_06
UNION ALL BY NAME SELECT * FROM rule_07
UNION ALL BY NAME SELECT * FROM rule_08
UNION ALL BY NAME SELECT * FROM rule_09;

CREATE OR REPLACE TABLE determinations AS
WITH ranked AS (
  SELECT *, min(rule_order) FILTER (WHERE fires) OVER (PARTITION BY row_idx) AS decided_at
  FROM rule_outcomes
)
SELECT
  row_idx,
  arg_min(rule_id, rule_order) FILTER (WHERE fires)       AS rule_id,
  arg_min(determination, rule_order) FILTER (WHERE fires) AS determination,
  arg_min(reason, rule_order) FILTER (WHERE fires)        AS reason,
  string_agg(format('{} could not be applied: {} is unknown', rule_id, missing), '; '
             ORDER BY rule_order)
    FILTER (WHERE fires IS NULL AND rule_order < coalesce(decided_at, 99)) AS review_note
FROM ranked
GROUP BY row_idx;
