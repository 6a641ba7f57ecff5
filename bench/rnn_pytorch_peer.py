#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Melody RNN written directly in PyTorch (Debian's python3-torch), the peer of
bench/rnn_bench in bench/compare_rnn_pytorch.sh: the same layers, sizes, dropout, Adam and
per-variable clipping for training; for generation, one step at a time with the carried
state, softmax sampling and the beam batched, as Magenta's generator runs it.

  rnn_pytorch_peer.py train INPUT CLASSES LAYERS ATTN BATCH STEPS REPEATS
  rnn_pytorch_peer.py generate INPUT CLASSES LAYERS ATTN BEAM STEPS REPEATS
  rnn_pytorch_peer.py dataset INPUT CLASSES LAYERS ATTN BATCH LENGTHS_FILE STEPS THREADS
LAYERS is like 128,128; ATTN is attn_length (0: none). `dataset` trains STEPS batches drawn
as Magenta draws them (random melodies of the data set, padded to the longest, the loss
masked) from the lengths in LENGTHS_FILE (one per line, `rnn_bench lengths`), on THREADS
threads, and prints melodies trained per second (the first batch is a warm-up, not counted).
"""
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn


class MelodyRnn(nn.Module):
    def __init__(self, input_size, classes, layers, attn_length, keep):
        super().__init__()
        self.attn_length, self.keep = attn_length, keep
        sizes = [input_size] + layers
        self.cells = nn.ModuleList(nn.LSTM(sizes[k], sizes[k + 1], batch_first=True) for k in range(len(layers)))
        if attn_length:
            a = layers[0]
            self.cell0 = nn.LSTMCell(input_size, a)
            self.input_projection = nn.Linear(input_size + a, input_size)
            self.query = nn.Linear(2 * a, a)
            self.attn_w = nn.Parameter(torch.randn(a, a) * 0.1)
            self.attn_v = nn.Parameter(torch.randn(a) * 0.1)
            self.output_projection = nn.Linear(2 * a, a)
        self.output = nn.Linear(layers[-1], classes)

    def dropout(self, x):
        return nn.functional.dropout(x, 1 - self.keep, self.training)

    def attention_layer(self, x, state):
        batch, steps, _ = x.shape
        a = self.query.out_features
        if state is None:
            h = c = x.new_zeros(batch, a)
            attns = x.new_zeros(batch, a)
            states = x.new_zeros(batch, self.attn_length, a)
        else:
            h, c, attns, states = state
        outputs = []
        for t in range(steps):
            inp = self.input_projection(torch.cat([x[:, t], attns], 1))
            h, c = self.cell0(inp, (h, c))
            y = self.query(torch.cat([c, h], 1))
            features = states @ self.attn_w
            weights = torch.softmax((self.attn_v * torch.tanh(features + y.unsqueeze(1))).sum(2), 1)
            attns = (weights.unsqueeze(2) * states).sum(1)
            out = self.output_projection(torch.cat([h, attns], 1))
            states = torch.cat([states[:, 1:], out.unsqueeze(1)], 1)
            outputs.append(out)
        return torch.stack(outputs, 1), (h, c, attns, states)

    def forward(self, x, state=None):
        new_state = []
        first = 0
        if self.attn_length:
            x, s = self.attention_layer(x, None if state is None else state[0])
            x = self.dropout(x)
            new_state.append(s)
            first = 1
        for k in range(first, len(self.cells)):
            x, s = self.cells[k](x, None if state is None else state[k])
            x = self.dropout(x)
            new_state.append(s)
        return self.output(x), new_state


def train_step(model, optimizer, inputs, labels, mask, clip):
    """One step (forward, masked loss, backward, per-variable clipping, Adam); its seconds."""
    t0 = time.perf_counter()
    optimizer.zero_grad()
    logits, _ = model(inputs)
    loss = nn.functional.cross_entropy(logits[mask], labels[mask])
    loss.backward()
    for p in model.parameters():
        torch.nn.utils.clip_grad_norm_([p], clip)
    optimizer.step()
    return time.perf_counter() - t0


def train(model, batch, steps, repeats, input_size, classes, clip):
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-8)
    inputs = torch.zeros(batch, steps, input_size)
    idx = torch.randint(0, input_size, (batch, steps))
    inputs.scatter_(2, idx.unsqueeze(2), 1.0)
    labels = torch.randint(0, classes, (batch, steps))
    mask = torch.ones(batch, steps, dtype=torch.bool)
    times = [train_step(model, optimizer, inputs, labels, mask, clip) for _ in range(repeats + 1)]
    return statistics.median(times[1:])


def train_dataset(model, batch, lengths, steps, input_size, classes, clip):
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-8)
    rng = np.random.RandomState(0)
    order = rng.permutation(len(lengths))
    melodies, seconds = 0, 0.0
    for s in range(steps + 1):
        rows = [lengths[order[(s * batch + r) % len(lengths)]] for r in range(batch)]
        longest = max(rows)
        inputs = torch.zeros(batch, longest, input_size)
        idx = torch.randint(0, input_size, (batch, longest))
        inputs.scatter_(2, idx.unsqueeze(2), 1.0)
        labels = torch.randint(0, classes, (batch, longest))
        mask = torch.arange(longest).unsqueeze(0) < torch.tensor(rows).unsqueeze(1)
        t = train_step(model, optimizer, inputs, labels, mask, clip)
        if s:
            seconds += t
            melodies += batch
    return melodies / seconds


def generate(model, beam, steps, repeats, input_size):
    model.eval()
    rng = np.random.RandomState(0)
    times = []
    with torch.no_grad():
        for _ in range(repeats):
            t0 = time.perf_counter()
            x = torch.zeros(beam, 1, input_size)
            x[:, 0, 0] = 1
            state = None
            scores = np.zeros(beam)
            for _ in range(steps):
                logits, state = model(x, state)
                p = torch.softmax(logits[:, -1], 1).numpy().astype(np.float64)
                chosen = [rng.choice(p.shape[1], p=row / row.sum()) for row in p]
                scores += np.log(p[np.arange(beam), chosen])
                x = torch.zeros(beam, 1, input_size)
                x[np.arange(beam), 0, np.array(chosen) % input_size] = 1
                order = np.argsort(-scores, kind="stable")  # beam pruning and state gather
                index = torch.from_numpy(order)
                state = [tuple(t[:, index] if t.dim() == 3 else t[index] for t in s) for s in state]
                scores = scores[order]
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    if sys.argv[1] == "dataset":
        input_size, classes, layers, attn, batch, lengths_file, steps, threads = sys.argv[2:10]
        torch.set_num_threads(int(threads))
        torch.manual_seed(0)
        layers = [int(x) for x in layers.split(",")]
        model = MelodyRnn(int(input_size), int(classes), layers, int(attn), 0.5)
        with open(lengths_file) as f:
            lengths = [int(line) for line in f if line.strip()]
        rate = train_dataset(model, int(batch), lengths, int(steps), int(input_size), int(classes), 5.0)
        print(f"pytorch dataset batch {batch} threads {threads}: {rate:.1f} melodies/s")
        return
    mode, input_size, classes, layers, attn, batch, steps, repeats = sys.argv[1:9]
    input_size, classes, attn = int(input_size), int(classes), int(attn)
    batch, steps, repeats = int(batch), int(steps), int(repeats)
    layers = [int(x) for x in layers.split(",")]
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = MelodyRnn(input_size, classes, layers, attn, 0.5)
    per_event = sum((i + u) * 4 * u for i, u in zip([input_size] + layers[:-1], layers)) + layers[-1] * classes
    if mode == "train":
        seconds = train(model, batch, steps, repeats, input_size, classes, 5.0)
        print(f"pytorch train batch {batch} steps {steps}: {seconds:.4f} s/step, {1 / seconds:.3f} steps/s, "
              f"{3 * 2 * per_event * batch * steps / seconds / 1e9:.2f} GFLOP/s")
    else:
        seconds = generate(model, batch, steps, repeats, input_size)
        print(f"pytorch generate beam {batch}: {steps / seconds:.1f} steps/s")


if __name__ == "__main__":
    main()
