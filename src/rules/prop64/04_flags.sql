-- id: P64-S04
-- title: Superstrike and PC 290 flags
-- kind: stage
-- statute: PC 667(e)(2)(C)(iv) (superstrikes); PC 290(c) (sex-offender registration)
-- summary: Marks convictions whose code section matches a superstrike or PC 290 pattern. The flags never block relief; they tell the reviewing attorney where the court may refuse it (H&S 11361.8(b)).

-- Regular expressions, case-sensitive, matched anywhere inside the code section
-- (shared/spec/disqualifiers.md). Each carries " PC" unless it names another code.
CREATE OR REPLACE TABLE flag_patterns (kind VARCHAR, pattern VARCHAR, offense_family VARCHAR);
INSERT INTO flag_patterns VALUES
  ('superstrike', '((136\.1)|(215)|(213\(A\)\(1\)\(A\))|(246)|(519)|(12022\.55)).*186\.22\(B\)\(4\) PC', 'gang-enhanced offense'),
  ('superstrike', '186\.22\(B\)\(4\).*((136\.1)|(215)|(213\(A\)\(1\)\(A\))|(246)|(519)|(12022\.55)) PC', 'gang-enhanced offense'),
  ('superstrike', '37 PC', 'treason'),
  ('superstrike', '128 PC', 'perjury causing execution'),
  ('superstrike', '187 PC', 'murder'),
  ('superstrike', '188 PC', 'murder'),
  ('superstrike', '189(\.[15])? PC', 'murder'),
  ('superstrike', '190(\.\d{1,2})?(\(.*\))? PC', 'murder penalties'),
  ('superstrike', '191(\.5)? PC', 'vehicular manslaughter, intoxicated'),
  ('superstrike', '205 PC', 'mayhem'),
  ('superstrike', '207 PC', 'kidnapping'),
  ('superstrike', '209(\.5)? PC', 'kidnapping'),
  ('superstrike', '217\.1 PC', 'assault on officials'),
  ('superstrike', '218 PC', 'train wrecking'),
  ('superstrike', '219 PC', 'train wrecking'),
  ('superstrike', '220 PC', 'assault with intent'),
  ('superstrike', '245\(D\)\(3\) PC', 'assault on officer with machine gun'),
  ('superstrike', '261(\(.*\))? PC', 'rape'),
  ('superstrike', '262(\(.*\))? PC', 'rape'),
  ('superstrike', '264\.1 PC', 'rape'),
  ('superstrike', '269 PC', 'rape'),
  ('superstrike', '273AB(\(.*\))? PC', 'child assault causing death'),
  ('superstrike', '286((\(C\)\([123]\)(\([ABC]\))?)|(\(D\)\([123]\)))? PC', 'sodomy'),
  ('superstrike', '287 PC', 'oral copulation'),
  ('superstrike', '288((\(A\))|(\(B\)\([12]\)))? PC', 'lewd acts with a child'),
  ('superstrike', '288A((\(D\))|(\(C\)\(1\))|(\(C\)\(2\)\([ABC]\)))? PC', 'oral copulation'),
  ('superstrike', '288\.5(\(A\))? PC', 'continuous abuse'),
  ('superstrike', '289((\(J\))|(\(A\)\(1\)\([ABC]\))|(\(A\)\(2\)\(C\)))? PC', 'sexual penetration'),
  ('superstrike', '451\.5 PC', 'aggravated arson'),
  ('superstrike', '653F PC', 'solicitation'),
  ('superstrike', '667\.(61|7|71) PC', 'habitual sex offender'),
  ('superstrike', '4500 PC', 'assault by life prisoner'),
  ('superstrike', '11418((\(A\)\(1\))|(\(B\)\([12]\))) PC', 'weapons of mass destruction'),
  ('superstrike', '12308 PC', 'explosives'),
  ('superstrike', '12310 PC', 'explosives'),
  ('superstrike', '18745 PC', 'explosives'),
  ('superstrike', '18755 PC', 'explosives'),
  ('superstrike', '1672\(A\) MV', 'military and veterans code'),
  ('pc290', '236\.1\([BC]\)(.*) PC', 'human trafficking'),
  ('pc290', '243\.4(.*) PC', 'sexual battery'),
  ('pc290', '261 PC', 'rape'),
  ('pc290', '261(\(|\.|[a-zA-Z])+(.*) PC', 'rape'),
  ('pc290', '262\(A\)(\(1\))? PC', 'rape of a spouse'),
  ('pc290', '264\.1(\((.*))? PC', 'rape in concert'),
  ('pc290', '266 PC', 'enticing a minor'),
  ('pc290', '266C PC', 'sex by fraud'),
  ('pc290', '266H\(B\)(.*) PC', 'pimping a minor'),
  ('pc290', '266I\(B\)(.*) PC', 'pandering a minor'),
  ('pc290', '266J PC', 'procuring a child'),
  ('pc290', '267 PC', 'abduction'),
  ('pc290', '269 PC', 'aggravated sexual assault of a child'),
  ('pc290', '269(\(|\.|[a-zA-Z])+(.*) PC', 'aggravated sexual assault of a child'),
  ('pc290', '272 PC', 'contributing to delinquency'),
  ('pc290', '285 PC', 'incest'),
  ('pc290', '287 PC', 'oral copulation'),
  ('pc290', '286([^\.]*) PC', 'sodomy'),
  ('pc290', '288 PC', 'lewd acts with a child'),
  ('pc290', '288A(.*) PC', 'oral copulation'),
  ('pc290', '288\.[23457](.*) PC', 'offenses against children'),
  ('pc290', '289([^\.]*) PC', 'sexual penetration'),
  ('pc290', '311\.1(.*) PC', 'obscene matter'),
  ('pc290', '311\.2\([BCD]\) PC', 'obscene matter'),
  ('pc290', '311\.([34]|10|11)(.*) PC', 'obscene matter'),
  ('pc290', '314\([12]\) PC', 'indecent exposure'),
  ('pc290', '451\.5 PC', 'aggravated arson'),
  ('pc290', '647\.6(.*) PC', 'annoying a child'),
  ('pc290', '647A(.*) PC', 'annoying a child'),
  ('pc290', '653F\([BC]\) PC', 'solicitation');

-- Matching once per distinct code section keeps this cheap: a county has thousands of distinct
-- sections, not millions.
CREATE OR REPLACE TABLE flagged_code_sections AS
SELECT
  s.code_section,
  bool_or(p.kind = 'superstrike') AS is_superstrike,
  bool_or(p.kind = 'pc290')       AS is_pc290
FROM (SELECT DISTINCT code_section FROM convictions WHERE code_section IS NOT NULL) s
JOIN flag_patterns p ON regexp_matches(s.code_section, p.pattern)
GROUP BY s.code_section;
