-- id: P64-S01
-- title: How the extract's text is read
-- kind: stage
-- statute: (none: reading conventions shared by every rule)
-- summary: Dates, code sections and Prop 64 sections as every later file reads them. A date that is blank, partial (19800000) or impossible is unknown, never "year 1"; so is a date that cannot be right (a disposition before 1900 or after the review date, a birth after a conviction), named with why.

-- trim(txt), the same value without the same cost: trim() removes Unicode spaces and makes a new
-- string even when there is nothing to remove, which is almost always. A value in plain ASCII
-- (as many bytes as characters) with no space at either end is its own trim.
CREATE OR REPLACE MACRO trimmed(txt) AS
  CASE WHEN starts_with(txt, ' ') OR ends_with(txt, ' ') OR strlen(txt) <> length(txt)
       THEN trim(txt) ELSE txt END;

-- DOJ dates are YYYYMMDD. Anything else (blank, partial, 19810229) is NULL, so a rule that needs
-- the date cannot fire on a guess; the conviction is flagged for review instead.
CREATE OR REPLACE MACRO doj_date(txt) AS
  CASE WHEN regexp_full_match(trimmed(txt), '[0-9]{8}')
       THEN try_strptime(trimmed(txt), '%Y%m%d')::DATE END;

-- A disposition date that cannot be right is unknown too, with why (NULL when it can be): before
-- 1900, or after the review date (the review cannot be about a conviction still to come). The
-- earlier tooling counted 1800-01-01 as "10 or more years ago" and printed negative years for a
-- date after the review date.
CREATE OR REPLACE MACRO disposition_doubt(d, compute_at) AS
  CASE WHEN d < DATE '1900-01-01' THEN 'before 1900'
       WHEN d > compute_at THEN 'after the review date' END;

-- A field the rules needed and could not use, as the review note and explanation name it: the
-- column, and why when the date was read but cannot be right ("STP_EVENT_DATE (before 1900)").
CREATE OR REPLACE MACRO unknown_field(column_name, doubt) AS
  column_name || coalesce(' (' || doubt || ')', '');

-- A date as the rules' evidence shows it: the date, or unknown with the text as written and why.
CREATE OR REPLACE MACRO date_evidence(d, txt, doubt) AS
  coalesce(d::VARCHAR,
           'unknown ("' || trim(coalesce(txt, '')) || '"' || coalesce(', ' || doubt, '') || ')');

CREATE OR REPLACE MACRO is_leap_year(y) AS (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0;

-- Calendar years, as the earlier tooling counted them: 29 February plus N years is 1 March when
-- the target year has no 29 February (DuckDB's own INTERVAL arithmetic would say 28 February).
CREATE OR REPLACE MACRO add_years(d, n) AS
  CASE WHEN month(d) = 2 AND day(d) = 29 AND NOT is_leap_year(year(d) + n)
       THEN make_date(year(d) + n, 3, 1)
       ELSE make_date(year(d) + n, month(d), day(d)) END;

-- The charge is in OFFENSE_DESCR unless that is blank or points to the comment.
CREATE OR REPLACE MACRO charge_is_in_comment(offense_descr) AS
  trimmed(coalesce(offense_descr, '')) IN ('', 'SEE COMMENT FOR CHARGE');

-- "11357(C)HS-POSSESS MARIJUANA" -> "11357(C)HS": the text before the first dash.
CREATE OR REPLACE MACRO code_section_of(charge) AS trimmed(split_part(charge, '-', 1));

-- The leftmost of 11357/11358/11359/11360 anywhere in the text ("66411357(A) HS" is attempted
-- 11357), or NULL when the text names none.
CREATE OR REPLACE MACRO prop64_section_of(txt) AS
  nullif(regexp_extract(coalesce(txt, ''), '1135[789]|11360'), '');

-- Whole years, days / 365.25, one decimal; -1.0 when the date is unknown (the earlier format).
-- The dates given are never after the review date (see disposition_doubt), so a figure is never
-- negative: -1.0 only ever means unknown.
CREATE OR REPLACE MACRO years_between_text(earlier, later) AS
  CASE WHEN earlier IS NULL THEN '-1.0'
       ELSE printf('%.1f', (later - earlier) / 365.25) END;
