// tfjs-wasm side of `submit/bench models`: a long-lived worker driven over stdin/stdout (one JSON object per
// line) so the Java benchmark can alternate TF Java and tfjs-wasm runs of the same model in one process tree.
//   {"cmd":"load","model":"posenet","batch":8}          -> {"ok":true,"loadMs":..,"fetch":[..]}
//   {"cmd":"run","model":"posenet","batch":8,"iters":5} -> {"ok":true,"ms":[..]}   (wall ms per inference call)
//   {"cmd":"info"} -> {"ok":true,"tfjs":..,"backend":"wasm","threads":1,"simd":true}
// Node's tfjs-backend-wasm runs single-threaded: the backend turns wasm threads off under Node.
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { comparedTensors, loadModel, modelSpec, packageDir } from './zoo.mjs';
import { noise, toInputValues } from './inputs.mjs';

const loaded = new Map();

function inputFor(spec, batch) {
  const { size, layout, dtype } = spec.input;
  const one = toInputValues(noise(7, size), size, spec.input);
  const all = dtype === 'int32' ? new Int32Array(one.length * batch) : new Float32Array(one.length * batch);
  for (let b = 0; b < batch; b++) all.set(one, b * one.length);
  const shape = layout === 'NCHW' ? [batch, 3, size, size] : [batch, size, size, 3];
  return tf.tensor(all, shape, dtype);
}

async function infer(entry) {
  const outs = entry.model.execute({ [entry.spec.input.node]: entry.input }, entry.fetch);
  const list = Array.isArray(outs) ? outs : [outs];
  await Promise.all(list.map((t) => t.data()));
  tf.dispose(list);
}

async function handle(req) {
  if (req.cmd === 'info') {
    return { tfjs: tf.version_core, backend: tf.getBackend(), threads: getThreadsCount(),
      simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') };
  }
  const key = `${req.model}@${req.batch}`;
  if (req.cmd === 'load') {
    const spec = modelSpec(req.model);
    const start = performance.now();
    const model = await loadModel(packageDir(), spec, req.batch);
    // Batch 1 fetches what the parity test compares; larger batches the tensors that do not need the
    // batch-1-only tail of a graph (MoveNet's single-pose decoding), as the converted models do.
    const wanted = comparedTensors(spec).map((t) => t.node);
    const fetch = [...new Set(req.fetch ?? wanted)];
    const entry = { spec, model, fetch, input: inputFor(spec, req.batch) };
    // Every fetched tensor must carry the whole batch, or the timing would be of fewer images.
    const outs = model.execute({ [spec.input.node]: entry.input }, fetch);
    const list = Array.isArray(outs) ? outs : [outs];
    const wrong = list.map((t, i) => [fetch[i], t.shape]).filter(([, shape]) => shape[0] !== req.batch);
    tf.dispose(list);
    if (wrong.length > 0) throw new Error(`${req.model} at batch ${req.batch}: outputs ${JSON.stringify(wrong)}`);
    loaded.set(key, entry);
    return { loadMs: performance.now() - start, fetch };
  }
  if (req.cmd === 'run') {
    const entry = loaded.get(key);
    if (!entry) throw new Error(`model ${key} not loaded`);
    const ms = [];
    for (let i = 0; i < req.iters; i++) {
      const s = performance.now();
      await infer(entry);
      ms.push(performance.now() - s);
    }
    return { ms };
  }
  if (req.cmd === 'unload') {
    const entry = loaded.get(key);
    if (entry) { entry.model.dispose(); entry.input.dispose(); loaded.delete(key); }
    return {};
  }
  throw new Error(`unknown command ${req.cmd}`);
}

async function main() {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  await tf.ready();
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let reply;
    try {
      reply = { ok: true, ...(await handle(JSON.parse(line))) };
    } catch (e) {
      reply = { ok: false, error: String(e.message || e) };
    }
    process.stdout.write(JSON.stringify(reply) + '\n');
  }
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
