#!/usr/bin/env python3
"""Independent PyTorch implementation of HRNet (pose, top-down) used as the numerical reference.

The module tree follows the official pose_hrnet layout so that ``state_dict()`` carries the key
names of the official checkpoints (``conv1.weight``, ``layer1.0.downsample.0.weight``,
``transition1.1.0.0.weight``, ``stage4.2.fuse_layers.0.3.0.1.running_var``, ``final_layer.bias``,
...). Nothing here is loaded from the Java side; the Java importer must reproduce these numbers.

Modes:
  reference --width W --input HxW --out DIR   random model (eval mode, non-trivial BatchNorm
      statistics, heatmaps scaled to peak near 1), DIR/checkpoint.pth (torch.save(model.state_dict())), DIR/input.f32 (NHWC RGB,
      whole values 0..255), DIR/heatmaps.f32 (NHWC), DIR/reference.json (shapes, seed, counts).
  counts --out FILE    params/FLOPs of W32/W48 at 256x192 and 384x288 as PyTorch counts them.
  pickle-fixtures --out DIR   tiny state dicts in the zip and the legacy torch.save formats.

Input convention of the reference (and of the exported SavedModel): RGB in 0..255; the model
normalises with the ImageNet mean/std on [0, 1] as the official HRNet data loader does.
Requires python3-torch (Debian, PyTorch 1.13) and numpy.
"""
import argparse
import json
import os

import numpy as np
import torch
from torch import nn

NUM_JOINTS = 17
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def conv_bn(cin, cout, kernel, stride, relu):
    """Conv (no bias) + BN (+ ReLU) as an indexed Sequential: keys '0.weight', '1.running_mean'."""
    layers = [nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False), nn.BatchNorm2d(cout)]
    if relu:
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class Basic(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(y)) + x)


class Bottle(nn.Module):
    def __init__(self, cin, planes):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.downsample = None
        if cin != planes * 4:
            self.downsample = nn.Sequential(nn.Conv2d(cin, planes * 4, 1, bias=False),
                                            nn.BatchNorm2d(planes * 4))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = torch.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        shortcut = x if self.downsample is None else self.downsample(x)
        return torch.relu(y + shortcut)


class Upsample(nn.Module):
    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def forward(self, x):
        return nn.functional.interpolate(x, scale_factor=self.factor, mode="nearest")


class Exchange(nn.Module):
    """One multi-resolution module: 4 BasicBlocks per branch, then fusion into each output branch."""

    def __init__(self, channels, outputs):
        super().__init__()
        n = len(channels)
        self.branches = nn.ModuleList(nn.Sequential(*[Basic(c) for _ in range(4)]) for c in channels)
        self.fuse_layers = nn.ModuleList()
        if n == 1:
            return
        for i in range(outputs):
            row = nn.ModuleList()
            for j in range(n):
                if j > i:
                    row.append(nn.Sequential(nn.Conv2d(channels[j], channels[i], 1, bias=False),
                                             nn.BatchNorm2d(channels[i]), Upsample(2 ** (j - i))))
                elif j == i:
                    row.append(nn.Identity())  # holds no parameters: no state_dict keys
                else:
                    steps = [conv_bn(channels[j], channels[j], 3, 2, True) for _ in range(i - j - 1)]
                    steps.append(conv_bn(channels[j], channels[i], 3, 2, False))
                    row.append(nn.Sequential(*steps))
            self.fuse_layers.append(row)

    def forward(self, xs):
        xs = [branch(x) for branch, x in zip(self.branches, xs)]
        if len(xs) == 1:
            return xs
        out = []
        for row in self.fuse_layers:
            total = None
            for layer, x in zip(row, xs):
                y = layer(x)
                total = y if total is None else total + y
            out.append(torch.relu(total))
        return out


class Transition(nn.Module):
    """Keeps existing branches (same channels in W32/W48) and opens one new branch at half resolution."""

    def __init__(self, before, after):
        super().__init__()
        layers = []
        for i, c in enumerate(after):
            if i < len(before):
                layers.append(None if before[i] == c else conv_bn(before[i], c, 3, 1, True))
            else:
                layers.append(nn.Sequential(conv_bn(before[-1], c, 3, 2, True)))
        self.layers = layers
        for i, layer in enumerate(layers):
            if layer is not None:
                self.add_module(str(i), layer)

    def forward(self, xs):
        out = []
        for i, layer in enumerate(self.layers):
            if i < len(xs):
                out.append(xs[i] if layer is None else layer(xs[i]))
            else:
                out.append(layer(xs[-1]))
        return out


class HRNet(nn.Module):
    def __init__(self, width):
        super().__init__()
        w = width
        self.conv1 = nn.Conv2d(3, 64, 3, 2, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.conv2 = nn.Conv2d(64, 64, 3, 2, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(64)
        self.layer1 = nn.Sequential(Bottle(64, 64), Bottle(256, 64), Bottle(256, 64), Bottle(256, 64))
        self.transition1 = Transition([256], [w, 2 * w])
        self.stage2 = nn.Sequential(Exchange([w, 2 * w], 2))
        self.transition2 = Transition([w, 2 * w], [w, 2 * w, 4 * w])
        self.stage3 = nn.Sequential(*[Exchange([w, 2 * w, 4 * w], 3) for _ in range(4)])
        self.transition3 = Transition([w, 2 * w, 4 * w], [w, 2 * w, 4 * w, 8 * w])
        c4 = [w, 2 * w, 4 * w, 8 * w]
        self.stage4 = nn.Sequential(Exchange(c4, 4), Exchange(c4, 4), Exchange(c4, 1))
        self.final_layer = nn.Conv2d(w, NUM_JOINTS, 1)
        self.register_buffer("mean", torch.tensor(MEAN).view(1, 3, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor(STD).view(1, 3, 1, 1), persistent=False)

    def forward(self, rgb255_nchw):
        x = (rgb255_nchw / 255.0 - self.mean) / self.std
        x = torch.relu(self.bn1(self.conv1(x)))
        x = torch.relu(self.bn2(self.conv2(x)))
        xs = [self.layer1(x)]
        for transition, stage in ((self.transition1, self.stage2), (self.transition2, self.stage3),
                                  (self.transition3, self.stage4)):
            xs = transition(xs)
            for module in stage:
                xs = module(xs)
        return self.final_layer(xs[0])


def randomise(model, shape, generator):
    """Random BN affine parameters, then BN statistics measured on random images (eval afterwards)."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5, generator=generator)
                m.bias.uniform_(-0.5, 0.5, generator=generator)
            m.momentum = None  # cumulative average: the statistics of exactly the calibration batches
            m.reset_running_stats()
    model.train()
    with torch.no_grad():
        for _ in range(2):
            model(torch.rand(shape, generator=generator) * 255.0)
    model.eval()
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = 0.1
    # Scale the head so heatmaps peak near 1 like a trained HRNet's: a 1e-4 absolute tolerance then
    # means the same thing as for real weights (float32 round-off grows with the output's magnitude).
    with torch.no_grad():
        peak = model(torch.rand(shape, generator=generator) * 255.0).abs().max()
        model.final_layer.weight /= peak
        model.final_layer.bias /= peak
    # Values representable in bfloat16 (still stored as float32): half of each word is zero, so a
    # committed fixture compresses to about half its size in git. The model is exactly these values.
    with torch.no_grad():
        for t in model.state_dict().values():
            if t.is_floating_point():
                t.copy_(t.to(torch.bfloat16).to(torch.float32))


def conv_macs(model, h, w):
    """Multiply-accumulates of all convolutions (weights x output positions), bias excluded."""
    total = [0]

    def hook(module, _inputs, output):
        total[0] += module.weight.numel() * output.shape[2] * output.shape[3]

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Conv2d)]
    with torch.no_grad():
        model(torch.zeros(1, 3, h, w))
    for handle in handles:
        handle.remove()
    return total[0]


def parse_input(text):
    h, w = text.lower().split("x")
    return int(h), int(w)


def reference(args):
    h, w = parse_input(args.input)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    model = HRNet(args.width)
    randomise(model, (2, 3, h, w), generator)
    os.makedirs(args.out, exist_ok=True)
    # --legacy-format: the pre-1.6 torch.save stream format, which the official 2019 checkpoints use.
    torch.save(model.state_dict(), os.path.join(args.out, "checkpoint.pth"),
               _use_new_zipfile_serialization=not args.legacy_format)
    # Whole pixel values, as decoded images have: the same inputs can then come through an 8-bit image.
    images = torch.randint(0, 256, (args.batch, h, w, 3), generator=generator).float()
    with torch.no_grad():
        heatmaps = model(images.permute(0, 3, 1, 2).contiguous()).permute(0, 2, 3, 1).contiguous()
    images.numpy().astype("<f4").tofile(os.path.join(args.out, "input.f32"))
    heatmaps.numpy().astype("<f4").tofile(os.path.join(args.out, "heatmaps.f32"))
    meta = {
        "width": args.width, "input_height": h, "input_width": w, "seed": args.seed,
        "input_shape": list(images.shape), "heatmaps_shape": list(heatmaps.shape), "layout": "NHWC",
        "params": sum(p.numel() for p in model.parameters()), "legacy_format": args.legacy_format,
        "heatmaps_abs_max": float(heatmaps.abs().max()), "torch": torch.__version__,
    }
    with open(os.path.join(args.out, "reference.json"), "w") as f:
        json.dump(meta, f, indent=2)
    print(json.dumps(meta))


def counts(args):
    rows = []
    for width in (32, 48):
        model = HRNet(width)
        params = sum(p.numel() for p in model.parameters())
        for h, w in ((256, 192), (384, 288)):
            rows.append({"width": width, "input_height": h, "input_width": w, "params": params,
                         "conv_macs": conv_macs(model, h, w)})
    with open(args.out, "w") as f:
        json.dump({"torch": torch.__version__, "models": rows}, f, indent=2)
    print(json.dumps(rows))


def pickle_fixtures(args):
    """A state dict with the tensor kinds a checkpoint holds: float, int64 counters, strided views."""
    os.makedirs(args.out, exist_ok=True)
    base = torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) / 8.0 - 1.0
    state = {
        "conv.weight": base,
        "conv.transposed": base.transpose(1, 2),  # non-contiguous: strides (12, 1, 4)
        "bn.num_batches_tracked": torch.tensor(7, dtype=torch.int64),
        "bn.running_var": torch.tensor([0.5, 2.0, 1e-3], dtype=torch.float32),
        "shared.slice": base[1, 1:, 2:],  # offset view into the same storage as conv.weight
        "double.values": torch.tensor([1.0 / 3.0, -2.5], dtype=torch.float64),
    }
    ordered = __import__("collections").OrderedDict(state)
    torch.save(ordered, os.path.join(args.out, "tiny_zip.pth"))
    torch.save(ordered, os.path.join(args.out, "tiny_legacy.pth"), _use_new_zipfile_serialization=False)
    torch.save({"state_dict": ordered, "epoch": 3}, os.path.join(args.out, "tiny_wrapped.pth"))
    expected = {k: {"shape": list(v.shape), "values": v.contiguous().reshape(-1).tolist()}
                for k, v in state.items()}
    with open(os.path.join(args.out, "tiny_expected.json"), "w") as f:
        json.dump(expected, f, indent=2)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    ref = sub.add_parser("reference")
    ref.add_argument("--width", type=int, required=True)
    ref.add_argument("--input", required=True, help="HxW, e.g. 384x288")
    ref.add_argument("--out", required=True)
    ref.add_argument("--seed", type=int, default=20240611)
    ref.add_argument("--batch", type=int, default=2)
    ref.add_argument("--legacy-format", action="store_true", help="save with the pre-1.6 torch.save format")
    cnt = sub.add_parser("counts")
    cnt.add_argument("--out", required=True)
    pk = sub.add_parser("pickle-fixtures")
    pk.add_argument("--out", required=True)
    args = parser.parse_args()
    {"reference": reference, "counts": counts, "pickle-fixtures": pickle_fixtures}[args.mode](args)


if __name__ == "__main__":
    main()
