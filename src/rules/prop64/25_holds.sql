-- id: P64-H01
-- title: Holds: what a person must look at before anything is filed
-- kind: stage
-- statute: H&S 11361.9(b)-(d) (the prosecution reviews and decides whether to challenge); H&S 11361.8 (relief)
-- summary: Deciding is not filing. A conviction is held from the papers, whatever its determination, while any of these is true: it needs review (a date the rules needed was unknown or impossible), the person has a superstrike or PC 290 code section or PC 290 registration on record, the person is deceased, the disposition is after 11/9/2016 (decided under the new law), the conviction is dated after the review date, or its own court case number is missing or a placeholder. The determination itself never changes; the attorney grants, challenges or keeps holding each held conviction.

-- The conviction's own court case number: OFN on the conviction's own row, trimmed. The DOJ file
-- writes "no number" in several ways (blank, NULL, "  -  ", dashes, x, #); none of them can be
-- filed, so each is NULL here and the conviction is held until someone finds the number.
CREATE OR REPLACE MACRO filing_case_number(ofn) AS
  CASE WHEN regexp_full_match(upper(trim(coalesce(ofn, ''))),
                              '[\s\-_.#X]*|NULL|N/?A|NONE|UNKNOWN')
       THEN NULL ELSE trim(ofn) END;

-- One row per reason a conviction is held. `code` is stable (the review step and review.json's
-- bulk actions use it); `reason` is the words shown to the attorney and written to
-- Determinations.csv. A conviction with no row here is not held.
CREATE OR REPLACE TABLE holds AS
WITH c AS (
  SELECT
    rc.row_idx,
    rc.ofn,
    doj_date(rc.disposition_text)   AS written_disposition_date,
    d.review_note,
    s.superstrike_sections,
    s.pc290_sections,
    s.is_pc290_registrant,
    s.is_deceased,
    o.compute_at
  FROM relevant_convictions rc
  JOIN subjects s USING (subject_id)
  JOIN determinations d USING (row_idx)
  CROSS JOIN run_options o
)
SELECT row_idx, 1 AS hold_order, 'needs-review' AS code,
       'Needs review: ' || review_note AS reason
FROM c WHERE review_note IS NOT NULL
UNION ALL
SELECT row_idx, 2, 'superstrike',
       'Superstrike on record (' || replace(superstrike_sections, ';', ', ') || ')'
FROM c WHERE superstrike_sections IS NOT NULL
UNION ALL
SELECT row_idx, 3, 'pc290',
       CASE WHEN pc290_sections IS NOT NULL
            THEN 'PC 290 offense on record (' || replace(pc290_sections, ';', ', ') || ')'
            ELSE 'PC 290 registration on record' END
FROM c WHERE pc290_sections IS NOT NULL OR is_pc290_registrant
UNION ALL
SELECT row_idx, 4, 'deceased', 'The person is recorded as deceased'
FROM c WHERE is_deceased
UNION ALL
SELECT row_idx, 5, 'after-prop64', 'Disposition after 11/9/2016, when Prop 64 took effect'
FROM c WHERE written_disposition_date > DATE '2016-11-09'
UNION ALL
SELECT row_idx, 6, 'after-review-date', 'Conviction dated after the review date'
FROM c WHERE written_disposition_date > compute_at
UNION ALL
SELECT row_idx, 7, 'case-number',
       CASE WHEN trim(coalesce(ofn, '')) = '' THEN 'No court case number'
            ELSE 'Court case number is a placeholder, not a number' END
FROM c WHERE filing_case_number(ofn) IS NULL;

-- Each conviction's reasons in one cell, in the order above ('' when not held).
CREATE OR REPLACE TABLE conviction_holds AS
SELECT
  rc.row_idx,
  filing_case_number(rc.ofn)                                    AS court_case_number,
  coalesce(string_agg(h.reason, '; ' ORDER BY h.hold_order), '') AS hold_reasons,
  coalesce(list(h.code ORDER BY h.hold_order) FILTER (WHERE h.code IS NOT NULL), [])
                                                                AS hold_codes,
  -- The same reasons one by one, for the review step (a reason may itself hold a '; ').
  coalesce(list(h.reason ORDER BY h.hold_order) FILTER (WHERE h.reason IS NOT NULL), [])
                                                                AS hold_reason_list
FROM relevant_convictions rc
LEFT JOIN holds h USING (row_idx)
GROUP BY rc.row_idx, rc.ofn;
