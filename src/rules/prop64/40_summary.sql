-- id: P64-O03
-- title: Summary figures
-- kind: stage
-- statute: (none: the summary.json keys kept from the earlier tooling)
-- summary: Counts for the county's Prop 64 convictions, the relief each rule gave, and how many people would no longer have a felony, any conviction, or any conviction in the last 7 years, under the chosen policy and under "dismiss every Prop 64 conviction" (with and without related charges). Every count is 0, never NULL, when there is nothing to count; the totals also say whether the review date is before every conviction date, for the CLI's and the browser's warning.

-- Charges often filed alongside cannabis ones, for the "dismiss all, with related charges"
-- comparison: PC 647(f), 602, 466, 148.9, 148, 1320; H&S 11364, 11550; B&P 4140, 4149, 4060;
-- VC 40508. A code section is related when it starts with one of these sections followed by
-- something other than a digit or dot (so 148 does not match 1480 or 148.9's own entry twice).
CREATE OR REPLACE TABLE related_charge_patterns (pattern VARCHAR, description VARCHAR);
INSERT INTO related_charge_patterns VALUES
  ('^647\(F\)', 'PC 647(f): public intoxication'),
  ('^602([^0-9.]|$)', 'PC 602: trespass'),
  ('^466([^0-9.]|$)', 'PC 466: burglary tools'),
  ('^148\.9([^0-9]|$)', 'PC 148.9: false identification'),
  ('^148([^0-9.]|$)', 'PC 148: resisting an officer'),
  ('^1320([^0-9.]|$)', 'PC 1320: failure to appear'),
  ('^11364([^0-9.]|$)', 'H&S 11364: paraphernalia'),
  ('^11550([^0-9.]|$)', 'H&S 11550: under the influence'),
  ('^4140([^0-9.]|$)', 'B&P 4140: needle possession'),
  ('^4149([^0-9.]|$)', 'B&P 4149: needle possession'),
  ('^4060([^0-9.]|$)', 'B&P 4060: controlled substance without prescription'),
  ('^40508([^0-9.]|$)', 'VC 40508: failure to appear on a citation');

-- Every count is a number, 0 included: count_if over no rows (a county with no Prop 64
-- convictions) is NULL, which the CLI printed as "null dismissal".
CREATE OR REPLACE MACRO count_where(b) AS coalesce(count_if(b), 0)::BIGINT;

CREATE OR REPLACE VIEW summary_totals AS
SELECT
  (SELECT row_count FROM input_facts)                                   AS line_count,
  min(rc.disposition_date)                                              AS earliest_conviction,
  count(*)                                                              AS prop64_convictions,
  count_where(rc.is_felony)                                             AS prop64_felony,
  count_where(NOT rc.is_felony)                                         AS prop64_non_felony,
  count(DISTINCT rc.subject_id)                                         AS subjects_with_prop64,
  count(DISTINCT rc.subject_id) FILTER (WHERE d.determination IS NOT NULL) AS subjects_with_relief,
  count_where(d.determination = 'Eligible for Dismissal')               AS dismissals,
  count_where(d.determination = 'Eligible for Reduction')               AS reductions,
  count_where(d.determination IS NULL)                                  AS no_relief,
  count_where(d.review_note IS NOT NULL)                                AS needs_review,
  -- Dated after the review date, so read as unknown (03_convictions.sql). When some are and none
  -- has a usable date, the review date is before every conviction date (a date before 1900 aside):
  -- almost surely a wrong --compute-at, which the CLI and the browser warn about.
  count_where(rc.disposition_doubt = 'after the review date')           AS dated_after_review,
  count_where(rc.disposition_doubt = 'after the review date') > 0 AND count(rc.disposition_date) = 0
                                                                        AS review_date_before_every_conviction
FROM relevant_convictions rc
JOIN determinations d USING (row_idx);

-- Per Prop 64 section: convictions in the county, and those dismissed by rule 2 or reduced by
-- rule 9 because of that section on the county's list.
CREATE OR REPLACE VIEW summary_by_section AS
SELECT
  rc.prop64_section AS section,
  count(*) AS convictions,
  count_where(d.determination = 'Eligible for Dismissal') AS dismissed,
  count_where(d.determination = 'Eligible for Reduction') AS reduced,
  count_where(d.determination IS NULL) AS no_relief
FROM relevant_convictions rc
JOIN determinations d USING (row_idx)
GROUP BY rc.prop64_section;

CREATE OR REPLACE VIEW summary_by_rule AS
SELECT d.rule_id, d.determination, d.reason, count(*) AS convictions
FROM determinations d
WHERE d.rule_id IS NOT NULL
GROUP BY ALL;

-- For each policy, a person counts when they have at least one conviction of the kind (felony;
-- any; dated within the 7 years before the review date, any county) and every one of those gets
-- relief under that policy: dismissal or reduction for felonies, dismissal for the other two.
-- A conviction with an unknown date (or one that cannot be right: before 1900, after the review
-- date) is not counted as within the 7 years.
CREATE OR REPLACE TABLE summary_impact AS
WITH people AS (SELECT DISTINCT subject_id FROM relevant_convictions),
conv AS (
  SELECT
    c.subject_id, c.is_felony,
    coalesce(c.disposition_date > add_years(o.compute_at, -7) AND c.disposition_date <= o.compute_at, false)
      AS in_last_7_years,
    d.determination,
    rc.row_idx IS NOT NULL AS is_relevant,
    c.county = upper(trim(o.county)) AND EXISTS (
      SELECT 1 FROM related_charge_patterns p WHERE regexp_matches(c.code_section, p.pattern)
    ) AS is_related
  FROM convictions c
  JOIN people USING (subject_id)
  CROSS JOIN run_options o
  LEFT JOIN relevant_convictions rc USING (row_idx)
  LEFT JOIN determinations d USING (row_idx)
),
by_policy AS (
  SELECT 'current' AS policy, subject_id, is_felony, in_last_7_years,
         determination IS NOT NULL AS relieved,
         coalesce(determination = 'Eligible for Dismissal', false) AS dismissed
  FROM conv
  UNION ALL
  SELECT 'dismiss_all_prop64', subject_id, is_felony, in_last_7_years, is_relevant, is_relevant
  FROM conv
  UNION ALL
  SELECT 'dismiss_all_prop64_and_related', subject_id, is_felony, in_last_7_years,
         is_relevant OR is_related, is_relevant OR is_related
  FROM conv
),
per_person AS (
  SELECT
    policy, subject_id,
    bool_or(is_felony) AND bool_and(relieved) FILTER (WHERE is_felony) AS no_felony,
    bool_and(dismissed) AS no_conviction,
    bool_or(in_last_7_years) AND bool_and(dismissed) FILTER (WHERE in_last_7_years) AS no_recent
  FROM by_policy
  GROUP BY ALL
)
SELECT
  policy,
  count_where(no_felony)     AS no_felony,
  count_where(no_conviction) AS no_conviction,
  count_where(no_recent)     AS no_conviction_last_7_years
FROM per_person
GROUP BY policy;
