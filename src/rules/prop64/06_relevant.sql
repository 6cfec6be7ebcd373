-- id: P64-S06
-- title: Convictions that get a determination
-- kind: stage
-- statute: H&S 11361.9 (the county reviews its own Prop 64 convictions)
-- summary: A conviction gets a determination when it was in the county running the review (STP_ORI_CNTY_NAME, trimmed, any case) and its code section names 11357, 11358, 11359 or 11360.

CREATE OR REPLACE TABLE relevant_convictions AS
SELECT
  c.*,
  s.dob,
  s.dob_text,
  s.dob_doubt,
  s.is_deceased,
  s.only_prop64,
  s.conviction_count,
  s.prop64_count,
  s.latest_conviction_date,
  s.undated_conviction_count
FROM convictions c
JOIN subjects s USING (subject_id)
WHERE c.prop64_section IS NOT NULL
  AND c.county = (SELECT upper(trim(county)) FROM run_options);

-- Rules 2 and 9 share this: the first section of the policy list (in the order the county listed
-- them) that the conviction's code section contains.
CREATE OR REPLACE MACRO policy_section_match(list_name) AS TABLE
  SELECT c.row_idx, arg_min(p.section, p.position) AS section
  FROM relevant_convictions c
  JOIN policy_sections p ON p.action = list_name AND contains(c.code_section, p.section)
  GROUP BY c.row_idx;

CREATE OR REPLACE MACRO policy_list_text(list_name) AS
  (SELECT coalesce(string_agg(section, ', ' ORDER BY position), '')
   FROM policy_sections WHERE action = list_name);

CREATE OR REPLACE MACRO yes_no(b) AS
  CASE WHEN b IS NULL THEN 'cannot tell' WHEN b THEN 'yes' ELSE 'no' END;
