-- id: P64-F01
-- title: What is filed for each conviction: the attorney's decision, or the default
-- kind: stage
-- statute: H&S 11361.9(b)-(e) (challenge or not; unchallenged convictions are dismissed or reduced); H&S 11361.8 (the relief)
-- summary: Every conviction with a determination gets one filing decision. The reviewing attorney's decision from the review file (grant, challenge with a ground, or hold) wins. Without one: a held conviction stays held; one eligible for dismissal or reduction is granted; one the county's policy gives no relief is challenged, because under H&S 11361.9 a conviction the prosecution does not challenge is dismissed or reduced by the court.

-- review_decisions is filled by the engine from the review file (`review.json`): input_line,
-- decision ('grant' | 'challenge' | 'hold'), ground, note, decided_on. Empty before any review.
CREATE OR REPLACE TABLE filing_choices AS
SELECT
  dr.row_idx,
  dr."Input Line"::BIGINT                     AS input_line,
  nullif(dr."Eligibility Determination", '')  AS determination,
  h.court_case_number,
  h.hold_codes,
  nullif(h.hold_reasons, '')                  AS hold_reasons,
  coalesce(r.decision,
           CASE WHEN h.hold_reasons <> '' THEN 'hold'
                WHEN dr."Eligibility Determination" <> '' THEN 'grant'
                ELSE 'challenge' END)         AS decision,
  CASE WHEN r.decision IS NOT NULL THEN r.ground
       WHEN h.hold_reasons = '' AND dr."Eligibility Determination" = ''
       THEN 'Not eligible under the county''s policy' END AS ground,
  r.note,
  r.decided_on,
  r.decision IS NOT NULL                      AS decided_by_attorney,
  -- The relief a grant asks for: the determination, or dismissal when the attorney grants a
  -- conviction the policy gave none (the statute's default relief for 11357-11360 is dismissal).
  CASE WHEN dr."Eligibility Determination" = 'Eligible for Reduction' THEN 'reduction'
       ELSE 'dismissal' END                   AS relief
FROM determination_report dr
JOIN conviction_holds h USING (row_idx)
LEFT JOIN review_decisions r ON r.input_line = dr."Input Line"::BIGINT;
