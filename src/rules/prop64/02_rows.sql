-- id: P64-S02
-- title: The rows the rules read
-- kind: stage
-- statute: (none)
-- summary: One row per input row the rules can need, in file order, with row_idx its 0-based position in the file: the fields the rules compare, trimmed as every comparison must be, and what each row is (a conviction? a felony? which code section?).

-- doj_held is the engine's projection of the input file: the columns the rules need, as text, in
-- file order, each row with its position (row_idx). When the engine's fast reader read the file
-- (src/engine/extract-scan/held-rows.ts), it holds only the rows of people with a row that
-- mentions 11357-11360 in OFFENSE_DESCR or COMMENT_TEXT: no one else can get a determination or a
-- "Possible Other P64 Charges" cell. Everything below is computed once here, not in every stage
-- that reads the rows.
CREATE OR REPLACE TABLE doj_rows AS
SELECT
  *,
  trimmed(SUBJECT_ID)                 AS subject_id,
  trimmed(STP_TYPE_DESCR)             AS step_type,
  upper(trimmed(STP_ORI_CNTY_NAME))   AS county,
  trimmed(CNT_ORDER)                  AS cnt_order,
  charge_is_in_comment(OFFENSE_DESCR) AS charge_from_comment,
  code_section_of(CASE WHEN charge_is_in_comment(OFFENSE_DESCR) THEN COMMENT_TEXT
                       ELSE OFFENSE_DESCR END) AS code_section,
  coalesce(starts_with(trimmed(DISP_DESCR), 'CONVICTED'), false) AS is_conviction,
  prop64_section_of(code_section_of(CASE WHEN charge_is_in_comment(OFFENSE_DESCR) THEN COMMENT_TEXT
                                         ELSE OFFENSE_DESCR END)) AS prop64_section,
  -- Felony: the conviction status says so, or it is blank and the charge's type of crime is F.
  coalesce(trimmed(CONV_STAT_DESCR) = 'FELONY'
           OR (coalesce(trimmed(CONV_STAT_DESCR), '') = '' AND trimmed(OFFENSE_TOC) = 'F'), false)
    AS is_felony
FROM doj_held;

CREATE OR REPLACE VIEW row_facts AS
SELECT
  row_idx,
  subject_id,
  -- As the file has it: the outputs check each row's result cells against it.
  SUBJECT_ID             AS subject_id_raw,
  CII_NUMBER             AS cii_number,
  PRI_NAME               AS name,
  PRI_DOB                AS dob_text,
  STP_EVENT_DATE         AS disposition_text,
  step_type,
  county,
  cnt_order,
  OFN                    AS ofn,
  OFFENSE_DESCR          AS offense_descr,
  trimmed(OFFENSE_TOC)   AS offense_toc,
  trimmed(DISP_DESCR)    AS disp_descr,
  trimmed(CONV_STAT_DESCR) AS conv_stat,
  COMMENT_TEXT           AS comment_text,
  trimmed(SENT_LENGTH)   AS sent_length,
  upper(trimmed(SENT_TIME_CODE)) AS sent_time_code,
  charge_from_comment,
  code_section,
  prop64_section,
  is_conviction,
  is_felony
FROM doj_rows;
