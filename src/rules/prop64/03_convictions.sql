-- id: P64-S03
-- title: Convictions
-- kind: stage
-- statute: (none)
-- summary: A conviction is a row whose DISP_DESCR starts with CONVICTED. A count with a multi-part sentence repeats its CNT_ORDER on several rows; the first row of each CNT_ORDER of a person stands for the conviction, the later ones only add sentence parts. Only people with a Prop 64 conviction in the county are followed further: no one else can get a determination.

CREATE OR REPLACE TABLE people_in_review AS
SELECT DISTINCT subject_id
FROM row_facts
WHERE is_conviction AND prop64_section IS NOT NULL
  AND county = (SELECT upper(trim(county)) FROM run_options);

CREATE OR REPLACE TABLE convictions AS
SELECT
  row_idx,
  subject_id,
  subject_id_raw,
  cnt_order,
  left(cnt_order, 6)                 AS step_key,
  county,
  code_section,
  charge_from_comment,
  prop64_section,
  disposition_text,
  ofn,
  doj_date(disposition_text)         AS disposition_date,
  is_felony,
  conv_stat,
  offense_toc,
  disp_descr
FROM row_facts
WHERE is_conviction AND subject_id IN (SELECT subject_id FROM people_in_review)
QUALIFY row_number() OVER (PARTITION BY subject_id, cnt_order ORDER BY row_idx) = 1;
