-- id: P64-O01
-- title: The 18 result columns of every input row
-- kind: stage
-- statute: (none: output layout kept from the earlier tooling)
-- summary: Relevant convictions get all 18 columns; "Possible Other P64 Charges" is filled on any row whose comment names a Prop 64 section that its offense field does not; every other cell is empty.

-- Case numbers of a step: distinct non-empty OFNs, as written, of the person's COURT ACTION rows
-- in the same cycle and step (first 6 digits of CNT_ORDER), in order of appearance. Only the steps
-- of relevant convictions are needed.
CREATE OR REPLACE TABLE step_case_numbers AS
WITH court_ofns AS (
  SELECT f.subject_id, left(f.cnt_order, 6) AS step_key, f.ofn, min(f.row_idx) AS first_seen
  FROM row_facts f
  SEMI JOIN (SELECT DISTINCT subject_id, step_key FROM relevant_convictions) rc
    ON rc.subject_id = f.subject_id AND rc.step_key = left(f.cnt_order, 6)
  WHERE f.step_type = 'COURT ACTION' AND trim(coalesce(f.ofn, '')) <> ''
  GROUP BY ALL
)
SELECT subject_id, step_key, string_agg(ofn, '; ' ORDER BY first_seen) AS case_numbers
FROM court_ofns
GROUP BY ALL;

-- The comment names a Prop 64 section c that the offense field (which holds the charge) does not:
-- o absent, o <> c, or both 11357 with subsection letters that disagree (none vs. some, or A/B
-- vs. C/D).
CREATE OR REPLACE MACRO subsection_letter(txt) AS
  nullif(regexp_extract(coalesce(txt, ''), '11357\(([A-D])\)', 1), '');

CREATE OR REPLACE TABLE possible_other_p64 AS
WITH t AS (
  SELECT row_idx, subject_id_raw, comment_text,
         prop64_section_of(comment_text) AS c, prop64_section_of(offense_descr) AS o,
         subsection_letter(comment_text) AS cl, subsection_letter(offense_descr) AS ol
  FROM row_facts
  WHERE NOT charge_from_comment AND comment_text IS NOT NULL
)
SELECT row_idx, subject_id_raw, comment_text
FROM t
WHERE c IS NOT NULL
  AND (o IS NULL OR o <> c
       OR (o = '11357' AND c = '11357'
           AND ((cl IS NOT NULL AND ol IS NULL)
                OR (cl IS NOT NULL AND ol IS NOT NULL AND (cl IN ('A', 'B')) <> (ol IN ('A', 'B'))))));

-- The rows that have a result cell (a relevant conviction, or a Possible Other P64 Charge), in
-- file order: a few per cent of the file. Every other row's 18 cells are empty.
CREATE OR REPLACE TABLE result_cells AS
WITH relevant AS (
  SELECT
    rc.row_idx,
    rc.subject_id_raw,
    coalesce(cn.case_numbers, '')                           AS case_number,
    s.conviction_count::VARCHAR                             AS conviction_count,
    CASE WHEN rc.disposition_date > DATE '2016-11-09' THEN 'Y' ELSE 'N' END AS after_prop64,
    coalesce(s.superstrike_sections, '-')                   AS superstrikes,
    coalesce(s.pc290_sections, '-')                         AS pc290_sections,
    CASE WHEN s.is_pc290_registrant THEN 'Yes' ELSE '-' END AS pc290_registration,
    coalesce(strftime(rc.disposition_date, '%m/%d/%Y'), '') AS conviction_date,
    years_between_text(rc.disposition_date, o.compute_at)  AS years_since_this,
    years_between_text(s.latest_conviction_date, o.compute_at) AS years_since_any,
    s.prop64_count::VARCHAR                                 AS prop64_count,
    s.hs11357_count::VARCHAR AS hs11357_count, s.hs11358_count::VARCHAR AS hs11358_count,
    s.hs11359_count::VARCHAR AS hs11359_count, s.hs11360_count::VARCHAR AS hs11360_count,
    CASE WHEN s.is_deceased THEN 'Deceased' ELSE '-' END    AS deceased,
    coalesce(d.determination, '')                           AS determination,
    coalesce(d.reason, '')                                  AS reason
  FROM relevant_convictions rc
  JOIN subjects s USING (subject_id)
  JOIN determinations d USING (row_idx)
  CROSS JOIN run_options o
  LEFT JOIN step_case_numbers cn ON cn.subject_id = rc.subject_id AND cn.step_key = rc.step_key
)
SELECT
  coalesce(x.row_idx, p.row_idx)               AS row_idx,
  coalesce(x.subject_id_raw, p.subject_id_raw) AS subject_id_raw,
  x.case_number                AS "Case Number",
  x.conviction_count           AS "# of convictions on record",
  p.comment_text               AS "Possible Other P64 Charges",
  x.after_prop64               AS "Occurred after 11/9/2016",
  x.superstrikes               AS "Superstrike Code Section(s)",
  x.pc290_sections             AS "PC290 Code Section(s)",
  x.pc290_registration         AS "PC290 Registration",
  x.conviction_date            AS "Date of Conviction",
  x.years_since_this           AS "Years Since This Conviction",
  x.years_since_any            AS "Years Since Any Conviction",
  x.prop64_count               AS "# of Prop 64 convictions",
  x.hs11357_count              AS "# of HS 11357 convictions",
  x.hs11358_count              AS "# of HS 11358 convictions",
  x.hs11359_count              AS "# of HS 11359 convictions",
  x.hs11360_count              AS "# of HS 11360 convictions",
  x.deceased                   AS "Deceased",
  x.determination              AS "Eligibility Determination",
  x.reason                     AS "Eligibility Reason",
  x.row_idx IS NOT NULL        AS is_relevant
FROM relevant x
FULL OUTER JOIN possible_other_p64 p ON p.row_idx = x.row_idx
-- Each row's SUBJECT_ID comes with it from row_facts rather than from a join with doj_rows here:
-- that join made DuckDB-WASM hash these 18 text columns (1M rows: 0.8 s and 300 MB more).
ORDER BY row_idx;

-- Every input row with its 18 cells (NULL where it has none), in file order.
CREATE OR REPLACE VIEW row_results AS
SELECT
  r.row_idx,
  r.SUBJECT_ID AS subject_id_raw,
  c.* EXCLUDE (row_idx, subject_id_raw, is_relevant),
  coalesce(c.is_relevant, false) AS is_relevant
FROM doj_rows r
LEFT JOIN result_cells c USING (row_idx)
ORDER BY r.row_idx;
