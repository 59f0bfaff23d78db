#!/usr/bin/env python3
"""PyTorch side of ``submit/bench models --hrnet``: times the reference HRNet (hrnet_reference.py) on request.

Reads one JSON command per stdin line and answers one JSON line on stdout, so the Java benchmark can
alternate rounds between TF Java and PyTorch in one run:

  {"cmd": "info"}                                   -> torch version, threads, MKL-DNN availability
  {"cmd": "save", "width": W, "input": "HxW", "checkpoint": PATH, "seed": S}
      builds a random reference model (eval mode, non-trivial BatchNorm statistics), saves its
      state_dict to PATH (the Java side imports the same weights) and keeps it loaded
  {"cmd": "heatmaps", "input_f32": PATH, "batch": N, "out_f32": PATH}
      runs the eager model on NHWC float32 pixels and writes NHWC heatmaps (to check both sides agree)
  {"cmd": "run", "variant": "eager"|"script", "batch": N, "iters": K}  -> {"ms": [...]} per call
      eager: the nn.Module, NCHW contiguous input, torch.no_grad.
      script: torch.jit.trace + torch.jit.freeze/optimize_for_inference on a channels-last model and input.

Threads: torch.set_num_threads(--threads) for intra-op, one inter-op thread (TF Java's models run one
op stream per call too). Requires python3-torch (Debian, PyTorch 1.13).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hrnet_reference as ref  # noqa: E402  (the committed PyTorch reference HRNet)


class Worker:
    def __init__(self):
        self.model = None
        self.shape = None
        self.inputs = {}
        self.scripted = {}

    def info(self, _cmd):
        return {"torch": torch.__version__, "threads": torch.get_num_threads(),
                "interop_threads": torch.get_num_interop_threads(),
                "mkldnn": torch.backends.mkldnn.is_available(),
                "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "(unset)")}

    def save(self, cmd):
        h, w = ref.parse_input(cmd["input"])
        torch.manual_seed(cmd["seed"])
        generator = torch.Generator().manual_seed(cmd["seed"])
        model = ref.HRNet(cmd["width"])
        ref.randomise(model, (2, 3, h, w), generator)
        torch.save(model.state_dict(), cmd["checkpoint"])
        self.model = model.eval()
        self.shape = (h, w)
        self.inputs = {}
        self.scripted = {}
        return {"params": sum(p.numel() for p in model.parameters())}

    def heatmaps(self, cmd):
        h, w = self.shape
        pixels = np.fromfile(cmd["input_f32"], dtype="<f4").reshape(cmd["batch"], h, w, 3)
        with torch.no_grad():
            out = self.model(torch.from_numpy(pixels).permute(0, 3, 1, 2).contiguous())
        out.permute(0, 2, 3, 1).contiguous().numpy().astype("<f4").tofile(cmd["out_f32"])
        return {"shape": list(out.shape)}

    def _input(self, batch, channels_last):
        key = (batch, channels_last)
        if key not in self.inputs:
            h, w = self.shape
            x = torch.randint(0, 256, (batch, 3, h, w), generator=torch.Generator().manual_seed(batch)).float()
            self.inputs[key] = x.contiguous(memory_format=torch.channels_last) if channels_last else x
        return self.inputs[key]

    def _script(self, batch):
        if batch not in self.scripted:
            example = self._input(batch, True)
            model = self.model.to(memory_format=torch.channels_last)
            with torch.no_grad():
                traced = torch.jit.trace(model, example)
                self.scripted[batch] = torch.jit.optimize_for_inference(traced)
                self.scripted[batch](example)  # the first calls compile and pre-pack
            self.model = self.model.to(memory_format=torch.contiguous_format)
        return self.scripted[batch]

    def run(self, cmd):
        batch, iters, variant = cmd["batch"], cmd["iters"], cmd["variant"]
        if variant == "eager":
            model, x = self.model, self._input(batch, False)
        elif variant == "script":
            model, x = self._script(batch), self._input(batch, True)
        else:
            raise ValueError("variant must be eager or script, not " + repr(variant))
        times = []
        with torch.no_grad():
            for _ in range(iters):
                start = time.perf_counter()
                out = model(x)
                if out.shape[0] != batch:
                    raise RuntimeError("batch %d gave heatmaps %s" % (batch, tuple(out.shape)))
                times.append((time.perf_counter() - start) * 1000.0)
        return {"ms": times}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    worker = Worker()
    handlers = {"info": worker.info, "save": worker.save, "heatmaps": worker.heatmaps, "run": worker.run}
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            cmd = json.loads(line)
            answer = handlers[cmd["cmd"]](cmd)
        except Exception as e:  # one bad command answers an error line; the Java side reports it
            answer = {"error": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
