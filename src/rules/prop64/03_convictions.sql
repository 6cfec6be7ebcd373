-- id: P64-S03
-- title: Convictions
-- kind: stage
-- statute: (none)
-- summary: A conviction is a row whose DISP_DESCR starts with CONVICTED. A count with a multi-part sentence repeats its CNT_ORDER on several rows; the first row of each CNT_ORDER of a person stands for the conviction, the later ones only add sentence parts.

CREATE OR REPLACE TABLE convictions AS
SELECT
  row_idx,
  subject_id,
  cnt_order,
  left(cnt_order, 6)                 AS step_key,
  county,
  code_section,
  charge_from_comment,
  prop64_section_of(code_section)    AS prop64_section,
  disposition_text,
  doj_date(disposition_text)         AS disposition_date,
  is_felony,
  conv_stat,
  offense_toc,
  disp_descr
FROM row_facts
WHERE is_conviction
QUALIFY row_number() OVER (PARTITION BY subject_id, cnt_order ORDER BY row_idx) = 1;
