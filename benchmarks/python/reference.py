#!/usr/bin/env python3
"""The PyTorch-from-Python reference for ModelThroughput: the same models (an LSTM of embedding 64 and 2 x 256
units; a pre-norm Transformer of width 256, 2 blocks of 4 heads, feed-forward 1024 with GELU, learned positions,
context 128; vocabulary 542, remi's) and the same measurements (an Adam step on 64 x 100 tokens with gradient
clipping; 100 steps of a session from a fresh state, carrying the LSTM's state or the Transformer's key/value cache,
at batch 1 and batch 16). Each figure is the median of 5 timed rounds of at least a second each (as JMH times its
iterations) after warm-up rounds, in tokens per second.

Run it as its users do: Debian's PyTorch (`apt-get install python3-torch`) on OpenBLAS
(`apt-get install libopenblas0-pthread`). It says which BLAS library and kernel it runs on, and refuses the
reference (netlib) BLAS, which no one runs for speed.

Usage: /usr/bin/python3 benchmarks/python/reference.py THREADS  (prints one JSON object)
"""
import ctypes
import json
import math
import os
import statistics
import sys
import time

import torch

VOCABULARY, EMBEDDING, UNITS, LAYERS = 542, 64, 256, 2
WIDTH, BLOCKS, HEADS, FEED_FORWARD, CONTEXT = 256, 2, 4, 1024, 128
BATCH, WINDOW, STEPS, STREAMS = 64, 100, 100, 16
ROUNDS = 5
ROUND_SECONDS = 1.0


class Lstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(VOCABULARY, EMBEDDING)
        self.lstm = torch.nn.LSTM(EMBEDDING, UNITS, LAYERS, batch_first=True)
        self.output = torch.nn.Linear(UNITS, VOCABULARY)

    def forward(self, ids, state=None):
        out, state = self.lstm(self.embedding(ids), state)
        return self.output(out), state


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1 = torch.nn.LayerNorm(WIDTH)
        self.qkv = torch.nn.Linear(WIDTH, 3 * WIDTH)
        self.out = torch.nn.Linear(WIDTH, WIDTH)
        self.norm2 = torch.nn.LayerNorm(WIDTH)
        self.ff1 = torch.nn.Linear(WIDTH, FEED_FORWARD)
        self.ff2 = torch.nn.Linear(FEED_FORWARD, WIDTH)

    def forward(self, x, cache):
        batch, time_steps, _ = x.shape
        q, k, v = self.qkv(self.norm1(x)).split(WIDTH, -1)
        q, k, v = (t.view(batch, time_steps, HEADS, WIDTH // HEADS).transpose(1, 2) for t in (q, k, v))
        if cache is not None:
            k, v = torch.cat([cache[0], k], 2), torch.cat([cache[1], v], 2)
        scores = q @ k.transpose(-1, -2) / math.sqrt(WIDTH // HEADS)
        if time_steps > 1:
            mask = torch.ones(time_steps, time_steps, dtype=torch.bool).triu(1)
            scores = scores.masked_fill(mask, float("-inf"))
        attended = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, time_steps, WIDTH)
        x = x + self.out(attended)
        return x + self.ff2(torch.nn.functional.gelu(self.ff1(self.norm2(x)))), (k, v)


class Transformer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(VOCABULARY, WIDTH)
        self.position = torch.nn.Embedding(CONTEXT, WIDTH)
        self.blocks = torch.nn.ModuleList(Block() for _ in range(BLOCKS))
        self.norm = torch.nn.LayerNorm(WIDTH)
        self.output = torch.nn.Linear(WIDTH, VOCABULARY)

    def forward(self, ids, state=None):
        start = 0 if state is None else state[0][0].shape[2]
        x = self.embedding(ids) + self.position.weight[start:start + ids.shape[1]]
        caches = []
        for k, block in enumerate(self.blocks):
            x, cache = block(x, None if state is None else state[k])
            caches.append(cache)
        return self.output(self.norm(x)), caches


def median_rate(work, warmups):
    """Tokens per second: the median of ROUNDS timed rounds of at least ROUND_SECONDS each, after warm-up rounds."""
    def round_rate():
        tokens, start = 0, time.perf_counter()
        while time.perf_counter() - start < ROUND_SECONDS:
            tokens += work()
        return tokens / (time.perf_counter() - start)
    for _ in range(warmups):
        round_rate()
    return statistics.median(round_rate() for _ in range(ROUNDS))


def blas():
    """The BLAS libraries this process loaded, the one PyTorch calls (libblas.so.3, else the first), and the kernel
    OpenBLAS chose when that one is OpenBLAS (None for the reference BLAS or another)."""
    torch.ones(64, 64) @ torch.ones(64, 64)
    with open("/proc/self/maps") as maps:
        libraries = sorted({line.split()[-1] for line in maps if "blas" in line.split()[-1].lower()})
    called = ([path for path in libraries if os.path.basename(path).startswith("libblas")] or libraries or [None])[0]
    try:
        function = ctypes.CDLL(called).openblas_get_corename
    except (TypeError, OSError, AttributeError):
        return libraries, called, None
    function.restype = ctypes.c_char_p
    return libraries, called, function().decode()


def measure(model, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    inputs = torch.randint(0, VOCABULARY, (BATCH, WINDOW))
    targets = torch.randint(0, VOCABULARY, (BATCH, WINDOW))

    def train():
        optimizer.zero_grad()
        logits, _ = model(inputs)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, VOCABULARY), targets.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        return BATCH * WINDOW

    def steps(streams):
        def run():
            with torch.no_grad():
                state, tokens = None, torch.zeros((streams, 1), dtype=torch.long)
                for _ in range(STEPS):
                    logits, state = model(tokens, state)
                    tokens = logits[:, -1].argmax(-1, keepdim=True)
            return STEPS * streams
        return run

    return {"train": median_rate(train, 2), "stepBatch1": median_rate(steps(1), 2),
            "stepBatch16": median_rate(steps(STREAMS), 2)}


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else torch.get_num_threads()
    libraries, called, core = blas()
    if core is None:
        sys.exit("reference.py: PyTorch's BLAS is " + (called or "not found") + ", not OpenBLAS:"
                 + " install it (apt-get install libopenblas0-pthread) before comparing")
    results = {"pytorch": torch.__version__, "threads": threads, "blas": called, "loaded": libraries, "kernel": core, "models": {}}
    for name, family in (("lstm", Lstm), ("transformer", Transformer)):
        torch.manual_seed(1)
        results["models"][name] = measure(family(), threads)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
