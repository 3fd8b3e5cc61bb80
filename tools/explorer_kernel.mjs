// Compiles nnlib/widgets/explorer_kernel.wat (the explorer's WebAssembly SIMD product) with the pinned npm
// wabt and writes the bytes, base64, into nnlib/widgets/explorer.js (the line `const KERNEL_WASM = "...";`),
// so the ES module carries its kernel and the saved widget state needs no other file.
//   node tools/explorer_kernel.mjs          rewrite the embedded bytes
//   node tools/explorer_kernel.mjs --check  exit 1 if the embedded bytes are not the source compiled
// tests/js/test_explorer.mjs runs the same check (kernelBytesFromSource below).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
export const WAT = here("../nnlib/widgets/explorer_kernel.wat");
export const JS = here("../nnlib/widgets/explorer.js");
const LINE = /^const KERNEL_WASM = "[A-Za-z0-9+/=]*";$/m;

export async function kernelBytesFromSource() {
  const require = createRequire(import.meta.url);
  let wabtFactory;
  try { wabtFactory = require("wabt"); } catch (e) {
    throw new Error("npm's wabt is needed to compile the explorer's kernel: run npm ci (it is a devDependency in package.json).");
  }
  const wabt = await wabtFactory();
  const module = wabt.parseWat("explorer_kernel.wat", readFileSync(WAT, "utf8"), { simd: true });
  module.resolveNames();
  module.validate();
  const { buffer } = module.toBinary({ log: false, write_debug_names: false });
  module.destroy();
  return Buffer.from(buffer);
}

export function embeddedBase64(text = readFileSync(JS, "utf8")) {
  const m = text.match(LINE);
  if (!m) throw new Error(`no line 'const KERNEL_WASM = "...";' in ${JS}`);
  return m[0].slice('const KERNEL_WASM = "'.length, -2);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const b64 = (await kernelBytesFromSource()).toString("base64");
  const text = readFileSync(JS, "utf8");
  if (process.argv.includes("--check")) {
    if (embeddedBase64(text) !== b64) { console.error("explorer.js's KERNEL_WASM is not explorer_kernel.wat compiled: run node tools/explorer_kernel.mjs"); process.exit(1); }
    console.log("KERNEL_WASM matches explorer_kernel.wat");
  } else {
    writeFileSync(JS, text.replace(LINE, `const KERNEL_WASM = "${b64}";`));
    console.log(`KERNEL_WASM: ${b64.length} base64 characters (${Buffer.from(b64, "base64").length} bytes)`);
  }
}
