// Deterministic model inputs; the Java parity test rebuilds them bit for bit (ParityInputs.java).
import { readFileSync } from 'node:fs';

/** Side of the committed photo crop (raw RGB uint8, row-major). */
export const PHOTO_SIDE = 256;

/** Nearest-neighbour resize with integer arithmetic only: source index = floor(dst * srcSide / dstSide). */
export function resizeNearest(rgb, srcSide, dstSide) {
  const out = new Uint8Array(dstSide * dstSide * 3);
  for (let y = 0; y < dstSide; y++) {
    const sy = Math.floor((y * srcSide) / dstSide);
    for (let x = 0; x < dstSide; x++) {
      const sx = Math.floor((x * srcSide) / dstSide);
      for (let c = 0; c < 3; c++) out[(y * dstSide + x) * 3 + c] = rgb[(sy * srcSide + sx) * 3 + c];
    }
  }
  return out;
}

/** The committed photo crop resized to side x side. */
export function photo(path, side) {
  const rgb = new Uint8Array(readFileSync(path));
  if (rgb.length !== PHOTO_SIDE * PHOTO_SIDE * 3) throw new Error(`${path}: ${rgb.length} bytes, expected ${PHOTO_SIDE * PHOTO_SIDE * 3}`);
  return resizeNearest(rgb, PHOTO_SIDE, side);
}

/** side x side x 3 pseudo-random bytes from xorshift32 (13, 17, 5) seeded with seed; byte = state >>> 24. */
export function noise(seed, side) {
  const out = new Uint8Array(side * side * 3);
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    out[i] = s >>> 24;
  }
  return out;
}

/**
 * Model input values for an HWC uint8 image, in the graph's dtype and layout: int32 pixels, or float32
 * p * scale + offset computed in float64 and rounded once to float32 (Java does the same).
 */
export function toInputValues(rgb, side, input) {
  const n = side * side * 3;
  const out = input.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      for (let c = 0; c < 3; c++) {
        const p = rgb[(y * side + x) * 3 + c];
        const v = input.dtype === 'int32' ? p : p * input.scale + input.offset;
        const at = input.layout === 'NCHW' ? (c * side + y) * side + x : (y * side + x) * 3 + c;
        out[at] = v;
      }
    }
  }
  return out;
}
