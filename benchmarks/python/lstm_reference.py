#!/usr/bin/env python3
"""PyTorch-from-Python reference for SequenceModelReport: the same LSTM (embedding 64, 2 x 256, vocabulary
542 as remi's), the same measurements (training on batches of 64 x 100 tokens; generating at batch 1 with a
carried state, and re-feeding a 100-token window per token), medians of 5 rounds after warm-up.

Install Debian's PyTorch with `apt-get install python3-torch`, then run
`/usr/bin/python3 benchmarks/python/lstm_reference.py [threads]`.
"""
import statistics
import sys
import time

import torch

VOCABULARY, EMBEDDING, UNITS, LAYERS = 542, 64, 256, 2
ROUNDS = 5


class Lstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(VOCABULARY, EMBEDDING)
        self.lstm = torch.nn.LSTM(EMBEDDING, UNITS, LAYERS, batch_first=True)
        self.output = torch.nn.Linear(UNITS, VOCABULARY)

    def forward(self, ids, state=None):
        out, state = self.lstm(self.embedding(ids), state)
        return self.output(out), state


def median_rate(work, warmups):
    for _ in range(warmups):
        work()
    rates = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        tokens = work()
        rates.append(tokens / (time.perf_counter() - start))
    return statistics.median(rates)


def main():
    if len(sys.argv) > 1:
        torch.set_num_threads(int(sys.argv[1]))
    torch.manual_seed(1)
    model = Lstm()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    inputs = torch.randint(0, VOCABULARY, (64, 100))
    targets = torch.randint(0, VOCABULARY, (64, 100))

    def train():
        optimizer.zero_grad()
        logits, _ = model(inputs)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, VOCABULARY), targets.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        return 64 * 100

    def stateful():
        with torch.no_grad():
            state, token = None, torch.zeros((1, 1), dtype=torch.long)
            for _ in range(500):
                logits, state = model(token, state)
                token = torch.softmax(logits[:, -1], -1).argmax(-1, keepdim=True)
        return 500

    def refeeding():
        with torch.no_grad():
            window = torch.randint(0, VOCABULARY, (1, 100))
            for _ in range(20):
                logits, _ = model(window)
                nxt = torch.softmax(logits[:, -1], -1).argmax(-1, keepdim=True)
                window = torch.cat([window[:, 1:], nxt], 1)
        return 20

    print(f"PyTorch {torch.__version__} from Python, {torch.get_num_threads()} threads, LSTM 64 + 2 x 256, vocabulary {VOCABULARY}")
    train_rate = median_rate(train, 2)
    step_rate = median_rate(stateful, 1)
    refeed_rate = median_rate(refeeding, 1)
    print(f"train (batch 64 x 100):                     {train_rate:10.0f} tokens/s")
    print(f"generate, batch 1, stateful:                {step_rate:10.0f} tokens/s ({1000 / step_rate:.3f} ms/token)")
    print(f"generate, batch 1, re-feeding 100 tokens:   {refeed_rate:10.1f} tokens/s ({1000 / refeed_rate:.3f} ms/token)")


if __name__ == "__main__":
    main()
