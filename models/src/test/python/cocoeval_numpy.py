#!/usr/bin/env python3
"""A second implementation of COCOeval's evaluate/accumulate/summarize in numpy, for cross-checks.

Usage: cocoeval_numpy.py GT.json RESULTS.json keypoints|bbox  -> prints {"stats": [...]} (repr floats)

Written independently of the Java evaluator, step by step after pycocotools' documented algorithm
(loadRes branch by the first result, per-image greedy matching, stable mergesort by score, cumsum,
precision envelope, searchsorted), using numpy's own linspace, sort, cumsum, exp and mean so that
the arithmetic is numpy's. It is not pycocotools: where pycocotools can be installed, prefer it.
"""
import json
import sys
from collections import defaultdict

import numpy as np

SIGMAS = np.array([.26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89]) / 10.0


def load_results(path, img_ids):
    anns = json.load(open(path))
    assert isinstance(anns, list) and anns, "results must be a non-empty list"
    assert set(a["image_id"] for a in anns) <= img_ids, "results name images outside the ground truth"
    box_branch = "bbox" in anns[0] and anns[0]["bbox"] != []
    for i, a in enumerate(anns):
        if box_branch:
            b = a["bbox"]
            a["area"] = b[2] * b[3]
        else:
            k = a["keypoints"]
            xs, ys = k[0::3], k[1::3]
            x0, x1, y0, y1 = np.min(xs), np.max(xs), np.min(ys), np.max(ys)
            a["area"] = (x1 - x0) * (y1 - y0)
            a["bbox"] = [x0, y0, x1 - x0, y1 - y0]
        a["id"] = i + 1
    return anns


def oks_matrix(gts, dts):
    var = (SIGMAS * 2) ** 2
    out = np.zeros((len(dts), len(gts)))
    for j, g in enumerate(gts):
        gk = np.array(g["keypoints"])
        xg, yg, vg = gk[0::3], gk[1::3], gk[2::3]
        labelled = np.count_nonzero(vg > 0)
        bx, by, bw, bh = g["bbox"]
        lox, hix, loy, hiy = bx - bw, bx + bw * 2, by - bh, by + bh * 2
        for i, d in enumerate(dts):
            dk = np.array(d["keypoints"])
            xd, yd = dk[0::3], dk[1::3]
            if labelled > 0:
                dx, dy = xd - xg, yd - yg
            else:
                zero = np.zeros(len(SIGMAS))
                dx = np.max((zero, lox - xd), axis=0) + np.max((zero, xd - hix), axis=0)
                dy = np.max((zero, loy - yd), axis=0) + np.max((zero, yd - hiy), axis=0)
            e = (dx ** 2 + dy ** 2) / var / (g["area"] + np.spacing(1)) / 2
            if labelled > 0:
                e = e[vg > 0]
            out[i, j] = np.sum(np.exp(-e)) / e.shape[0]
    return out


def iou_matrix(gts, dts):
    out = np.zeros((len(dts), len(gts)))
    for j, g in enumerate(gts):
        gx, gy, gw, gh = g["bbox"]
        for i, d in enumerate(dts):
            dx, dy, dw, dh = d["bbox"]
            w = min(dw + dx, gw + gx) - max(dx, gx)
            if w <= 0:
                continue
            h = min(dh + dy, gh + gy) - max(dy, gy)
            if h <= 0:
                continue
            inter = w * h
            union = dw * dh if g["iscrowd"] else dw * dh + gw * gh - inter
            out[i, j] = inter / union
    return out


def main(gt_path, res_path, iou_type):
    gt = json.load(open(gt_path))
    img_ids = sorted(set(i["id"] for i in gt["images"]))
    cat_ids = sorted(set(c["id"] for c in gt["categories"]))
    dts_all = load_results(res_path, set(img_ids))
    kp = iou_type == "keypoints"
    thrs = np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)
    rec = np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)
    if kp:
        max_dets = [20]
        areas = [[0 ** 2, 1e5 ** 2], [32 ** 2, 96 ** 2], [96 ** 2, 1e5 ** 2]]
        labels = ["all", "medium", "large"]
    else:
        max_dets = [1, 10, 100]
        areas = [[0 ** 2, 1e5 ** 2], [0 ** 2, 32 ** 2], [32 ** 2, 96 ** 2], [96 ** 2, 1e5 ** 2]]
        labels = ["all", "small", "medium", "large"]
    gts_by = defaultdict(list)
    dts_by = defaultdict(list)
    img_set, cat_set = set(img_ids), set(cat_ids)
    for g in gt["annotations"]:
        if g["image_id"] in img_set and g["category_id"] in cat_set:
            ignore = bool(g.get("iscrowd", 0))
            if kp:
                ignore = g["num_keypoints"] == 0 or ignore
            g["_ig"] = ignore
            gts_by[g["image_id"], g["category_id"]].append(g)
    for d in dts_all:
        if d["category_id"] in cat_set:
            dts_by[d["image_id"], d["category_id"]].append(d)
    T, R, K, A, M = len(thrs), len(rec), len(cat_ids), len(areas), len(max_dets)
    max_det = max_dets[-1]
    evals = {}
    for c in cat_ids:
        for i in img_ids:
            gts, dts = gts_by[i, c], dts_by[i, c]
            if not gts and not dts:
                continue
            order = np.argsort([-d["score"] for d in dts], kind="mergesort")
            dts = [dts[o] for o in order][:max_det]
            ious = (oks_matrix(gts, dts) if kp else iou_matrix(gts, dts)) if gts and dts else None
            for a, (lo, hi) in enumerate(areas):
                gig = [1 if (g["_ig"] or g["area"] < lo or g["area"] > hi) else 0 for g in gts]
                gord = np.argsort(gig, kind="mergesort")
                gs = [gts[o] for o in gord]
                gig = np.array([gig[o] for o in gord])
                crowd = [int(g["iscrowd"]) for g in gs]
                dtm = np.zeros((T, len(dts)))
                dig = np.zeros((T, len(dts)))
                gtm = np.zeros((T, len(gs)))
                if ious is not None:
                    sub = ious[:, gord]
                    for t, thr in enumerate(thrs):
                        for di in range(len(dts)):
                            best, m = min([thr, 1 - 1e-10]), -1
                            for gi in range(len(gs)):
                                if gtm[t, gi] > 0 and not crowd[gi]:
                                    continue
                                if m > -1 and gig[m] == 0 and gig[gi] == 1:
                                    break
                                if sub[di, gi] < best:
                                    continue
                                best, m = sub[di, gi], gi
                            if m == -1:
                                continue
                            dig[t, di] = gig[m]
                            dtm[t, di] = gs[m]["id"]
                            gtm[t, m] = dts[di]["id"]
                out = np.array([d["area"] < lo or d["area"] > hi for d in dts]).reshape((1, len(dts)))
                dig = np.logical_or(dig, np.logical_and(dtm == 0, np.repeat(out, T, 0)))
                evals[c, a, i] = (np.array([d["score"] for d in dts]), dtm, dig, gig)
    precision = -np.ones((T, R, K, A, M))
    recall = -np.ones((T, K, A, M))
    for k, c in enumerate(cat_ids):
        for a in range(A):
            for m, md in enumerate(max_dets):
                E = [evals[c, a, i] for i in img_ids if (c, a, i) in evals]
                if not E:
                    continue
                scores = np.concatenate([e[0][0:md] for e in E])
                inds = np.argsort(-scores, kind="mergesort")
                dtm = np.concatenate([e[1][:, 0:md] for e in E], axis=1)[:, inds]
                dig = np.concatenate([e[2][:, 0:md] for e in E], axis=1)[:, inds]
                gig = np.concatenate([e[3] for e in E])
                npig = np.count_nonzero(gig == 0)
                if npig == 0:
                    continue
                tps = np.cumsum(np.logical_and(dtm, np.logical_not(dig)), axis=1).astype(dtype=float)
                fps = np.cumsum(np.logical_and(np.logical_not(dtm), np.logical_not(dig)), axis=1).astype(dtype=float)
                for t in range(T):
                    tp, fp = tps[t], fps[t]
                    nd = len(tp)
                    rc = tp / npig
                    pr = (tp / (fp + tp + np.spacing(1))).tolist()
                    recall[t, k, a, m] = rc[-1] if nd else 0
                    for j in range(nd - 1, 0, -1):
                        if pr[j] > pr[j - 1]:
                            pr[j - 1] = pr[j]
                    q = np.zeros(R)
                    for r, pi in enumerate(np.searchsorted(rc, rec, side="left")):
                        if pi >= nd:
                            break
                        q[r] = pr[pi]
                    precision[t, :, k, a, m] = q

    def summarize(ap, thr=None, area="all", md=100):
        a, m = labels.index(area), max_dets.index(md)
        s = precision if ap else recall
        if thr is not None:
            s = s[np.where(thr == thrs)[0]]
        s = s[:, :, :, a, m] if ap else s[:, :, a, m]
        return -1 if len(s[s > -1]) == 0 else float(np.mean(s[s > -1]))

    if kp:
        stats = [summarize(1, md=20), summarize(1, .5, md=20), summarize(1, .75, md=20),
                 summarize(1, area="medium", md=20), summarize(1, area="large", md=20),
                 summarize(0, md=20), summarize(0, .5, md=20), summarize(0, .75, md=20),
                 summarize(0, area="medium", md=20), summarize(0, area="large", md=20)]
    else:
        stats = [summarize(1), summarize(1, .5), summarize(1, .75), summarize(1, area="small"),
                 summarize(1, area="medium"), summarize(1, area="large"), summarize(0, md=1),
                 summarize(0, md=10), summarize(0), summarize(0, area="small"),
                 summarize(0, area="medium"), summarize(0, area="large")]
    print(json.dumps({"stats": stats}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
