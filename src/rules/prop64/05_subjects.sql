-- id: P64-S05
-- title: People
-- kind: stage
-- statute: (none)
-- summary: One row per person in review (SUBJECT_ID) over their whole state record, every county: name and date of birth from their first row, deceased and PC 290 registration steps, and counts over all their convictions. A date of birth after one of their conviction dates cannot be right and is unknown, like a blank one.

CREATE OR REPLACE TABLE subjects AS
WITH from_rows AS (
  SELECT
    subject_id,
    arg_min_null(cii_number, row_idx) AS cii_number,
    arg_min_null(name, row_idx)       AS name,
    arg_min_null(dob_text, row_idx)   AS dob_text,
    bool_or(step_type = 'DECEASED')   AS is_deceased,
    bool_or(step_type = 'REGISTRATION' AND starts_with(trim(offense_descr), '290'))
                                      AS is_pc290_registrant
  FROM row_facts
  WHERE subject_id IN (SELECT subject_id FROM people_in_review)
  GROUP BY subject_id
),
from_convictions AS (
  SELECT
    c.subject_id,
    count(*)                                   AS conviction_count,
    count(c.prop64_section)                    AS prop64_count,
    count_if(c.prop64_section = '11357')       AS hs11357_count,
    count_if(c.prop64_section = '11358')       AS hs11358_count,
    count_if(c.prop64_section = '11359')       AS hs11359_count,
    count_if(c.prop64_section = '11360')       AS hs11360_count,
    bool_and(c.prop64_section IS NOT NULL)     AS only_prop64,
    max(c.disposition_date)                    AS latest_conviction_date,
    min(c.disposition_date)                    AS earliest_conviction_date,
    count_if(c.disposition_date IS NULL)       AS undated_conviction_count,
    string_agg(c.code_section, ';' ORDER BY c.row_idx) FILTER (WHERE f.is_superstrike)
                                               AS superstrike_sections,
    string_agg(c.code_section, ';' ORDER BY c.row_idx) FILTER (WHERE f.is_pc290)
                                               AS pc290_sections
  FROM convictions c
  LEFT JOIN flagged_code_sections f USING (code_section)
  GROUP BY c.subject_id
)
-- dob is the date of birth the rules use: NULL when PRI_DOB is blank, partial or impossible, and
-- also when it is after one of the person's (known) conviction dates, any county: nobody is
-- convicted before they are born, so it cannot be right (dob_doubt says so). The earlier tooling
-- gave such a person "21 years or younger".
SELECT
  r.* EXCLUDE (dob_read),
  CASE WHEN r.dob_read > c.earliest_conviction_date THEN NULL ELSE r.dob_read END AS dob,
  CASE WHEN r.dob_read > c.earliest_conviction_date THEN 'after a conviction date' END AS dob_doubt,
  coalesce(c.conviction_count, 0)      AS conviction_count,
  coalesce(c.prop64_count, 0)          AS prop64_count,
  coalesce(c.hs11357_count, 0)         AS hs11357_count,
  coalesce(c.hs11358_count, 0)         AS hs11358_count,
  coalesce(c.hs11359_count, 0)         AS hs11359_count,
  coalesce(c.hs11360_count, 0)         AS hs11360_count,
  coalesce(c.only_prop64, false)       AS only_prop64,
  c.latest_conviction_date,
  coalesce(c.undated_conviction_count, 0) AS undated_conviction_count,
  c.superstrike_sections,
  c.pc290_sections
FROM (SELECT *, doj_date(dob_text) AS dob_read FROM from_rows) r
LEFT JOIN from_convictions c USING (subject_id);
