// The init-scale explorer, computed in the reader's browser.
// Mirrors, line for line: nnlib.diagnostics.deep_signal_statistics (the network and its per-layer
// statistics), nnlib.portable (the counter-based normal stream and the portable tanh/sigmoid),
// nnlib.diagnostics.mean_field_variance (the recursion; the Gauss-Hermite nodes come from Python) and
// nnlib.plotting.distributions.layer_histograms / heatmap_range (the heat maps' densities and ranges).
// tests/js/test_explorer.mjs checks, under Node, that this file computes the same numbers as nnlib.
// Every floating-point operation below is an IEEE 754 +, -, *, /, sqrt or floor, in the same order as
// in numpy, so the bits agree even where a deep network amplifies every rounding difference.

// -- nnlib.portable ---------------------------------------------------------------------------------

export function mix32(x) {
  x = x >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

const SEED_SALT = 0x243f6a88, STREAM_SALT = 0x85a308d3, WORD_SALT0 = 0x13198a2e, WORD_SALT1 = 0x03707344;
const LN2 = 0.6931471805599453;
const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.4426950408889634;
const TWO_PI = 6.283185307179586;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;   // index of the high word

function pow2(n) {            // 2 ** n exactly, n integer in [-1022, 1023]
  u32[HI] = ((n + 1023) << 20) >>> 0;
  u32[1 - HI] = 0;
  return f64[0];
}

const LOG_COEFFS = [];
for (let j = 12; j >= 1; j--) LOG_COEFFS.push(1.0 / (2 * j + 1));

export function portableLog(x) {   // positive normal x
  f64[0] = x;
  const hi = u32[HI];
  let e = ((hi >>> 20) & 0x7ff) - 1022;
  u32[HI] = ((hi & 0x800fffff) | (1022 << 20)) >>> 0;
  let m = f64[0];                  // x = m 2**e, m in [0.5, 1) as numpy's frexp
  if (m < 0.7071067811865476) { m = m * 2.0; e = e - 1; }
  const s = (m - 1.0) / (m + 1.0);
  const s2 = s * s;
  let p = LOG_COEFFS[0];
  for (let i = 1; i < LOG_COEFFS.length; i++) p = p * s2 + LOG_COEFFS[i];
  p = p * s2 + 1.0;
  return e * LN2 + 2.0 * s * p;
}

function sinCosCoeffs(nTerms) {
  const cos = [1.0], sin = [1.0];
  for (let j = 1; j < nTerms; j++) {
    cos.push(cos[j - 1] / ((2 * j - 1) * (2 * j)));
    sin.push(sin[j - 1] / ((2 * j) * (2 * j + 1)));
  }
  return [cos, sin];
}
const [COS_C, SIN_C] = sinCosCoeffs(12);

function polyAlternating(x2, c) {
  let p = c[c.length - 1];
  for (let j = c.length - 2; j >= 0; j--) p = c[j] - x2 * p;
  return p;
}

export function portableCos2pi(t) {
  let d = Math.abs(t - 0.5);
  let sign = -1.0;
  if (d > 0.25) { d = 0.5 - d; sign = -sign; }
  const useSin = d > 0.125;
  const x = TWO_PI * (useSin ? 0.25 - d : d);
  const x2 = x * x;
  const value = useSin ? x * polyAlternating(x2, SIN_C) : polyAlternating(x2, COS_C);
  return sign * value;
}

const INV_FACT = [1.0];        // 1/n!, by the same divisions as in Python
for (let n = 1; n <= 20; n++) INV_FACT.push(INV_FACT[n - 1] / n);
// Horner's rule written out below (p = p x + 1/n!, n falling): the same operations as a loop over INV_FACT,
// about a third faster (the activation runs 200,000 times a frame)
const [F0, F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12, F13, F14, F15, F16, F17, F18, F19] = INV_FACT;

const POW2 = new Float64Array(2046);        // POW2[n + 1022] = 2 ** n, n in [-1022, 1023] (a table: no
for (let n = -1022; n <= 1023; n++) POW2[n + 1022] = pow2(n);   // store-then-load of two words per call)

export function portableExp(x) {   // x <= 0
  if (x < -745.2) return 0.0;
  const k = Math.floor(x * INV_LN2 + 0.5);
  const r = (x - k * LN2_HI) - k * LN2_LO;
  const p = ((((((((((((((((F16 * r + F15) * r + F14) * r + F13) * r + F12) * r + F11) * r + F10) * r + F9) * r + F8) * r + F7) * r + F6) * r + F5) * r + F4) * r + F3) * r + F2) * r + F1) * r + F0);
  if (k < -1021) return (p * POW2[k + 1122]) * POW2[922];      // 2 ** (k + 100), 2 ** -100
  return p * POW2[k + 1022];
}

function expm1Series(x) {
  return x * ((((((((((((((((((F19 * x + F18) * x + F17) * x + F16) * x + F15) * x + F14) * x + F13) * x + F12) * x + F11) * x + F10) * x + F9) * x + F8) * x + F7) * x + F6) * x + F5) * x + F4) * x + F3) * x + F2) * x + F1);
}

export function portableTanh(z) {
  const y = -2.0 * Math.abs(z);
  const m = y > -0.5 ? expm1Series(y) : portableExp(y) - 1.0;
  const t = -m / (2.0 + m);
  return z < 0 ? -t : t;
}

export function portableSigmoid(z) {
  const e = portableExp(-Math.abs(z));
  return z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

function streamKey(seed, stream) {
  return mix32(mix32((seed ^ SEED_SALT) >>> 0) ^ mix32((stream ^ STREAM_SALT) >>> 0));
}

// Standard normals number start .. start + count - 1 of stream `stream` under `seed`, into out[offset..].
export function standardNormal(seed, stream, count, start = 0, out = null, offset = 0) {
  out = out || new Float64Array(count);
  const key = streamKey(seed, stream);
  for (let i = 0; i < count; i++) {
    const h = mix32(((start + i) ^ key) >>> 0);
    const u0 = (mix32(h ^ WORD_SALT0) + 0.5) / 4294967296.0;
    const u1 = (mix32(h ^ WORD_SALT1) + 0.5) / 4294967296.0;
    out[offset + i] = Math.sqrt(-2.0 * portableLog(u0)) * portableCos2pi(u1);
  }
  return out;
}

// -- nnlib.diagnostics -------------------------------------------------------------------------------

export const WEIGHT_STREAM = 0, INPUT_STREAM = 1, GRADIENT_STREAM = 2;
export const ACTIVATIONS = ["tanh", "relu", "sigmoid", "identity"];

const G = {
  tanh: portableTanh,
  relu: (z) => (z > 0 ? z : 0.0),
  sigmoid: portableSigmoid,
  identity: (z) => z,
};

// Draws kept between calls: the scale only rescales them, and a deeper network extends them. They also
// own the frame's workspace (see Workspace below), so a widget reuses one heap from frame to frame.
// kernel: "auto" (WebAssembly SIMD where the engine has it, else JavaScript), "wasm" or "js".
export class Draws {
  constructor({ kernel = "auto" } = {}) {
    if (!["auto", "wasm", "js"].includes(kernel)) throw new RangeError(`kernel must be "auto", "wasm" or "js", got ${kernel}`);
    if (kernel === "wasm" && !KERNEL_MODULE) throw new Error("this JavaScript engine has no WebAssembly SIMD: use kernel \"js\"");
    this.key = null;
    this.kernel = kernel === "js" || !KERNEL_MODULE ? "js" : "wasm";
    this.space = null;
  }
  get(seed, depth, width, nSamples) {
    const key = `${seed}/${width}/${nSamples}`;
    if (this.key !== key) {
      this.key = key;
      this.depth = 0;
      this.W = new Float64Array(0);
      this.WT = new Float64Array(0);
      this.X = standardNormal(seed, INPUT_STREAM, nSamples * width);
      this.G = standardNormal(seed, GRADIENT_STREAM, nSamples * width);
    }
    if (depth > this.depth) {
      const per = width * width, W = new Float64Array(depth * per);
      W.set(this.W);
      standardNormal(seed, WEIGHT_STREAM, (depth - this.depth) * per, this.depth * per, W, this.depth * per);
      const WT = new Float64Array(depth * per);
      WT.set(this.WT);
      for (let l = this.depth; l < depth; l++) transpose(W, l * per, width, width, WT.subarray(l * per, (l + 1) * per));
      this.W = W;
      this.WT = WT;
      this.depth = depth;
    }
    return this;
  }
  workspace(depth, width, nSamples) {
    if (!this.space || !this.space.fits(this.key, depth, width, nSamples)) {
      this.space = new Workspace(this.kernel, this.key, Math.max(depth, 100), width, nSamples, this.space);
    }
    this.space.load(this, depth);
    return this.space;
  }
}

function transpose(x, off, rows, cols, out) {      // out (cols x rows) = x[off ..] (rows x cols) transposed
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[off + i * cols + j];
  return out;
}

// -- the products ------------------------------------------------------------------------------------------
// out[i, j] = std * (sum over k = 0, 1, ..., inner - 1 of a[i, k] B[k, j]), every sum started at 0 and
// accumulated one product at a time in that order: numpy's _ordered_product (nnlib.diagnostics), so the
// bits agree with nnlib even where a chaotic network amplifies every rounding difference.
// All operands live in one Float64Array heap M, at element offsets: a[i, k] = M[a + i aRow + k aCol] (the
// strides let the weight gradient read delta transposed, in place), B row-major (inner x cols) at b, out
// row-major (rows x cols) at o. Working on blocks of outputs (each loaded value used for several sums)
// changes no output's order; nor does computing two neighbouring outputs in the two lanes of a
// WebAssembly f64x2, with a separate multiply and add (explorer_kernel.wat): the same bits either way,
// which tests/js/test_explorer.mjs checks.

// Scalar: the outputs i0 <= i < i1, j0 <= j < j1.
function productRegion(M, a, aRow, aCol, b, o, i0, i1, j0, j1, inner, cols, std) {
  for (let i = i0; i < i1; i++) {
    const ai = a + i * aRow;
    for (let j = j0; j < j1; j++) {
      let s = 0.0;
      for (let k = 0, p = ai, q = b + j; k < inner; k++, p += aCol, q += cols) s += M[p] * M[q];
      M[o + i * cols + j] = s * std;
    }
  }
}

// JavaScript: blocks of 2 rows x 4 columns, then the edges.
function productJS(M, a, aRow, aCol, b, o, rows, inner, cols, std) {
  const rows2 = rows - (rows % 2), cols4 = cols - (cols % 4);
  for (let i = 0; i < rows2; i += 2) {
    const a0 = a + i * aRow, a1 = a0 + aRow, o0 = o + i * cols, o1 = o0 + cols;
    for (let j = 0; j < cols4; j += 4) {
      let s00 = 0.0, s01 = 0.0, s02 = 0.0, s03 = 0.0, s10 = 0.0, s11 = 0.0, s12 = 0.0, s13 = 0.0;
      for (let k = 0, p0 = a0, p1 = a1, q = b + j; k < inner; k++, p0 += aCol, p1 += aCol, q += cols) {
        const y0 = M[q], y1 = M[q + 1], y2 = M[q + 2], y3 = M[q + 3];
        const x0 = M[p0], x1 = M[p1];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      }
      M[o0 + j] = s00 * std; M[o0 + j + 1] = s01 * std; M[o0 + j + 2] = s02 * std; M[o0 + j + 3] = s03 * std;
      M[o1 + j] = s10 * std; M[o1 + j + 1] = s11 * std; M[o1 + j + 2] = s12 * std; M[o1 + j + 3] = s13 * std;
    }
  }
  productRegion(M, a, aRow, aCol, b, o, 0, rows2, cols4, cols, inner, cols, std);
  productRegion(M, a, aRow, aCol, b, o, rows2, rows, 0, cols, inner, cols, std);
}

// WebAssembly SIMD (explorer_kernel.wat, compiled by tools/explorer_kernel.mjs): blocks of 4 x 4.
const KERNEL_WASM = "AGFzbQEAAAABDgFgCn9/f39/f39/f3wAAwIBAAUDAQAABxQCBm1lbW9yeQIAB3Byb2R1Y3QAAAr/BAH8BAIKfwx7IAhBA3QhDSAJ/RQhF0EAIQoCQANAIAogBU8NAUEAIQsCQANAIAsgB08NAf0MAAAAAAAAAAAAAAAAAAAAACEY/QwAAAAAAAAAAAAAAAAAAAAAIRn9DAAAAAAAAAAAAAAAAAAAAAAhGv0MAAAAAAAAAAAAAAAAAAAAACEb/QwAAAAAAAAAAAAAAAAAAAAAIRz9DAAAAAAAAAAAAAAAAAAAAAAhHf0MAAAAAAAAAAAAAAAAAAAAACEe/QwAAAAAAAAAAAAAAAAAAAAAIR8gACAKIAFsaiEOIA4gAWohDyAPIAFqIRAgECABaiERIAMgC0EDdGohEiAGIQwCQANAIAxFDQEgEv0ABAAhFSAS/QAEECEWIA4rAwD9FCEUIBggFCAV/fIB/fABIRggGSAUIBb98gH98AEhGSAPKwMA/RQhFCAaIBQgFf3yAf3wASEaIBsgFCAW/fIB/fABIRsgECsDAP0UIRQgHCAUIBX98gH98AEhHCAdIBQgFv3yAf3wASEdIBErAwD9FCEUIB4gFCAV/fIB/fABIR4gHyAUIBb98gH98AEhHyAOIAJqIQ4gDyACaiEPIBAgAmohECARIAJqIREgEiANaiESIAxBAWshDAwACwsgBCAKIAhsIAtqQQN0aiETIBMgGCAX/fIB/QsEACATIBkgF/3yAf0LBBAgEyANaiETIBMgGiAX/fIB/QsEACATIBsgF/3yAf0LBBAgEyANaiETIBMgHCAX/fIB/QsEACATIB0gF/3yAf0LBBAgEyANaiETIBMgHiAX/fIB/QsEACATIB8gF/3yAf0LBBAgC0EEaiELDAALCyAKQQRqIQoMAAsLCw==";
const KERNEL_MODULE = (() => {
  try {
    if (typeof WebAssembly !== "object" || !KERNEL_WASM) return null;
    const bytes = Uint8Array.from(atob(KERNEL_WASM), (c) => c.charCodeAt(0));
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;   // false without SIMD
  } catch (e) {
    return null;
  }
})();
export const WASM_AVAILABLE = KERNEL_MODULE !== null;

// One heap for a frame: the draws (W, W^T per layer, X, G), the activations and deltas of every layer and
// scratch space, at fixed offsets (elements) for up to `capacity` layers; in WebAssembly memory when the
// kernel is "wasm", so the products read and write it in place.
class Workspace {
  constructor(kernel, key, capacity, width, nSamples, old) {
    const w = width, n = nSamples, ww = w * w, per = n * w;
    this.kernel = kernel; this.key = key; this.capacity = capacity; this.width = w; this.nSamples = n;
    this.W = 0; this.WT = capacity * ww; this.X = 2 * capacity * ww; this.G = this.X + per;
    this.A = this.G + per; this.delta = this.A + capacity * per; this.z = this.delta + capacity * per;
    this.bufs = [this.z + per, this.z + 2 * per]; this.dW = this.z + 3 * per;
    const size = this.dW + ww;
    if (kernel === "wasm") {
      // reuse the old instance's memory (it only grows); a new layout reloads the draws
      this.instance = old && old.instance ? old.instance : new WebAssembly.Instance(KERNEL_MODULE, {});
      const memory = this.instance.exports.memory, need = Math.ceil((size * 8) / 65536) - memory.buffer.byteLength / 65536;
      if (need > 0) memory.grow(need);
      this.M = new Float64Array(memory.buffer, 0, size);
      this.wasmProduct = this.instance.exports.product;
    } else {
      this.M = new Float64Array(size);
    }
    this.loaded = 0;           // layers of W and W^T copied in
  }
  fits(key, depth, width, nSamples) {
    return this.key === key && depth <= this.capacity && width === this.width && nSamples === this.nSamples;
  }
  load(draws, depth) {
    const ww = this.width * this.width;
    if (this.loaded === 0) { this.M.set(draws.X, this.X); this.M.set(draws.G, this.G); }
    if (depth > this.loaded) {
      this.M.set(draws.W.subarray(this.loaded * ww, depth * ww), this.W + this.loaded * ww);
      this.M.set(draws.WT.subarray(this.loaded * ww, depth * ww), this.WT + this.loaded * ww);
      this.loaded = depth;
    }
  }
  product(a, aRow, aCol, b, o, rows, inner, cols, std) {
    const M = this.M;
    if (this.kernel !== "wasm") return productJS(M, a, aRow, aCol, b, o, rows, inner, cols, std);
    const rows4 = rows - (rows % 4), cols4 = cols - (cols % 4);
    if (rows4 > 0 && cols4 > 0) this.wasmProduct(a * 8, aRow * 8, aCol * 8, b * 8, o * 8, rows4, inner, cols4, cols, std);
    productRegion(M, a, aRow, aCol, b, o, 0, rows4, cols4, cols, inner, cols, std);
    productRegion(M, a, aRow, aCol, b, o, rows4, rows, 0, cols, inner, cols, std);
  }
}

// ||delta^T prev||_F (the norm of dL/dW, w x w, summed over the n samples), scaled by the largest entry as
// nnlib's _frobenius. The order of this sum does not matter beyond rounding: nothing is computed from it.
function weightGradientNorm(space, delta, prev) {
  const n = space.nSamples, w = space.width, M = space.M, dW = space.dW;
  space.product(delta, 1, w, prev, dW, w, n, w, 1.0);        // a[i, k] = delta[k, i]
  let top = 0.0;
  for (let i = dW; i < dW + w * w; i++) { const v = Math.abs(M[i]); if (v > top || Number.isNaN(v)) top = v; }
  if (top === 0 || !Number.isFinite(top)) return top;
  let s0 = 0.0, s1 = 0.0;
  let i = dW;
  for (const end = dW + w * w - 1; i < end; i += 2) { const u = M[i] / top, v = M[i + 1] / top; s0 += u * u; s1 += v * v; }
  if (i < dW + w * w) { const u = M[i] / top; s0 += u * u; }
  return top * Math.sqrt(s0 + s1);
}

// Mean and variance (two passes, as nnlib's _mean_var), with four running sums (the order of these sums
// feeds nothing back; four sums overlap in the CPU).
function mean(x, off, n) {
  let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, i = off;
  const end = off + n, end4 = off + n - (n % 4);
  for (; i < end4; i += 4) { s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3]; }
  for (; i < end; i++) s0 += x[i];
  return ((s0 + s1) + (s2 + s3)) / n;
}

function variance(x, off, n, m) {
  let v0 = 0.0, v1 = 0.0, v2 = 0.0, v3 = 0.0, i = off;
  const end = off + n, end4 = off + n - (n % 4);
  for (; i < end4; i += 4) {
    const d0 = x[i] - m, d1 = x[i + 1] - m, d2 = x[i + 2] - m, d3 = x[i + 3] - m;
    v0 += d0 * d0; v1 += d1 * d1; v2 += d2 * d2; v3 += d3 * d3;
  }
  for (; i < end; i++) { const d = x[i] - m; v0 += d * d; }
  return ((v0 + v1) + (v2 + v3)) / n;
}

// A[off ..] = g(z[zOff ..]); returns the sum of squares of A (two running sums).
function applyActivation(activation, M, z, A, n) {
  let s0 = 0.0, s1 = 0.0;
  if (activation === "tanh") for (let i = 0; i < n; i++) { const v = portableTanh(M[z + i]); M[A + i] = v; if (i & 1) s1 += v * v; else s0 += v * v; }
  else if (activation === "sigmoid") for (let i = 0; i < n; i++) { const v = portableSigmoid(M[z + i]); M[A + i] = v; if (i & 1) s1 += v * v; else s0 += v * v; }
  else if (activation === "relu") for (let i = 0; i < n; i++) { const v = M[z + i] > 0 ? M[z + i] : 0.0; M[A + i] = v; if (i & 1) s1 += v * v; else s0 += v * v; }
  else for (let i = 0; i < n; i++) { const v = M[z + i]; M[A + i] = v; if (i & 1) s1 += v * v; else s0 += v * v; }
  return s0 + s1;
}

function applyDerivative(activation, M, dA, A, delta, n) {   // delta = dA * g'(z), g' written in a = g(z)
  if (activation === "tanh") for (let i = 0; i < n; i++) { const a = M[A + i]; M[delta + i] = M[dA + i] * (1.0 - a * a); }
  else if (activation === "sigmoid") for (let i = 0; i < n; i++) { const a = M[A + i]; M[delta + i] = M[dA + i] * (a * (1.0 - a)); }
  else if (activation === "relu") for (let i = 0; i < n; i++) M[delta + i] = M[dA + i] * (M[A + i] > 0 ? 1.0 : 0.0);
  else for (let i = 0; i < n; i++) M[delta + i] = M[dA + i] * 1.0;
}

// The statistics of nnlib.diagnostics.deep_signal_statistics, as Float64Arrays of length depth, plus
// activations and gradients (depth * nSamples * width, row-major like numpy's (depth, n, width)).
// activations and gradients are views of the draws' workspace: the next call with the same draws
// overwrites them (pass no draws, or copy them, to keep them).
export function deepSignalStatistics({ scale, depth, width, nSamples, activation, seed }, draws = null) {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be a finite positive number, got ${scale}`);
  if (!ACTIVATIONS.includes(activation)) throw new RangeError(`activation must be one of ${ACTIVATIONS.join(", ")}, got ${activation}`);
  const d = (draws || new Draws()).get(seed, depth, width, nSamples);
  const space = d.workspace(depth, width, nSamples), M = space.M;
  const std = scale / Math.sqrt(width);
  const n = nSamples, w = width, per = n * w, ww = w * w;
  const A = space.A, delta = space.delta, z = space.z;
  const out = {
    preactMean: new Float64Array(depth), preactVar: new Float64Array(depth),
    actMean: new Float64Array(depth), actVar: new Float64Array(depth), actSecondMoment: new Float64Array(depth),
    gradVar: new Float64Array(depth), gradNorm: new Float64Array(depth),
    activations: M.subarray(A, A + depth * per), gradients: M.subarray(delta, delta + depth * per),
  };
  for (let l = 0; l < depth; l++) {
    // Z[l] = std * (A[l-1] @ W[l].T): B = W[l]^T, row-major
    space.product(l === 0 ? space.X : A + (l - 1) * per, w, 1, space.WT + l * ww, z, n, w, w, std);
    out.preactMean[l] = mean(M, z, per);
    out.preactVar[l] = variance(M, z, per, out.preactMean[l]);
    const off = A + l * per;
    out.actSecondMoment[l] = applyActivation(activation, M, z, off, per) / per;
    out.actMean[l] = mean(M, off, per);
    out.actVar[l] = variance(M, off, per, out.actMean[l]);
  }
  let dA = space.G;
  for (let l = depth - 1; l >= 0; l--) {
    const off = delta + l * per;
    applyDerivative(activation, M, dA, A + l * per, off, per);
    out.gradVar[l] = variance(M, off, per, mean(M, off, per));
    out.gradNorm[l] = weightGradientNorm(space, off, l === 0 ? space.X : A + (l - 1) * per);
    if (l > 0) {
      // dL/dA[l-1] = std * (delta[l] @ W[l]): B = W[l], row-major; sums over j in order
      dA = space.bufs[l % 2];
      space.product(off, w, 1, space.W + l * ww, dA, n, w, w, std);
    }
  }
  return out;
}

// q[l+1] = scale^2 E[g(sqrt(q[l]) z)^2] with the Gauss-Hermite rule (nodes for N(0, 1), weights summing to 1).
export function meanFieldVariance(scale, depth, activation, nodes, weights, inputSecondMoment = 1.0) {
  const g = G[activation];
  const q = new Float64Array(depth);
  q[0] = scale ** 2 * inputSecondMoment;
  for (let l = 1; l < depth; l++) {
    const r = Math.sqrt(q[l - 1]);
    let s = 0.0;
    for (let i = 0; i < nodes.length; i++) { const v = g(r * nodes[i]); s += weights[i] * (v * v); }
    q[l] = scale ** 2 * s;
  }
  return q;
}

// -- nnlib.plotting.distributions ------------------------------------------------------------------------

// layer_histograms: densities (depth * bins, row-major) of `values` (depth * perLayer) on [lo, hi].
export function layerHistograms(values, depth, perLayer, bins, lo, hi) {
  const perUnit = bins / (hi - lo);
  const offset = -lo * perUnit;
  let whole = Math.round(offset);
  if (Math.abs(offset - whole) > 1e-9 * Math.max(1.0, Math.abs(offset))) whole = Math.floor(offset);
  const fraction = Math.max(offset - whole, 0.0);
  const density = new Float64Array(depth * bins), counts = new Int32Array(bins);
  for (let l = 0; l < depth; l++) {
    let counted = 0;
    const row = l * bins, off = l * perLayer;
    counts.fill(0);
    for (let i = 0; i < perLayer; i++) {
      let p = Math.floor(values[off + i] * perUnit + fraction) + whole;
      if (Number.isNaN(p)) continue;
      p = p < 0 ? 0 : p > bins - 1 ? bins - 1 : p;
      counts[p]++;
      counted++;
    }
    if (counted > 0) for (let b = 0; b < bins; b++) density[row + b] = counts[b] * (perUnit / counted);
  }
  return density;
}

export function niceCeil(x) {
  const power = 10.0 ** Math.floor(Math.log10(x));
  for (const step of [1.0, 2.0, 2.5, 5.0, 10.0]) if (step * power >= x * (1 - 1e-12)) return step * power;
  return 10.0 * power;
}

export function heatmapRange(which, activation, referenceStd) {
  if (which === "activations" && activation === "tanh") return [-1.0, 1.0];
  if (which === "activations" && activation === "sigmoid") return [0.0, 1.0];
  const ref = referenceStd;
  const hi = Number.isFinite(ref) && ref > 0 && ref < 1e300 ? niceCeil(4 * ref) : 1.0;
  return [which === "activations" && activation === "relu" ? 0.0 : -hi, hi];
}

// Everything one frame shows, for a setting: statistics, prediction and heat-map densities.
export function computeFrame(setting, quadrature, draws = null) {
  const stats = deepSignalStatistics(setting, draws);
  const { depth, nSamples, width, activation, scale } = setting;
  const per = nSamples * width, bins = setting.bins || 60;
  const actStd = stats.actVar.map(Math.sqrt), gradStd = stats.gradVar.map(Math.sqrt);
  const rangeA = heatmapRange("activations", activation, actStd[0]);
  const rangeG = heatmapRange("gradients", activation, gradStd[depth - 1]);
  return {
    setting, stats, actStd, gradStd,
    predictedVar: meanFieldVariance(scale, depth, activation, quadrature.nodes, quadrature.weights),
    rangeA, rangeG,
    densityA: layerHistograms(stats.activations, depth, per, bins, rangeA[0], rangeA[1]),
    densityG: layerHistograms(stats.gradients, depth, per, bins, rangeG[0], rangeG[1]),
  };
}

// -- the widget (anywidget's render) ------------------------------------------------------------------------

const fmt = (v, digits = 2) => {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return Number(v.toPrecision(digits)).toString();
  return v.toExponential(digits - 1).replace("e+", "e");
};
export const formatScale = (s) => Number(s.toPrecision(3)).toString();   // the slider's readout (".3g")

export function describe(frame) {
  const d = frame.setting.depth;
  return `layer ${d} of ${d}: activation std ${fmt(frame.actStd[d - 1])}, ` +
    `gradient norm ${fmt(frame.stats.gradNorm[d - 1])} (layer 1: ${fmt(frame.stats.gradNorm[0])})`;
}

function parseHash(hash) {
  const out = {};
  for (const part of hash.replace(/^#/, "").split("&")) {
    const [k, v] = part.split("=");
    if (k === "scale" && Number.isFinite(Number(v)) && Number(v) > 0) out.scale = Math.min(20, Math.max(0.05, Number(v)));
    if (k === "activation" && ACTIVATIONS.includes(v)) out.activation = v;
    if (k === "depth" && /^\d+$/.test(v || "")) out.depth = Math.min(100, Math.max(1, Number(v)));
  }
  return out;
}

const COLOURS = { z: "#009E73", a: "#0072B2", grad: "#D55E00", theory: "#000000" };

function lut(hex) {
  const out = new Uint8ClampedArray((hex.length / 6) * 3);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

function quantile(arr, q) {
  const s = Float64Array.from(arr).sort();
  const pos = (s.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

function drawHeatmap(ctx, box, density, depth, bins, colours, range, title, xlabel, ylabel) {
  const shown = density.map(Math.log1p);
  const top = Math.max(quantile(shown, 0.97), 1e-12), n = colours.length / 3;
  const img = new ImageData(bins, depth);
  for (let l = 0; l < depth; l++) {
    for (let b = 0; b < bins; b++) {
      const c = Math.min(n - 1, Math.floor((Math.min(shown[l * bins + b] / top, 1)) * (n - 1) + 0.5)) * 3;
      const p = ((depth - 1 - l) * bins + b) * 4;          // layer 1 at the bottom
      img.data[p] = colours[c]; img.data[p + 1] = colours[c + 1]; img.data[p + 2] = colours[c + 2]; img.data[p + 3] = 255;
    }
  }
  const off = new OffscreenCanvas(bins, depth);
  off.getContext("2d").putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, box.x, box.y, box.w, box.h);
  frameAxes(ctx, box, title, xlabel, ylabel);
  const ticks = 5;
  ctx.textAlign = "center"; ctx.textBaseline = "top";
  for (let t = 0; t < ticks; t++) {
    const v = range[0] + (range[1] - range[0]) * t / (ticks - 1), x = box.x + box.w * t / (ticks - 1);
    ctx.fillText(fmt(v, 2), x, box.y + box.h + 4);
  }
  layerTicks(ctx, box, depth);
}

function frameAxes(ctx, box, title, xlabel, ylabel) {
  ctx.strokeStyle = "#333"; ctx.lineWidth = 1;
  ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w, box.h);
  ctx.fillStyle = "#111"; ctx.font = "12px sans-serif";
  ctx.textAlign = "center"; ctx.textBaseline = "bottom";
  ctx.fillText(title, box.x + box.w / 2, box.y - 4);
  ctx.textBaseline = "top";
  ctx.fillText(xlabel, box.x + box.w / 2, box.y + box.h + 18);
  if (ylabel) {
    ctx.save(); ctx.translate(box.x - 34, box.y + box.h / 2); ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "bottom"; ctx.fillText(ylabel, 0, 0); ctx.restore();
  }
}

function layerTicks(ctx, box, depth) {
  ctx.textAlign = "right"; ctx.textBaseline = "middle";
  const ticks = depth === 1 ? [1] : [1, Math.round(depth / 2), depth];
  for (const l of ticks) ctx.fillText(String(l), box.x - 4, box.y + box.h - (l - 0.5) / depth * box.h);
}

const SERIES = [
  { key: "z", c: COLOURS.z, label: "std of z (sampled)" },
  { key: "q", c: COLOURS.theory, label: "mean field √q (predicted)", dash: [5, 4] },
  { key: "a", c: COLOURS.a, label: "std of a" },
  { key: "grad", c: COLOURS.grad, label: "‖∂L/∂W‖ (gradient norm)" },
];

function drawCurves(ctx, box, frame) {
  const { stats, actStd, predictedVar, setting } = frame, depth = setting.depth;
  const values = { z: stats.preactVar.map(Math.sqrt), q: predictedVar.map(Math.sqrt), a: actStd, grad: stats.gradNorm };
  const series = SERIES.map((s) => ({ ...s, v: values[s.key] }));
  let lo = Infinity, hi = -Infinity;
  for (const s of series) for (const v of s.v) if (Number.isFinite(v) && v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(lo < Infinity)) { lo = 1e-3; hi = 1e3; }
  let d0 = Math.floor(Math.log10(lo)), d1 = Math.ceil(Math.log10(hi));
  if (d1 - d0 < 2) { d0 -= 1; d1 += 1; }
  frameAxes(ctx, box, "size per layer (log axis)", "layer l", "");
  const x = (l) => box.x + (l - 0.5) / depth * box.w;
  const y = (v) => box.y + box.h - (Math.log10(v) - d0) / (d1 - d0) * box.h;
  ctx.textAlign = "right"; ctx.textBaseline = "middle"; ctx.fillStyle = "#111";
  const step = Math.max(1, Math.ceil((d1 - d0) / 6));
  for (let d = d0; d <= d1; d += step) {
    const yy = y(10 ** d);
    ctx.fillText(`1e${d}`, box.x - 4, yy);
    ctx.strokeStyle = "#ddd"; ctx.beginPath(); ctx.moveTo(box.x + 1, yy); ctx.lineTo(box.x + box.w, yy); ctx.stroke();
  }
  ctx.textAlign = "center"; ctx.textBaseline = "top";
  for (const l of depth === 1 ? [1] : [1, Math.round(depth / 2), depth]) ctx.fillText(String(l), x(l), box.y + box.h + 4);
  ctx.save();
  ctx.beginPath(); ctx.rect(box.x, box.y, box.w, box.h); ctx.clip();
  for (const s of series) {
    ctx.strokeStyle = s.c; ctx.lineWidth = 2; ctx.setLineDash(s.dash || []);
    ctx.beginPath();
    let started = false;
    s.v.forEach((v, i) => {
      if (!(Number.isFinite(v) && v > 0)) { started = false; return; }
      if (started) ctx.lineTo(x(i + 1), y(v)); else { ctx.moveTo(x(i + 1), y(v)); started = true; }
    });
    if (depth === 1 && Number.isFinite(s.v[0]) && s.v[0] > 0) ctx.arc(x(1), y(s.v[0]), 2, 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.restore();
  ctx.setLineDash([]);
}

export function drawFrame(canvas, frame, colours) {
  const ctx = canvas.getContext("2d");
  const W = canvas.width / (window.devicePixelRatio || 1), H = canvas.height / (window.devicePixelRatio || 1);
  ctx.setTransform(window.devicePixelRatio || 1, 0, 0, window.devicePixelRatio || 1, 0, 0);
  ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, W, H);
  const { setting } = frame, bins = setting.bins || 60;
  const narrow = W < 600;
  const boxes = [];
  if (narrow) {
    const h = (H - 3 * 60) / 3;
    for (let i = 0; i < 3; i++) boxes.push({ x: 48, y: 22 + i * (h + 60), w: W - 60, h });
  } else {
    const w = (W - 3 * 58) / 3;
    for (let i = 0; i < 3; i++) boxes.push({ x: 50 + i * (w + 58), y: 22, w, h: H - 64 });
  }
  ctx.font = "12px sans-serif"; ctx.fillStyle = "#111";
  drawHeatmap(ctx, boxes[0], frame.densityA, setting.depth, bins, colours, frame.rangeA,
    `activations: ${setting.activation}, scale = ${formatScale(setting.scale)}`, "activation value a", "layer l");
  drawHeatmap(ctx, boxes[1], frame.densityG, setting.depth, bins, colours, frame.rangeG,
    `gradients, depth = ${setting.depth}`, "gradient value ∂L/∂z", narrow ? "layer l" : "");
  drawCurves(ctx, boxes[2], frame);
}

function numbersTable(frame) {
  const rows = [];
  for (let l = 0; l < frame.setting.depth; l++) {
    rows.push(`<tr><th scope="row">${l + 1}</th><td>${fmt(frame.actStd[l], 3)}</td>` +
      `<td>${fmt(frame.stats.gradNorm[l], 3)}</td><td>${fmt(frame.stats.preactVar[l], 3)}</td>` +
      `<td>${fmt(frame.predictedVar[l], 3)}</td></tr>`);
  }
  return `<table class="nnlib-explorer-numbers"><caption>Per layer, at scale ${formatScale(frame.setting.scale)}, ` +
    `${frame.setting.activation}</caption><thead><tr><th scope="col">layer</th><th scope="col">activation std</th>` +
    `<th scope="col">gradient norm ‖∂L/∂W‖</th><th scope="col">Var(z), sampled</th>` +
    `<th scope="col">Var(z), predicted (mean field)</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "nnlib-explorer-view";
  root.innerHTML = `
    <div class="nnlib-explorer-buttons" style="display:flex;gap:0.5em;flex-wrap:wrap;margin:0.25em 0">
      <button type="button" data-scale="1">scale 1 (LeCun, Xavier)</button>
      <button type="button" data-scale="${Math.SQRT2}">scale √2 (He)</button>
      <button type="button" data-reset>reset</button>
    </div>
    <canvas role="img" style="width:100%;display:block"></canvas>
    <p class="nnlib-explorer-legend" style="margin:0.2em 0;font-size:0.85em;display:flex;gap:1em;flex-wrap:wrap">${
      SERIES.map((s) => `<span><svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" ` +
        `stroke="${s.key === "q" ? "currentColor" : s.c}" stroke-width="3"${s.dash ? ' stroke-dasharray="5 4"' : ""}/></svg> ` +
        `${s.label}</span>`).join("")}</p>
    <p class="nnlib-explorer-status" aria-live="polite" style="margin:0.25em 0"></p>
    <details><summary>numbers</summary><div class="nnlib-explorer-table" style="max-height:24em;overflow:auto"></div></details>`;
  el.appendChild(root);
  const canvas = root.querySelector("canvas"), status = root.querySelector(".nnlib-explorer-status");
  const details = root.querySelector("details"), tableBox = root.querySelector(".nnlib-explorer-table");
  const colours = lut(model.get("colormap") || "000000ffffff");
  const draws = new Draws();
  const timing = { compute: [], draw: [], presented: [] };
  root.nnlibTiming = timing;
  // pending: a computation is scheduled; fresh: a frame was computed since the last animation frame began;
  // started: the first frame (in an animation frame, once the view is on the page) is done.
  let pending = false, fresh = false, started = false, frame = null, announceTimer = null;

  const setting = () => ({
    scale: model.get("scale"), activation: ACTIVATIONS[model.get("activation_index")], depth: model.get("depth"),
    width: model.get("width"), nSamples: model.get("n_samples"), seed: model.get("seed"), bins: model.get("bins"),
  });

  function size() {
    const w = Math.max(280, root.clientWidth || 800), ratio = window.devicePixelRatio || 1;
    const h = w < 600 ? Math.round(w * 1.9) : Math.round(Math.min(360, Math.max(260, w * 0.34)));
    if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
      canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio);
      canvas.style.height = `${h}px`;
    }
  }

  function paint() {
    pending = false;
    const s = setting();
    const t0 = performance.now();
    frame = computeFrame(s, model.get("quadrature"), draws);
    const t1 = performance.now();
    size();
    drawFrame(canvas, frame, colours);
    const t2 = performance.now();
    timing.compute.push(t1 - t0); timing.draw.push(t2 - t1);
    fresh = true; started = true;
    requestAnimationFrame(() => { fresh = false; timing.presented.push(performance.now()); });   // the next frame shows the canvas
    root.nnlibFrame = frame;           // the numbers on screen, at full precision (the site tests read them)
    canvas.setAttribute("aria-label", `Heat maps of activations and gradients per layer, and their sizes on a log axis; ${describe(frame)}.`);
    root.dataset.setting = JSON.stringify({ scale: s.scale, activation: s.activation, depth: s.depth });
    root.dataset.frames = String(Number(root.dataset.frames || 0) + 1);
    root.dataset.kernel = draws.kernel;        // "wasm" (WebAssembly SIMD) or "js" (no SIMD in this browser)
    if (details.open) tableBox.innerHTML = numbersTable(frame);
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => { status.textContent = describe(frame); }, 200);
    labelSlider(s.scale);
    if (model.get("use_url")) writeHash(s);
    hideFirstPaint();
  }

  // Coalesce: at most one computation per animation frame, and never a queue. A change after a quiet spell
  // is computed at once (in a microtask, after every trait that the same event sets), so its frame shows at
  // the next refresh; changes that come while a frame is waiting to be shown are computed, once, in the
  // next animation frame, from the traits' latest values.
  function request() {
    if (pending || !started) return;
    pending = true;
    if (fresh) requestAnimationFrame(paint); else queueMicrotask(paint);
  }

  function writeHash(s) {
    if (!/(^#$|^$|scale=)/.test(location.hash)) return;     // leave section anchors alone
    const hash = `#scale=${formatScale(s.scale)}&activation=${s.activation}&depth=${s.depth}`;
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  function labelSlider(scale) {  // the ipywidgets slider in the same box: an accessible name and value text
    const box = el.closest(".nnlib-explorer") || el.parentElement;
    const handle = box && box.querySelector(".widget-hslider .noUi-handle, .widget-hslider [role=slider]");
    const readout = box && box.querySelector(".widget-hslider .widget-readout");
    if (handle) {          // announce what the readout shows
      handle.setAttribute("aria-label", "weight scale");
      handle.setAttribute("aria-valuetext", (readout && readout.textContent.trim()) || formatScale(scale));
    }
  }

  function hideFirstPaint() {
    const cell = el.closest(".cell_output, .output_area, .jp-OutputArea, .jp-Cell-outputArea") || document;
    for (const fig of cell.querySelectorAll(".nnlib-explorer-first-paint")) fig.style.display = "none";
  }

  root.querySelectorAll("button[data-scale]").forEach((b) => b.addEventListener("click", () => {
    model.set("scale", Number(b.dataset.scale)); model.save_changes();
  }));
  root.querySelector("button[data-reset]").addEventListener("click", () => {
    const d = model.get("defaults");
    model.set("scale", d.scale); model.set("activation_index", d.activation_index); model.set("depth", d.depth);
    model.save_changes();
  });
  details.addEventListener("toggle", () => { if (details.open && frame) tableBox.innerHTML = numbersTable(frame); });
  for (const name of ["scale", "activation_index", "depth", "width", "n_samples", "seed", "bins"]) model.on(`change:${name}`, request);
  const onResize = () => request();
  window.addEventListener("resize", onResize);

  // The ipywidgets slider snaps the starting scale to its grid when it first renders (sqrt 2 would
  // become 10**0.15 = 1.4125) and writes that back: put the intended start back, once, if that is all
  // that changed it (less than half a slider step, 10**0.0025).
  // Only a value on the slider's grid (10**(0.005 k)) can be such a snap; a button's sqrt 2 never is.
  let intended = model.get("defaults").scale, watching = true;
  const onGrid = (s) => { const k = Math.log10(s) / 0.005; return Math.abs(k - Math.round(k)) < 1e-6; };
  const undoSnap = () => {
    const s = model.get("scale");
    if (watching && s !== intended && onGrid(s) && Math.abs(Math.log10(s / intended)) < 0.0026) {
      model.set("scale", intended); model.save_changes();
    }
  };
  root.addEventListener("click", () => { watching = false; }, true);    // a button press is the reader's choice
  for (const delay of [0, 300, 1000, 2500]) setTimeout(undoSnap, delay);

  if (model.get("use_url")) {
    const fromUrl = parseHash(location.hash);
    if (fromUrl.scale) intended = fromUrl.scale;
    if (Object.keys(fromUrl).length) {
      for (const [k, v] of Object.entries(fromUrl)) {
        if (k === "activation") model.set("activation_index", ACTIVATIONS.indexOf(v)); else model.set(k, v);
      }
      model.save_changes();
    }
  }
  pending = true;
  requestAnimationFrame(paint);        // the first frame: once the view is on the page
  return () => window.removeEventListener("resize", onResize);
}

export default { render };
