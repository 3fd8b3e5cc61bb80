// The explorer's JavaScript (nnlib/widgets/explorer.js) against nnlib, under Node:
//   NNLIB_EXPLORER_FIXTURE=fixture.json node --test tests/js/test_explorer.mjs
// The fixture is written by tests/test_explorer_js.py from nnlib.diagnostics and nnlib.portable at
// test time (never committed), so a change to either side that breaks the agreement fails here.
// Both of the explorer's kernels are checked: WebAssembly SIMD (what browsers run) and the JavaScript
// fallback; they must agree with each other bit for bit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  standardNormal, computeFrame, Draws, WASM_AVAILABLE, portableTanh, portableSigmoid, portableExp, portableLog,
  portableCos2pi,
} from "../../nnlib/widgets/explorer.js";
import { kernelBytesFromSource, embeddedBase64 } from "../../tools/explorer_kernel.mjs";

const path = process.env.NNLIB_EXPLORER_FIXTURE;
if (!path) throw new Error("Set NNLIB_EXPLORER_FIXTURE to a fixture written by tests/test_explorer_js.py.");
const fixture = JSON.parse(readFileSync(path, "utf8"));
const num = (v) => (v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "nan" ? NaN : v);
const KERNELS = ["wasm", "js"];
const FIELDS = { preact_mean: "preactMean", preact_var: "preactVar", act_mean: "actMean", act_var: "actVar",
  act_second_moment: "actSecondMoment", grad_var: "gradVar", grad_norm: "gradNorm" };

function close(actual, expected, rtol, what) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = num(expected[i]), a = actual[i];
    if (Number.isNaN(e) || !Number.isFinite(e) || e === 0) {
      assert.ok(Object.is(a, e) || (e === 0 && a === 0), `${what}[${i}]: expected ${e}, got ${a}`);
    } else {
      assert.ok(Math.abs(a / e - 1) <= rtol, `${what}[${i}]: expected ${e}, got ${a} (relative error ${Math.abs(a / e - 1)})`);
    }
  }
}

function sameBits(actual, expected, what) {     // Object.is: NaN equals NaN, 0 differs from -0
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = num(expected[i]);
    assert.ok(Object.is(actual[i], e), `${what}[${i}]: expected ${e}, got ${actual[i]}`);
  }
}

const settingOf = (s) => ({ scale: s.scale, activation: s.activation, depth: s.depth, width: s.width,
  nSamples: s.n_samples, seed: s.seed, bins: s.bins });
const describeCase = (s) => `${s.activation} scale ${s.scale} depth ${s.depth} ${s.n_samples}x${s.width} seed ${s.seed}`;

test("the random streams equal nnlib.portable.standard_normal (to 1e-12)", () => {
  for (const d of fixture.draws) {
    const js = standardNormal(d.seed, d.stream, d.values.length, d.start);
    for (let i = 0; i < js.length; i++) {
      assert.ok(Math.abs(js[i] - d.values[i]) <= 1e-12 * Math.max(1, Math.abs(d.values[i])),
        `seed ${d.seed} stream ${d.stream} index ${d.start + i}: ${js[i]} vs ${d.values[i]}`);
    }
  }
});

test("the portable functions equal nnlib.portable's, bit for bit", () => {
  const f = fixture.functions;
  const fns = { tanh: portableTanh, sigmoid: portableSigmoid, exp: portableExp, log: portableLog, cos2pi: portableCos2pi };
  for (const [name, fn] of Object.entries(fns)) {
    f[name].x.forEach((x, i) => assert.ok(Object.is(fn(num(x)), num(f[name].y[i])), `${name}(${x}): ${fn(num(x))} vs ${f[name].y[i]}`));
  }
});

test("the embedded WebAssembly kernel is explorer_kernel.wat compiled, and Node runs it by default", async () => {
  const bytes = await kernelBytesFromSource();
  assert.equal(embeddedBase64(), bytes.toString("base64"),
    "explorer.js's KERNEL_WASM is not nnlib/widgets/explorer_kernel.wat compiled: run node tools/explorer_kernel.mjs");
  assert.ok(WASM_AVAILABLE, "this Node has no WebAssembly SIMD: the kernel browsers run goes untested");
  assert.equal(new Draws().kernel, "wasm");
  assert.equal(new Draws({ kernel: "js" }).kernel, "js");
  assert.throws(() => new Draws({ kernel: "gpu" }), /kernel must be/);
});

for (const kernel of KERNELS) {
  test(`${kernel} kernel: per-layer statistics, prediction and heat maps equal nnlib's on the grid`, () => {
    const draws = new Draws({ kernel });
    let compared = 0, chains = 0;
    for (const c of fixture.cases) {
      const s = c.setting, what = `${kernel}: ${describeCase(s)}`;
      const frame = computeFrame(settingOf(s), fixture.quadrature, draws);
      for (const [py, js] of Object.entries(FIELDS)) {
        // means are sums of terms of both signs: compare them relative to the spread (the std)
        if (py.endsWith("_mean")) {
          const spread = py === "preact_mean" ? c.stats.preact_var : c.stats.act_var;
          c.stats[py].forEach((e, l) => {
            const tol = 1e-6 * Math.max(Math.abs(num(e)), Math.sqrt(num(spread[l])));
            assert.ok(Math.abs(frame.stats[js][l] - num(e)) <= tol, `${what}: ${py}[${l}] ${frame.stats[js][l]} vs ${e}`);
          });
        } else close(frame.stats[js], c.stats[py], 1e-6, `${what}: ${py}`);
      }
      close(frame.predictedVar, c.predicted_var, 1e-6, `${what}: predicted_var`);
      assert.deepEqual(frame.rangeA, c.range_activations, `${what}: activation heat-map range`);
      assert.deepEqual(frame.rangeG, c.range_gradients, `${what}: gradient heat-map range`);
      close(frame.densityA, c.density_activations, 1e-12, `${what}: activation densities`);
      close(frame.densityG, c.density_gradients, 1e-12, `${what}: gradient densities`);
      if (c.last_layer) {         // the ordered products keep numpy's sums: the same bits at the end of both chains
        const per = s.n_samples * s.width;
        sameBits(frame.stats.activations.subarray((s.depth - 1) * per, s.depth * per), c.last_layer.activations,
          `${what}: activations of layer ${s.depth}`);
        sameBits(frame.stats.gradients.subarray(0, per), c.last_layer.gradients, `${what}: gradients of layer 1`);
        chains++;
      }
      compared++;
    }
    assert.equal(compared, fixture.cases.length);
    assert.ok(chains >= 40, `only ${chains} cases checked bit for bit`);
  });
}

test("the WebAssembly and JavaScript kernels give the same bits, every statistic and every activation", () => {
  const wasm = new Draws({ kernel: "wasm" }), js = new Draws({ kernel: "js" });
  for (const c of fixture.cases) {
    const what = describeCase(c.setting);
    const a = computeFrame(settingOf(c.setting), fixture.quadrature, wasm);
    const b = computeFrame(settingOf(c.setting), fixture.quadrature, js);
    for (const key of [...Object.values(FIELDS), "activations", "gradients"]) sameBits(a.stats[key], b.stats[key], `${what}: ${key}`);
    sameBits(a.densityA, b.densityA, `${what}: activation densities`);
    sameBits(a.densityG, b.densityG, `${what}: gradient densities`);
  }
});
