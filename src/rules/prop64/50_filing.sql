-- id: P64-F01
-- title: What is filed for each conviction: the attorney's decision, or the default
-- kind: stage
-- statute: H&S 11361.9(b)-(e) (challenge or not; unchallenged convictions are dismissed or reduced); H&S 11361.8 (the relief)
-- summary: Every conviction with a determination gets one filing decision. The reviewing attorney's decision from the review file (grant, challenge with a ground, or hold) wins. Without one: a held conviction stays held; one eligible for dismissal or reduction is granted; one the county's policy gives no relief is challenged, because under H&S 11361.9 a conviction the prosecution does not challenge is dismissed or reduced by the court. A granted conviction without its own court case number cannot be filed and stays on the to-do list.

-- Reads only what a run's Determinations.csv holds (determination_report), the attorney's
-- decisions (review_decisions: input_line, decision, ground, note, decided_on; empty before any
-- review) and filing_context (county), so the papers are chosen the same way in the browser, from
-- the run's own tables, and by "clearance forms", from a run's output folder.
CREATE OR REPLACE TABLE filing_choices AS
SELECT
  dr."Input Line"::BIGINT                     AS input_line,
  nullif(dr."Court Case Number", '')          AS court_case_number,
  nullif(dr."Eligibility Determination", '')  AS determination,
  nullif(dr."Hold Reasons", '')               AS hold_reasons,
  coalesce(r.decision,
           CASE WHEN dr."Hold Reasons" <> '' THEN 'hold'
                WHEN dr."Eligibility Determination" <> '' THEN 'grant'
                ELSE 'challenge' END)         AS decision,
  CASE WHEN r.decision IS NOT NULL THEN r.ground
       WHEN dr."Hold Reasons" = '' AND dr."Eligibility Determination" = ''
       THEN 'Not eligible' END                AS ground,
  CASE WHEN r.decision IS NOT NULL THEN r.note
       WHEN dr."Hold Reasons" = '' AND dr."Eligibility Determination" = ''
       THEN 'The county''s policy gives this conviction no relief.' END AS note,
  r.decided_on,
  r.decision IS NOT NULL                      AS decided_by_attorney,
  -- A grant asks for the determination's relief; the attorney granting a conviction the policy
  -- gave none asks for dismissal, the relief H&S 11361.8 gives 11357-11360 by default.
  CASE WHEN dr."Eligibility Determination" = 'Eligible for Reduction' THEN 'Reduction'
       ELSE 'Dismissal' END                   AS relief
FROM determination_report dr
LEFT JOIN review_decisions r ON r.input_line = dr."Input Line"::BIGINT;

-- Each conviction's filing decision beside the worklist columns every paper prints. A table, not
-- a view: as a view, the papers' one-row join to filing_context let DuckDB's optimiser turn this
-- join into a cross product (23,362 x 23,362 rows for a 1M-row extract: two minutes, not 0.1 s).
CREATE OR REPLACE TABLE filing_rows AS
SELECT
  f.*,
  dr."Input Line",
  coalesce(trim(dr."PRI_NAME"), '')                          AS "Name",
  coalesce(strftime(doj_date(dr."PRI_DOB"), '%m/%d/%Y'), '')  AS "Date of Birth",
  coalesce(trim(dr."CII_NUMBER"), '')                        AS "CII Number",
  dr."Date of Conviction",
  dr."Code Section",
  dr."Level",
  dr."Relief Statute"
FROM filing_choices f
JOIN determination_report dr ON dr."Input Line"::BIGINT = f.input_line;

-- court-data.csv: every conviction the office files relief for, one row each, in input order.
CREATE OR REPLACE VIEW court_data AS
SELECT
  r.court_case_number                          AS "Court Case Number",
  'Superior Court of California, County of ' || x.county_title AS "Court",
  r."Name", r."Date of Birth", r."CII Number", r."Date of Conviction", r."Code Section", r."Level",
  CASE WHEN r.relief = 'Reduction' THEN 'Reduction to a misdemeanor'
       ELSE 'Dismissal and sealing' END        AS "Relief",
  'H&S ' || r."Relief Statute"                 AS "Statute",
  r."Input Line"
FROM filing_rows r
CROSS JOIN (SELECT list_reduce(list_transform(string_split(lower(trim(county)), ' '),
                                              w -> upper(w[1]) || w[2:]), (a, b) -> a || ' ' || b)
                   AS county_title
            FROM filing_context) x
WHERE r.decision = 'grant' AND r.court_case_number IS NOT NULL
ORDER BY r.input_line;

-- challenges.csv and the notice of challenge: for the court and the public defender.
CREATE OR REPLACE VIEW filing_challenges AS
SELECT
  coalesce(r.court_case_number, '')            AS "Court Case Number",
  r."Name", r."Date of Birth", r."CII Number", r."Code Section", r."Date of Conviction", r."Level",
  r.ground                                     AS "Ground",
  coalesce(r.note, '')                         AS "Note",
  r."Input Line"
FROM filing_rows r
WHERE r.decision = 'challenge'
ORDER BY r.input_line;

-- held.csv: the office's to-do list, what still needs a person and why.
CREATE OR REPLACE VIEW filing_held AS
SELECT
  r."Input Line",
  coalesce(r.court_case_number, '')            AS "Court Case Number",
  r."Name", r."CII Number", r."Code Section", r."Date of Conviction",
  coalesce(r.determination, '')                AS "Eligibility Determination",
  CASE WHEN r.decision = 'grant'
       THEN 'Granted, but it has no court case number to file under'
       ELSE coalesce(r.hold_reasons, 'Held by the reviewing attorney') END AS "Why Held",
  coalesce(r.note, '')                         AS "Note"
FROM filing_rows r
WHERE r.decision = 'hold' OR (r.decision = 'grant' AND r.court_case_number IS NULL)
ORDER BY r.input_line;
