// Writes the TFJS reference outputs that the Java parity tests compare the converted SavedModels against.
//   node goldens.mjs [--out DIR] [--backend cpu|wasm] [--compare-wasm] [--only name,name]
// Output: DIR/index.json plus one gzip'd float32-LE file per model and input (see docs/parity.md).
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { MODELS, PACKAGE, PACKAGE_SHA256, comparedTensors, loadModel, packageDir } from './zoo.mjs';
import { noise, photo, toInputValues } from './inputs.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PHOTO_FILE = 'messi-crop-256.rgb';
// Element budgets per tensor: above them a tensor is kept at a fixed stride (coprime with its channel count,
// so every channel is sampled), and its full-tensor mean is kept too. Keeps each model under ~1.5 MB.
const CASES = [
  { id: 'photo', input: { kind: 'photo', file: PHOTO_FILE }, maxElements: 96 * 1024 },
  { id: 'noise', input: { kind: 'noise', seed: 20240611 }, maxElements: 8 * 1024 },
];

function args() {
  const a = { out: resolve(here, '../resources/parity'), backend: 'cpu', compareWasm: false, only: null };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') a.out = resolve(argv[++i]);
    else if (argv[i] === '--backend') a.backend = argv[++i];
    else if (argv[i] === '--compare-wasm') a.compareWasm = true;
    else if (argv[i] === '--only') a.only = argv[++i].split(',');
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return a;
}

function gcd(a, b) { return b === 0 ? a : gcd(b, a % b); }

/** Smallest stride >= ceil(n / max) that is coprime with the last dimension (1 when the tensor fits). */
export function strideFor(n, lastDim, max) {
  if (n <= max) return 1;
  let s = Math.ceil(n / max);
  while (gcd(s, lastDim) !== 1) s++;
  return s;
}

function imageFor(c, side) {
  return c.input.kind === 'photo' ? photo(join(here, '../resources/parity', c.input.file), side) : noise(c.input.seed, side);
}

function inputTensor(spec, rgb) {
  const { size, layout, dtype } = spec.input;
  const shape = layout === 'NCHW' ? [1, 3, size, size] : [1, size, size, 3];
  return tf.tensor(toInputValues(rgb, size, spec.input), shape, dtype);
}

async function run(model, spec, rgb) {
  const names = comparedTensors(spec);
  const logits = Object.entries(spec.logits ?? {});
  const input = inputTensor(spec, rgb);
  const outs = model.execute({ [spec.input.node]: input },
    [...names.map((t) => t.node), ...logits.map(([, node]) => node)]);
  const list = Array.isArray(outs) ? outs : [outs];
  const result = [];
  for (let i = 0; i < names.length; i++) {
    result.push({ ...names[i], shape: list[i].shape, dtype: list[i].dtype, data: await list[i].data() });
  }
  for (let j = 0; j < logits.length; j++) {
    const z = await list[names.length + j].data();
    let maxAbs = 0;
    for (let i = 0; i < z.length; i++) maxAbs = Math.max(maxAbs, Math.abs(z[i]));
    for (const r of result) if (r.node === logits[j][0]) r.logitMaxAbs = maxAbs;
  }
  tf.dispose([input, ...list]);
  return result;
}

// MoveNet-multipose's output_0 [1, 6, 56], as the TF Hub model card describes it: per person slot 17
// keypoints (y, x, score) with y and x in [0, 1] of the input, then the box (ymin, xmin, ymax, xmax) in the
// same units and the person score. Written out in input pixels (box clipped to the input), slots scoring
// below minScore left out, best first: what the Java decoder must give for an image that fills the input.
export const MULTIPOSE_MIN_SCORE = 0.05;
export function decodeMultipose(values, side, minScore = MULTIPOSE_MIN_SCORE) {
  const persons = [];
  for (let s = 0; s + 56 <= values.length; s += 56) {
    const score = values[s + 55];
    if (!(score >= minScore)) continue;
    const keypoints = [];
    for (let k = 0; k < 17; k++) {
      keypoints.push([values[s + 3 * k + 1] * side, values[s + 3 * k] * side, values[s + 3 * k + 2]]);
    }
    const clip = (v) => Math.max(0, Math.min(side, v * side));
    const [y1, x1, y2, x2] = [clip(values[s + 51]), clip(values[s + 52]), clip(values[s + 53]), clip(values[s + 54])];
    if (x2 > x1 && y2 > y1) persons.push({ score, box: [x1, y1, x2 - x1, y2 - y1], keypoints });
  }
  return persons.sort((a, b) => b.score - a.score);
}

function maxDiff(a, b) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function main() {
  const a = args();
  const dir = packageDir();
  await tf.setBackend(a.backend);
  await tf.ready();
  mkdirSync(a.out, { recursive: true });
  const index = {
    generator: 'models/src/test/node/goldens.mjs', package: PACKAGE, packageSha256: PACKAGE_SHA256,
    tfjs: tf.version_core, backend: a.backend, photoSide: 256, models: [],
  };
  // With --only, the other models' entries of an existing index are kept (their files are untouched).
  const previous = a.only && existsSync(join(a.out, 'index.json'))
    ? JSON.parse(readFileSync(join(a.out, 'index.json'), 'utf8')).models.filter((m) => !a.only.includes(m.name)) : [];
  index.models.push(...previous);
  for (const spec of MODELS.filter((m) => !a.only || a.only.includes(m.name))) {
    const model = await loadModel(dir, spec);
    const entry = { name: spec.name, input: spec.input, cases: [] };
    for (const c of CASES) {
      const rgb = imageFor(c, spec.input.size);
      const outs = await run(model, spec, rgb);
      if (a.compareWasm) {
        await tf.setBackend('wasm');
        const wasmModel = await loadModel(dir, spec);
        const w = await run(wasmModel, spec, rgb);
        for (let i = 0; i < outs.length; i++) {
          console.log(`  ${spec.name} ${c.id} ${outs[i].key}: max |cpu - wasm| = ${maxDiff(outs[i].data, w[i].data).toExponential(2)}`);
        }
        wasmModel.dispose();
        await tf.setBackend(a.backend);
      }
      const parts = [];
      const tensors = [];
      let offset = 0;
      for (const o of outs) {
        const same = tensors.find((t) => t.node === o.node);
        if (same) {
          tensors.push({ ...same, key: o.key });
          continue;
        }
        const n = o.data.length;
        const stride = strideFor(n, o.shape[o.shape.length - 1], c.maxElements);
        const kept = new Float32Array(Math.ceil(n / stride));
        let sum = 0;
        let maxAbs = 0;
        for (let i = 0; i < n; i++) {
          sum += o.data[i];
          maxAbs = Math.max(maxAbs, Math.abs(o.data[i]));
          if (i % stride === 0) kept[i / stride] = o.data[i];
        }
        tensors.push({ key: o.key, node: o.node, dtype: o.dtype, shape: o.shape, stride, count: kept.length,
          offset, mean: sum / n, maxAbs, ...(o.logitMaxAbs !== undefined ? { logitMaxAbs: o.logitMaxAbs } : {}) });
        parts.push(Buffer.from(kept.buffer));
        offset += kept.length * 4;
      }
      const file = `${spec.name}.${c.id}.f32.gz`;
      writeFileSync(join(a.out, file), gzipSync(Buffer.concat(parts), { level: 9 }));
      const decoded = spec.decode === 'multipose'
        ? { persons: decodeMultipose(outs[0].data, spec.input.size), minScore: MULTIPOSE_MIN_SCORE } : {};
      entry.cases.push({ id: c.id, input: c.input, file, tensors, ...decoded });
      console.log(`${spec.name} ${c.id}: ${tensors.map((t) => `${t.key}[${t.shape}]${t.stride > 1 ? '/' + t.stride : ''}`).join(' ')}`);
    }
    index.models.push(entry);
    model.dispose();
  }
  writeFileSync(join(a.out, 'index.json'), JSON.stringify(index, null, 1) + '\n');
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
