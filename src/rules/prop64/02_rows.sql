-- id: P64-S02
-- title: The rows the rules read
-- kind: stage
-- statute: (none)
-- summary: Keeps only the 14 input columns the rules need, trimmed for comparison, one row per input row in file order (rowid is the 0-based row index).

CREATE OR REPLACE TABLE doj_rows AS
SELECT
  trim(SUBJECT_ID)                    AS subject_id,
  CII_NUMBER                          AS cii_number,
  PRI_NAME                            AS name,
  PRI_DOB                             AS dob_text,
  STP_EVENT_DATE                      AS disposition_text,
  trim(STP_TYPE_DESCR)                AS step_type,
  upper(trim(STP_ORI_CNTY_NAME))      AS county,
  trim(CNT_ORDER)                     AS cnt_order,
  OFN                                 AS ofn,
  OFFENSE_DESCR                       AS offense_descr,
  trim(OFFENSE_TOC)                   AS offense_toc,
  trim(DISP_DESCR)                    AS disp_descr,
  trim(CONV_STAT_DESCR)               AS conv_stat,
  COMMENT_TEXT                        AS comment_text
FROM doj_input;

CREATE OR REPLACE VIEW row_facts AS
SELECT
  rowid AS row_idx,
  *,
  charge_is_in_comment(offense_descr) AS charge_from_comment,
  code_section_of(CASE WHEN charge_is_in_comment(offense_descr) THEN comment_text
                       ELSE offense_descr END) AS code_section,
  coalesce(starts_with(disp_descr, 'CONVICTED'), false) AS is_conviction,
  -- Felony: the conviction status says so, or it is blank and the charge's type of crime is F.
  coalesce(conv_stat = 'FELONY' OR (coalesce(conv_stat, '') = '' AND offense_toc = 'F'), false)
    AS is_felony
FROM doj_rows;
