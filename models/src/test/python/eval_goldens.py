#!/usr/bin/env python3
"""Prints the numpy values the evaluator's tests compare with (run: python3 eval_goldens.py).

pycocotools builds its thresholds with np.linspace; these are their exact bits, and Python's
float formatting (round half-even on the exact binary value) of a few edge cases.
"""
import numpy as np

iou = np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)
print("iouThrs", [float(x).hex() for x in iou])
rec = np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)
print("recThrs[7] == 7*0.01:", rec[7] == 7 * 0.01, " recThrs[100]:", rec[100])
print("'{:0.2f}'.format(0.125) =", '{:0.2f}'.format(0.125), " '{:0.3f}'.format(0.0005) =", '{:0.3f}'.format(0.0005))
