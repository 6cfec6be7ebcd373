-- id: P64-S05
-- title: People
-- kind: stage
-- statute: (none)
-- summary: One row per person in review (SUBJECT_ID) over their whole state record, every county: name and date of birth from their first row, deceased and PC 290 registration steps, and counts over all their convictions.

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
    count_if(c.disposition_date IS NULL)       AS undated_conviction_count,
    string_agg(c.code_section, ';' ORDER BY c.row_idx) FILTER (WHERE f.is_superstrike)
                                               AS superstrike_sections,
    string_agg(c.code_section, ';' ORDER BY c.row_idx) FILTER (WHERE f.is_pc290)
                                               AS pc290_sections
  FROM convictions c
  LEFT JOIN flagged_code_sections f USING (code_section)
  GROUP BY c.subject_id
)
SELECT
  r.*,
  doj_date(r.dob_text) AS dob,
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
FROM from_rows r
LEFT JOIN from_convictions c USING (subject_id);
