;; The record scanner's hot loop in WebAssembly with 128-bit SIMD: the fields of one line found
;; sixteen bytes at a time instead of one. It does what jsScanLine in ../record-scanner.ts does
;; (that JavaScript stays as the fallback for an engine without SIMD), and the tests run both on
;; the same files and require the same records, field positions, flags and stops.
;;
;; Build: `node scripts/build-wasm.mjs` assembles this file (with the wabt package) into
;; line-fields-wasm.ts beside it; a test fails when that file is not what this text assembles to.
;;
;; Memory: the caller puts the bytes anywhere from 4096 on, with a line break (the sentinel) after
;; the data and 16 spare bytes after that, so a 16-byte load never reads past what the caller
;; owns. For field i of the line, its start is written at 8i and its end at 8i + 4 (relative to
;; `base`; bytes 0-1023) and its FIELD_ bits at 1040 + i; the outcome at 1024 (see scanLine).
;; wideRun's outcome is at 1168, the condensed file's field list at 1200, and the caller gives
;; it room for its output below the bytes (line-fields.ts puts that at 4096).
;;
;; V8 does not inline WebAssembly calls, so the block loads are written out where they are used.

(module
  (memory (export "memory") 1)

  (global $OUT_BREAK i32 (i32.const 1024)) ;; the line break (or bad byte) position, minus base
  (global $OUT_FLAGS i32 (i32.const 1028)) ;; the line's LINE_HAS_ bits
  (global $OUT_FIELDS i32 (i32.const 1032)) ;; how many fields the line has
  (global $FIELD_BITS i32 (i32.const 1040))
  (global $RUN_NEXT i32 (i32.const 1168)) ;; wideRun: where it stopped, minus base
  (global $RUN_ALL i32 (i32.const 1172)) ;; bytes it wrote for All_Results
  (global $RUN_CONDENSED i32 (i32.const 1176)) ;; bytes it wrote for All_Results_Condensed
  (global $CONDENSED_FIELDS i32 (i32.const 1200)) ;; how many, then each field's index (i32s)

  ;; LINE_HAS_ bits (record-scanner.ts): 1 = + @ or TAB, 2 a byte over 127, 4 `,-` or `,"-` in
  ;; quotes, 8 a field that starts with a dash (after its quote, if quoted).
  ;; FIELD_ bits: 1 a doubled quote in a quoted field, 2 a quote in an unquoted one, 4 a comma in
  ;; a quoted one.

  ;; LINE_HAS_ bits 1 and 2 for [$p, $end): any = + @ TAB, any byte over 127.
  (func $lineFlags (param $p i32) (param $end i32) (result i32)
    (local $v v128) (local $formula v128) (local $high v128) (local $tail i32) (local $flags i32)
    (block $whole
      (loop $blocks
        (br_if $whole (i32.gt_s (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load align=1 (local.get $p)))
        (local.set $formula
          (v128.or (local.get $formula)
            (v128.or
              (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 61)))
                       (i8x16.eq (local.get $v) (i8x16.splat (i32.const 43))))
              (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 64)))
                       (i8x16.eq (local.get $v) (i8x16.splat (i32.const 9)))))))
        (local.set $high (v128.or (local.get $high) (local.get $v)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $blocks)))
    ;; The last, partial block: only its first ($end - $p) bytes are the line's.
    (local.set $tail
      (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $p))) (i32.const 1)))
    (local.set $v (v128.load align=1 (local.get $p)))
    (if (i32.or
          (v128.any_true (local.get $formula))
          (i32.and (local.get $tail)
            (i8x16.bitmask
              (v128.or
                (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 61)))
                         (i8x16.eq (local.get $v) (i8x16.splat (i32.const 43))))
                (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 64)))
                         (i8x16.eq (local.get $v) (i8x16.splat (i32.const 9))))))))
      (then (local.set $flags (i32.const 1))))
    (if (i32.or
          (i8x16.bitmask (local.get $high))
          (i32.and (local.get $tail) (i8x16.bitmask (local.get $v))))
      (then (local.set $flags (i32.or (local.get $flags) (i32.const 2)))))
    (local.get $flags))

  ;; Where the next , " LF or CR is in the 16 bytes at $p: bit i set for byte $p + i.
  (func $stopsAt (param $p i32) (result i32)
    (local $v v128)
    (local.set $v (v128.load align=1 (local.get $p)))
    (i8x16.bitmask
      (v128.or
        (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 44)))
                 (i8x16.eq (local.get $v) (i8x16.splat (i32.const 34))))
        (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 10)))
                 (i8x16.eq (local.get $v) (i8x16.splat (i32.const 13)))))))

  ;; One line from $start (base + the line's offset): 0 when it reached the line break (LF or CR,
  ;; at OUT_BREAK), 1 at a line break inside a quoted field (at OUT_BREAK: the caller tells a line
  ;; still to be read from a record over several lines), 2 at a closing quote followed by anything
  ;; but a comma or the line's end (the byte at OUT_BREAK). Fields past $expected are counted, not
  ;; written.
  ;;
  ;; Unquoted fields (nearly all) are split by walking the set bits of each 16-byte block's
  ;; separator mask; a field that opens with a quote is walked separator by separator to its
  ;; closing quote, then the blocks go on after it.
  (func $scanLine (export "scanLine")
    (param $start i32) (param $base i32) (param $expected i32) (result i32)
    (local $block i32) (local $v v128) (local $stops i32) (local $q i32) (local $b i32)
    (local $field i32) (local $fieldBits i32) (local $f i32) (local $flags i32) (local $after i32)
    (local $status i32)
    (local.set $field (local.get $start))
    (local.set $block (local.get $start))
    (block $lineDone
      (loop $blocks
        (local.set $v (v128.load align=1 (local.get $block)))
        (local.set $stops
          (i8x16.bitmask
            (v128.or
              (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 44)))
                       (i8x16.eq (local.get $v) (i8x16.splat (i32.const 34))))
              (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 10)))
                       (i8x16.eq (local.get $v) (i8x16.splat (i32.const 13)))))))
        (loop $bits
          (if (i32.eqz (local.get $stops))
            (then
              (local.set $block (i32.add (local.get $block) (i32.const 16)))
              (br $blocks)))
          (local.set $q (i32.add (local.get $block) (i32.ctz (local.get $stops))))
          (local.set $stops (i32.and (local.get $stops) (i32.sub (local.get $stops) (i32.const 1))))
          (local.set $b (i32.load8_u (local.get $q)))
          (if (i32.eq (local.get $b) (i32.const 34))
            (then
              (if (i32.ne (local.get $q) (local.get $field))
                (then
                  ;; A quote inside an unquoted field is text (DuckDB reads it so too).
                  (local.set $fieldBits (i32.or (local.get $fieldBits) (i32.const 2)))
                  (br $bits)))
              ;; A quoted field: commas are text, a doubled quote is one quote, and a line break
              ;; is not allowed (the caller hands such files to DuckDB).
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (block $closed
                (loop $quoted
                  (local.set $stops (call $stopsAt (local.get $q)))
                  (if (i32.eqz (local.get $stops))
                    (then
                      (local.set $q (i32.add (local.get $q) (i32.const 16)))
                      (br $quoted)))
                  (local.set $q (i32.add (local.get $q) (i32.ctz (local.get $stops))))
                  (local.set $b (i32.load8_u (local.get $q)))
                  (if (i32.eq (local.get $b) (i32.const 34))
                    (then
                      (br_if $closed (i32.ne (i32.load8_u offset=1 (local.get $q)) (i32.const 34)))
                      (local.set $fieldBits (i32.or (local.get $fieldBits) (i32.const 1)))
                      (local.set $q (i32.add (local.get $q) (i32.const 2)))
                      (br $quoted)))
                  (if (i32.eq (local.get $b) (i32.const 44))
                    (then
                      (local.set $fieldBits (i32.or (local.get $fieldBits) (i32.const 4)))
                      (local.set $after (i32.load8_u offset=1 (local.get $q)))
                      (if (i32.or
                            (i32.eq (local.get $after) (i32.const 45))
                            (i32.and
                              (i32.eq (local.get $after) (i32.const 34))
                              (i32.eq (i32.load8_u offset=2 (local.get $q)) (i32.const 45))))
                        (then (local.set $flags (i32.or (local.get $flags) (i32.const 4)))))
                      (local.set $q (i32.add (local.get $q) (i32.const 1)))
                      (br $quoted)))
                  ;; LF or CR inside the quotes.
                  (local.set $status (i32.const 1))
                  (br $lineDone)))
              ;; The closing quote: a comma or the line's end must follow.
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (local.set $b (i32.load8_u (local.get $q)))
              (if (i32.eqz
                    (i32.or (i32.eq (local.get $b) (i32.const 44))
                            (i32.or (i32.eq (local.get $b) (i32.const 10))
                                    (i32.eq (local.get $b) (i32.const 13)))))
                (then
                  (local.set $status (i32.const 2))
                  (br $lineDone)))
              ;; The blocks go on just after the byte at $q: with no stops left, the next load is
              ;; 16 bytes on from here.
              (local.set $block (i32.sub (local.get $q) (i32.const 15)))
              (local.set $stops (i32.const 0))))
          ;; The field [$field, $q) ends on a comma or the line break.
          (if (i32.or
                (i32.eq (i32.load8_u (local.get $field)) (i32.const 45))
                (i32.and
                  (i32.eq (i32.load8_u (local.get $field)) (i32.const 34))
                  (i32.eq (i32.load8_u offset=1 (local.get $field)) (i32.const 45))))
            (then (local.set $flags (i32.or (local.get $flags) (i32.const 8)))))
          (if (i32.lt_u (local.get $f) (local.get $expected))
            (then
              (i32.store (i32.shl (local.get $f) (i32.const 3))
                (i32.sub (local.get $field) (local.get $base)))
              (i32.store offset=4 (i32.shl (local.get $f) (i32.const 3))
                (i32.sub (local.get $q) (local.get $base)))
              (i32.store8 (i32.add (global.get $FIELD_BITS) (local.get $f)) (local.get $fieldBits))))
          (local.set $f (i32.add (local.get $f) (i32.const 1)))
          (br_if $lineDone (i32.ne (local.get $b) (i32.const 44)))
          (local.set $field (i32.add (local.get $q) (i32.const 1)))
          (local.set $fieldBits (i32.const 0))
          (br $bits))))
    (if (i32.eqz (local.get $status))
      (then
        (local.set $flags
          (i32.or (local.get $flags) (call $lineFlags (local.get $start) (local.get $q))))))
    (i32.store (global.get $OUT_BREAK) (i32.sub (local.get $q) (local.get $base)))
    (i32.store (global.get $OUT_FLAGS) (local.get $flags))
    (i32.store (global.get $OUT_FIELDS) (local.get $f))
    (local.get $status))
;; The wide outputs' usual line, written here rather than in JavaScript: a line with no result
  ;; cells and nothing a spreadsheet could run, copied to All_Results with its 18 empty result
  ;; cells, and its condensed columns to All_Results_Condensed. From $start it takes lines while
  ;; each is such a line and fits: at most $most of them, none past $end (the sentinel), and stops
  ;; at the first line that is anything else, leaving that line to ../line-outputs.ts (whose
  ;; careful path it must equal byte for byte; the tests hold it to that). The lines' bytes start
  ;; at $base. It writes the All_Results lines from $all (room for $allRoom bytes) and the
  ;; condensed lines from $condensed ($condensedRoom), and returns how many lines it took; where
  ;; it stopped and the bytes it wrote are at RUN_NEXT, RUN_ALL and RUN_CONDENSED. $utf8 says
  ;; whether lines with bytes over 127 must be valid UTF-8 ($empty: the result cells' commas).
  (func (export "wideRun")
    (param $start i32) (param $end i32) (param $base i32) (param $expected i32) (param $most i32)
    (param $all i32) (param $allRoom i32) (param $condensed i32) (param $condensedRoom i32)
    (param $utf8 i32) (param $empty i32) (result i32)
    (local $line i32) (local $taken i32) (local $p i32) (local $next i32) (local $flags i32)
    (local $length i32) (local $a i32) (local $c i32) (local $q i32) (local $i i32)
    (local $count i32) (local $f i32) (local $s i32) (local $e i32) (local $bits i32)
    (local $b i32) (local $allEnd i32) (local $condensedEnd i32)
    (local.set $line (local.get $start))
    (local.set $a (local.get $all))
    (local.set $c (local.get $condensed))
    (local.set $allEnd (i32.add (local.get $all) (local.get $allRoom)))
    (local.set $condensedEnd (i32.add (local.get $condensed) (local.get $condensedRoom)))
    (local.set $count (i32.load (global.get $CONDENSED_FIELDS)))
    (block $stop
      (loop $lines
        (br_if $stop (i32.ge_u (local.get $taken) (local.get $most)))
        (br_if $stop
          (call $scanLine (local.get $line) (local.get $base) (local.get $expected)))
        (local.set $p (i32.add (local.get $base) (i32.load (global.get $OUT_BREAK))))
        ;; At the sentinel the line may go on in the next chunk, or be the file's last.
        (br_if $stop (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $next (i32.add (local.get $p) (i32.const 1)))
        (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 13))
          (then
            (br_if $stop (i32.ge_u (local.get $next) (local.get $end)))
            (br_if $stop (i32.ne (i32.load8_u (local.get $next)) (i32.const 10)))
            (local.set $next (i32.add (local.get $p) (i32.const 2)))))
        ;; (A blank line has one field, so this sends it on too.)
        (br_if $stop (i32.ne (i32.load (global.get $OUT_FIELDS)) (local.get $expected)))
        ;; = + @ TAB anywhere, or a dash that could start a formula: the careful path.
        (local.set $flags (i32.load (global.get $OUT_FLAGS)))
        (br_if $stop (i32.and (local.get $flags) (i32.const 13)))
        (if (i32.and (local.get $flags) (i32.const 2))
          (then
            (if (local.get $utf8)
              (then
                (br_if $stop (i32.eqz (call $validUtf8 (local.get $line) (local.get $p))))))))
        ;; Room for the line and its empty cells; a condensed cell adds at most two quotes.
        (local.set $length (i32.sub (local.get $p) (local.get $line)))
        (br_if $stop
          (i32.gt_u (i32.add (i32.add (local.get $a) (local.get $length))
                             (i32.add (local.get $empty) (i32.const 1)))
                    (local.get $allEnd)))
        (br_if $stop
          (i32.gt_u (i32.add (i32.add (local.get $c) (local.get $length))
                             (i32.add (i32.add (local.get $empty) (i32.const 1))
                                      (i32.mul (local.get $count) (i32.const 3))))
                    (local.get $condensedEnd)))
        ;; The condensed cells, as line-outputs.ts's appendPlainCell copies them; a cell it would
        ;; not copy plainly (a doubled or stray quote) leaves the line to it. (A leading dash
        ;; cannot be here: the line's flags sent it on above.)
        (local.set $q (local.get $c))
        (local.set $i (i32.const 0))
        (block $cellsDone
          (loop $cells
            (br_if $cellsDone (i32.ge_u (local.get $i) (local.get $count)))
            (if (local.get $i)
              (then
                (i32.store8 (local.get $q) (i32.const 44))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))))
            (local.set $f
              (i32.load offset=4
                (i32.add (global.get $CONDENSED_FIELDS) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $s
              (i32.add (local.get $base) (i32.load (i32.shl (local.get $f) (i32.const 3)))))
            (local.set $e
              (i32.add (local.get $base) (i32.load offset=4 (i32.shl (local.get $f) (i32.const 3)))))
            (local.set $bits (i32.load8_u (i32.add (global.get $FIELD_BITS) (local.get $f))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $cells (i32.eq (local.get $s) (local.get $e)))
            (local.set $b (i32.load8_u (local.get $s)))
            (if (i32.eq (local.get $b) (i32.const 34))
              (then
                (local.set $b (i32.load8_u offset=1 (local.get $s)))
                (br_if $stop (i32.and (local.get $bits) (i32.const 1)))
                ;; A quoted cell keeps its quotes only if it holds a comma or starts with #.
                (if (i32.eqz (i32.or (i32.eq (local.get $b) (i32.const 35))
                                     (i32.and (local.get $bits) (i32.const 4))))
                  (then
                    (local.set $s (i32.add (local.get $s) (i32.const 1)))
                    (local.set $e (i32.sub (local.get $e) (i32.const 1)))))
                (memory.copy (local.get $q) (local.get $s) (i32.sub (local.get $e) (local.get $s)))
                (local.set $q (i32.add (local.get $q) (i32.sub (local.get $e) (local.get $s))))
                (br $cells)))
            (br_if $stop (i32.and (local.get $bits) (i32.const 2)))
            (if (i32.eq (local.get $b) (i32.const 35))
              (then
                (i32.store8 (local.get $q) (i32.const 34))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))))
            (memory.copy (local.get $q) (local.get $s) (i32.sub (local.get $e) (local.get $s)))
            (local.set $q (i32.add (local.get $q) (i32.sub (local.get $e) (local.get $s))))
            (if (i32.eq (local.get $b) (i32.const 35))
              (then
                (i32.store8 (local.get $q) (i32.const 34))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))))
            (br $cells)))
        (memory.fill (local.get $q) (i32.const 44) (local.get $empty))
        (local.set $q (i32.add (local.get $q) (local.get $empty)))
        (i32.store8 (local.get $q) (i32.const 10))
        (local.set $c (i32.add (local.get $q) (i32.const 1)))
        ;; The line as the file has it, then its empty result cells.
        (memory.copy (local.get $a) (local.get $line) (local.get $length))
        (local.set $a (i32.add (local.get $a) (local.get $length)))
        (memory.fill (local.get $a) (i32.const 44) (local.get $empty))
        (local.set $a (i32.add (local.get $a) (local.get $empty)))
        (i32.store8 (local.get $a) (i32.const 10))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $taken (i32.add (local.get $taken) (i32.const 1)))
        (local.set $line (local.get $next))
        (br $lines)))
    (i32.store (global.get $RUN_NEXT) (i32.sub (local.get $line) (local.get $base)))
    (i32.store (global.get $RUN_ALL) (i32.sub (local.get $a) (local.get $all)))
    (i32.store (global.get $RUN_CONDENSED) (i32.sub (local.get $c) (local.get $condensed)))
    (local.get $taken))

  ;; 1 when [$p, $end) is well-formed UTF-8 as a strict TextDecoder reads it (shortest forms
  ;; only, no surrogates, nothing past U+10FFFF, no sequence cut off at the end), 0 otherwise.
  ;; Only lines with a byte over 127 are checked; their ASCII runs are passed 16 bytes at a time.
  (func $validUtf8 (export "validUtf8") (param $p i32) (param $end i32) (result i32)
    (local $b i32) (local $c i32) (local $need i32) (local $lo i32) (local $hi i32)
    (block $bad
      (loop $next
        (if (i32.le_u (i32.add (local.get $p) (i32.const 16)) (local.get $end))
          (then
            (if (i32.eqz (i8x16.bitmask (v128.load align=1 (local.get $p))))
              (then
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (br $next)))))
        (if (i32.ge_u (local.get $p) (local.get $end)) (then (return (i32.const 1))))
        (local.set $b (i32.load8_u (local.get $p)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $b) (i32.const 0x80)))
        ;; A lead byte: how many continuation bytes follow, and the range the first must be in.
        (br_if $bad (i32.lt_u (local.get $b) (i32.const 0xC2)))
        (br_if $bad (i32.ge_u (local.get $b) (i32.const 0xF5)))
        (local.set $lo (i32.const 0x80))
        (local.set $hi (i32.const 0xBF))
        (if (i32.lt_u (local.get $b) (i32.const 0xE0))
          (then (local.set $need (i32.const 1)))
          (else
            (if (i32.lt_u (local.get $b) (i32.const 0xF0))
              (then
                (local.set $need (i32.const 2))
                (if (i32.eq (local.get $b) (i32.const 0xE0))
                  (then (local.set $lo (i32.const 0xA0))))
                (if (i32.eq (local.get $b) (i32.const 0xED))
                  (then (local.set $hi (i32.const 0x9F)))))
              (else
                (local.set $need (i32.const 3))
                (if (i32.eq (local.get $b) (i32.const 0xF0))
                  (then (local.set $lo (i32.const 0x90))))
                (if (i32.eq (local.get $b) (i32.const 0xF4))
                  (then (local.set $hi (i32.const 0x8F))))))))
        (br_if $bad (i32.gt_u (i32.add (local.get $p) (local.get $need)) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $p)))
        (br_if $bad
          (i32.or (i32.lt_u (local.get $c) (local.get $lo)) (i32.gt_u (local.get $c) (local.get $hi))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $need (i32.sub (local.get $need) (i32.const 1)))
        (loop $rest
          (if (local.get $need)
            (then
              (br_if $bad
                (i32.ne (i32.and (i32.load8_u (local.get $p)) (i32.const 0xC0)) (i32.const 0x80)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (local.set $need (i32.sub (local.get $need) (i32.const 1)))
              (br $rest))))
        (br $next)))
    (i32.const 0))
)
