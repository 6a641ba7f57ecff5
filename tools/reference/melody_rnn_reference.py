#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent reference for stochos's Melody RNN logits.

Implements TensorFlow's BasicLSTMCell (gate order i, j, f, o; forget bias 1.0 added at run
time) and Magenta's AttentionCellWrapper (magenta/contrib/rnn.py) with numpy in float64,
straight from the equations of TF rnn_cell_impl.py BasicLSTMCell.call, on the variables of a
checkpoint exported by `stochos inspect --export-npz` (or tfio::write_npz). Reads the
inputs stochos fed and the logits it produced (text files, one row per step) and checks
that they agree to --tolerance (relative to the step's largest logit magnitude, at least 1).

Usage: melody_rnn_reference.py WEIGHTS.npz INPUTS.txt LOGITS.txt [--attn_length N] [--tolerance T]
Exit 0 when every logit matches, 1 otherwise (the largest difference is printed).
"""
import argparse
import sys

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm(kernel, bias, x, state):
    c, h = state
    units = h.shape[0]
    gates = np.concatenate([x, h]) @ kernel + bias
    i, j, f, o = (gates[k * units:(k + 1) * units] for k in range(4))
    c = c * sigmoid(f + 1.0) + sigmoid(i) * np.tanh(j)
    h = np.tanh(c) * sigmoid(o)
    return h, (c, h)


def layer_scopes(w, prefix):
    scopes = []
    k = 0
    while True:
        for scope in (f"{prefix}cell_{k}/attention_cell_wrapper/", f"{prefix}cell_{k}/"):
            if scope + "basic_lstm_cell/kernel" in w:
                scopes.append(scope)
                break
        else:
            return scopes
        k += 1


class Attention:
    def __init__(self, w, scope, attn_length):
        self.w, self.s, self.length = w, scope, attn_length
        self.size = w[scope + "attention/attn_v"].shape[0]
        self.attns = np.zeros(self.size)
        self.states = np.zeros((attn_length, self.size))

    def project_input(self, x):
        w, s = self.w, self.s
        return np.concatenate([x, self.attns]) @ w[s + "kernel"] + w[s + "bias"]

    def output(self, cell_output, query):
        w, s = self.w, self.s
        k = w[s + "attention/attn_w"].reshape(self.size, self.size)
        features = self.states @ k  # the 1x1 convolution
        y = query @ w[s + "attention/kernel"] + w[s + "attention/bias"]
        scores = (w[s + "attention/attn_v"] * np.tanh(features + y)).sum(axis=1)
        a = np.exp(scores - scores.max())
        a /= a.sum()
        self.attns = (a[:, None] * self.states).sum(axis=0)
        out = np.concatenate([cell_output, self.attns]) @ w[s + "attn_output_projection/kernel"] + \
            w[s + "attn_output_projection/bias"]
        self.states = np.concatenate([self.states[1:], out[None, :]])
        return out


def run(w, inputs, attn_length):
    if any(k.startswith("rnn/attention_cell_wrapper/") for k in w):
        layout, scopes = "whole", layer_scopes(w, "rnn/attention_cell_wrapper/multi_rnn_cell/")
        attention = Attention(w, "rnn/attention_cell_wrapper/", attn_length)
    else:
        scopes = layer_scopes(w, "rnn/multi_rnn_cell/")
        layout = "first" if scopes and "attention_cell_wrapper" in scopes[0] else "none"
        attention = Attention(w, scopes[0], attn_length) if layout == "first" else None
    states = [(np.zeros(w[s + "basic_lstm_cell/bias"].shape[0] // 4),) * 2 for s in scopes]
    logits = []
    for x in inputs:
        if attention is not None:
            x = attention.project_input(x)
        for k, scope in enumerate(scopes):
            out, states[k] = lstm(w[scope + "basic_lstm_cell/kernel"], w[scope + "basic_lstm_cell/bias"], x, states[k])
            if layout == "first" and k == 0:
                out = attention.output(out, np.concatenate(states[0]))
            x = out
        if layout == "whole":
            x = attention.output(x, np.concatenate([np.concatenate(s) for s in states]))
        logits.append(x @ w["fully_connected/weights"] + w["fully_connected/biases"])
    return np.array(logits), layout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("weights")
    parser.add_argument("inputs")
    parser.add_argument("logits")
    parser.add_argument("--attn_length", type=int, default=40)
    parser.add_argument("--tolerance", type=float, default=1e-5)
    args = parser.parse_args()
    npz = np.load(args.weights)
    w = {k: npz[k].astype(np.float64) for k in npz.files}
    inputs = np.loadtxt(args.inputs, ndmin=2)
    expected = np.loadtxt(args.logits, ndmin=2)
    logits, layout = run(w, inputs, args.attn_length)
    if logits.shape != expected.shape:
        print(f"shape mismatch: reference {logits.shape}, stochos {expected.shape}")
        return 1
    # stochos computes in float32 as TensorFlow does; the difference is measured relative
    # to the size of the step's logit vector (its largest magnitude, at least 1), the scale
    # that matters to the softmax.
    absolute = np.abs(logits - expected)
    scale = np.maximum(1.0, np.abs(logits).max(axis=1, keepdims=True))
    relative = (absolute / scale).max()
    print(f"layout {layout}, {logits.shape[0]} steps x {logits.shape[1]} classes, "
          f"max |reference - stochos| = {absolute.max():.3g} (relative {relative:.3g})")
    return 0 if relative <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
