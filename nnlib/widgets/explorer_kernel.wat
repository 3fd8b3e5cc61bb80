;; The init-scale explorer's matrix product in WebAssembly SIMD (the source of the bytes embedded in
;; explorer.js as KERNEL_WASM; tools/explorer_kernel.mjs compiles it with the pinned npm wabt, and
;; tests/js/test_explorer.mjs checks that the embedded bytes are this file compiled).
;;
;;   out[i, j] = std * (sum over k = 0, 1, ..., inner - 1 of a[i, k] B[k, j])
;;
;; for the rows i < rows and columns j < cols, both multiples of 4 (explorer.js computes the rest).
;; B and out are row-major with `ld` elements a row (ld >= cols: the full width when cols is cut to a
;; multiple of 4).
;; Each sum starts at 0 and takes one product at a time, k in increasing order, with a separate
;; f64x2.mul and f64x2.add (never a fused multiply-add): the order of nnlib.diagnostics._ordered_product
;; and of explorer.js's productJS, so every output has the same bits whichever computes it. The two
;; lanes of a v128 hold two neighbouring columns j, j + 1, never two terms of one sum.
;; Block: 4 rows x 4 columns (eight f64x2 accumulators); each a[i, k] and each B[k, j..j+3] is loaded
;; once per k for the block.
;;
;; Addresses are byte offsets into the exported memory: a[i, k] at a + i aRow + k aCol (strides in
;; bytes, so that the weight gradient reads delta transposed in place), B row-major (inner x cols) at
;; b, out row-major at o.
(module
  (memory (export "memory") 0)
  (func (export "product")
    (param $a i32) (param $aRow i32) (param $aCol i32) (param $b i32) (param $o i32)
    (param $rows i32) (param $inner i32) (param $cols i32) (param $ld i32) (param $std f64)
    (local $i i32) (local $j i32) (local $k i32) (local $rowBytes i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $pb i32) (local $po i32)
    (local $x v128) (local $y0 v128) (local $y1 v128) (local $vs v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $rowBytes (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $vs (f64x2.splat (local.get $std)))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $cols)))
            (local.set $s00 (v128.const f64x2 0 0)) (local.set $s01 (v128.const f64x2 0 0))
            (local.set $s10 (v128.const f64x2 0 0)) (local.set $s11 (v128.const f64x2 0 0))
            (local.set $s20 (v128.const f64x2 0 0)) (local.set $s21 (v128.const f64x2 0 0))
            (local.set $s30 (v128.const f64x2 0 0)) (local.set $s31 (v128.const f64x2 0 0))
            (local.set $p0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRow))))
            (local.set $p1 (i32.add (local.get $p0) (local.get $aRow)))
            (local.set $p2 (i32.add (local.get $p1) (local.get $aRow)))
            (local.set $p3 (i32.add (local.get $p2) (local.get $aRow)))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $k (local.get $inner))
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.eqz (local.get $k)))
                (local.set $y0 (v128.load (local.get $pb)))
                (local.set $y1 (v128.load offset=16 (local.get $pb)))
                (local.set $x (f64x2.splat (f64.load (local.get $p0))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (local.get $y0))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (local.get $y1))))
                (local.set $x (f64x2.splat (f64.load (local.get $p1))))
                (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x) (local.get $y0))))
                (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x) (local.get $y1))))
                (local.set $x (f64x2.splat (f64.load (local.get $p2))))
                (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x) (local.get $y0))))
                (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x) (local.get $y1))))
                (local.set $x (f64x2.splat (f64.load (local.get $p3))))
                (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x) (local.get $y0))))
                (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x) (local.get $y1))))
                (local.set $p0 (i32.add (local.get $p0) (local.get $aCol)))
                (local.set $p1 (i32.add (local.get $p1) (local.get $aCol)))
                (local.set $p2 (i32.add (local.get $p2) (local.get $aCol)))
                (local.set $p3 (i32.add (local.get $p3) (local.get $aCol)))
                (local.set $pb (i32.add (local.get $pb) (local.get $rowBytes)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $kLoop)))
            (local.set $po (i32.add (local.get $o)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ld)) (local.get $j)) (i32.const 3))))
            (v128.store (local.get $po) (f64x2.mul (local.get $s00) (local.get $vs)))
            (v128.store offset=16 (local.get $po) (f64x2.mul (local.get $s01) (local.get $vs)))
            (local.set $po (i32.add (local.get $po) (local.get $rowBytes)))
            (v128.store (local.get $po) (f64x2.mul (local.get $s10) (local.get $vs)))
            (v128.store offset=16 (local.get $po) (f64x2.mul (local.get $s11) (local.get $vs)))
            (local.set $po (i32.add (local.get $po) (local.get $rowBytes)))
            (v128.store (local.get $po) (f64x2.mul (local.get $s20) (local.get $vs)))
            (v128.store offset=16 (local.get $po) (f64x2.mul (local.get $s21) (local.get $vs)))
            (local.set $po (i32.add (local.get $po) (local.get $rowBytes)))
            (v128.store (local.get $po) (f64x2.mul (local.get $s30) (local.get $vs)))
            (v128.store offset=16 (local.get $po) (f64x2.mul (local.get $s31) (local.get $vs)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $colLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rowLoop)))))
