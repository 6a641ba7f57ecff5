# SPDX-License-Identifier: GPL-3.0-or-later
"""Laws, processes, curves, sieves and expressions: statistics, determinism, and the same draws
as the CLI for the same seed and stream."""

import math

import numpy as np
import pytest

import stochos

# Parameters for every law of the catalog (required ones need values).
LAW_PARAMS = {
    "uniform": dict(lo=-2, hi=5), "linear": dict(a=3), "triangular": dict(lo=0, mode=1, hi=4),
    "exponential": dict(rate=2), "poisson": dict(**{"lambda": 3.5}), "gaussian": dict(mean=60, sigma=4),
    "cauchy": dict(location=1, scale=2), "logistic": dict(location=1, scale=2),
    "hyperbolic_cosine": dict(location=0, scale=1), "arcsine": dict(lo=0, hi=1), "beta": dict(a=2, b=5),
    "gamma": dict(shape=2.5, scale=1.5), "weibull": dict(shape=1.7, scale=2), "bernoulli": dict(p=0.3),
    "discrete": dict(weights=[1, 2, 1], values=[60, 62, 64]),
}


def test_catalog_is_covered():
    assert sorted(d["name"] for d in stochos.distribution_catalog()) == sorted(LAW_PARAMS)


@pytest.mark.parametrize("name", sorted(LAW_PARAMS))
def test_law_draws_follow_its_moments_and_cdf(name):
    law = stochos.Distribution(name, **LAW_PARAMS[name])
    n = 200_000
    x = law.sample(n, seed=1234, stream="test/" + name)
    assert x.shape == (n,) and x.dtype == np.float64
    if law.variance is not None and math.isfinite(law.variance):
        # The sample mean is within 6 standard errors of the law's mean.
        assert abs(x.mean() - law.mean) < 6 * math.sqrt(law.variance / n)
        assert x.var() == pytest.approx(law.variance, rel=0.05)
    if not law.is_discrete:
        # Kolmogorov-Smirnov distance: the 0.1% critical value is 1.95 / sqrt(n).
        xs = np.sort(x)
        cdf = law.cdf(xs)
        ecdf = np.arange(1, n + 1) / n
        assert np.max(np.maximum(ecdf - cdf, cdf - (ecdf - 1 / n))) < 1.95 / math.sqrt(n)
    else:
        values, counts = np.unique(x, return_counts=True)
        pmf = law.pdf(values)
        assert np.allclose(counts / n, pmf, atol=5 * np.sqrt(pmf * (1 - pmf) / n) + 1e-12)


def test_bulk_draws_equal_single_draws_and_blocks():
    law = stochos.Distribution("gamma", shape=2, scale=1)
    rng = stochos.Rng(7)
    singles = [law.sample(seed=rng) for _ in range(1000)]
    assert np.array_equal(law.sample(1000, seed=stochos.Rng(7)), np.array(singles))
    # One call of 10^6 equals two calls of 5 * 10^5 on one advancing Rng (blocks are seamless).
    big = law.sample(1_000_000, seed=3, stream="s")
    r = stochos.Rng(3).stream("s")
    assert np.array_equal(big, np.concatenate([law.sample(500_000, seed=r), law.sample(500_000, seed=r)]))


def test_streams_are_derived_as_in_the_library():
    assert stochos.Rng(5).stream("voice/a/pitch").seed == stochos.derive_seed(5, "voice/a/pitch")
    u = stochos.Rng(5).uniform(4)
    assert np.array_equal(u, stochos.Rng(5).uniform(4)) and ((0 <= u) & (u < 1)).all()
    law = stochos.Distribution("uniform")
    assert np.array_equal(law.sample(10, seed=5, stream="x"), law.sample(10, seed=stochos.Rng(5).stream("x")))
    assert not np.array_equal(law.sample(10, seed=5, stream="x"), law.sample(10, seed=5, stream="y"))


def test_walks_and_processes():
    walk = stochos.RandomWalk(60, stochos.Distribution("gaussian", sigma=3), lo=48, hi=72, barrier="reflect", seed=1)
    x = walk.draw(100_000)
    assert x[0] == 60 and x.min() >= 48 and x.max() <= 72
    w = stochos.RandomWalk.wiener(0, sigma=1, dt_seconds=0.01, seed=2).draw(100_001)
    assert np.diff(w).std() == pytest.approx(0.1, rel=0.02)
    onsets = stochos.PoissonProcess(5.0, seed=3).onsets_until(2000.0)
    assert len(onsets) == pytest.approx(10_000, abs=400) and np.all(np.diff(onsets) > 0)
    hits = stochos.BernoulliProcess(0.25, seed=4).draw(100_000)
    assert set(np.unique(hits)) <= {0.0, 1.0} and hits.mean() == pytest.approx(0.25, abs=0.01)
    pink = stochos.PinkNoise(seed=5).draw(10_000)
    assert pink.min() >= -1 and pink.max() <= 1
    second = stochos.SecondOrderWalk(0.5, 0.0, stochos.Distribution("uniform", lo=-0.01, hi=0.01), step_lo=-0.05,
                                     step_hi=0.05, step_barrier="reflect", lo=0, hi=1, barrier="reflect", seed=6)
    y = second.draw(10_000)
    assert y.min() >= 0 and y.max() <= 1


def test_curves_maps_and_masks():
    env = stochos.Breakpoints([(0, 0), (1, 10, "step"), (2, 20), (3, 0)])
    assert env.at(0.5) == 5 and env.at(1.5) == 10 and env.at(3) == 0
    assert np.array_equal(env.at(np.array([0.0, 0.5, 2.0])), [0.0, 5.0, 20.0])
    assert np.array_equal(env.draw(4, start_seconds=0, step_seconds=1), [0.0, 10.0, 20.0, 0.0])
    logistic = stochos.LogisticMap(4.0, 0.3).draw(1000)
    assert logistic[0] == 0.3 and logistic[1] == pytest.approx(4 * 0.3 * 0.7)
    assert abs(stochos.HenonMap().draw(1000)).max() < 2
    lorenz = stochos.LorenzSystem(output=2)
    assert lorenz.draw(5000).max() < 60
    mask = stochos.TendencyMask(stochos.LorenzSystem(), lo=stochos.Breakpoints([(0, 40), (10, 60)]), hi=80,
                                input_lo=-20, input_hi=20, quantize=(1.0, 1.0, 0.0))
    m = mask.draw(1000, start_seconds=0, step_seconds=0.01)
    assert m.min() >= 40 and m.max() <= 80 and np.array_equal(m, np.round(m))


def test_sieves():
    s = stochos.Sieve("(8@0|8@1|8@7)&(5@1|5@3)")
    assert s.segment(0, 40) == [1, 8, 16, 23, 31, 33]
    assert s.period == 40
    assert (stochos.Sieve("3@0") | stochos.Sieve("4@0")).segment(0, 12) == [0, 3, 4, 6, 8, 9, 12]


def test_expression_draws_are_reproducible():
    text = "quantize(brownian(start=60, step=normal(0, 1.5), lo=48, hi=84), 1)"
    a = stochos.expression(text, seed=9, stream="voice/melody/pitch").draw(1000)
    b = stochos.expression(text, seed=9, stream="voice/melody/pitch").draw(1000)
    assert np.array_equal(a, b) and a.min() >= 48 and a.max() <= 84
    with pytest.raises(stochos.UsageError) as e:
        stochos.expression("brownain(start=1)")
    assert "did you mean 'brownian'" in str(e.value) and e.value.column == 1


@pytest.mark.e2e
def test_python_draws_equal_cli_draws(tmp_path, cli):
    """Each voice's note lengths are draws of its `duration_seconds` law from stream
    voice/<name>/duration of --seed; the CLI's NoteSequence (--ns, exact doubles) must hold the
    very numbers Python draws for the same seed and stream."""
    laws = {"g": ("gamma", dict(shape=2, scale=0.2)), "w": ("weibull", dict(shape=1.5, scale=0.3)),
            "b": ("beta", dict(a=2, b=5)), "e": ("exponential", dict(rate=4)),
            "u": ("uniform", dict(lo=0.05, hi=0.9)), "l": ("linear", dict(a=0.8))}
    voices = []
    for name, (law, params) in laws.items():
        args = ", ".join("%s=%r" % kv for kv in params.items())
        voices.append('[[voice]]\nname = "%s"\nprogram = 0\npitch = 60\nioi_seconds = 1\n'
                      "duration_seconds = '%s(%s)'\nvelocity = 100\n" % (name, law, args))
    walk = "0.3 + 0.1 * brownian(start=0.5, step=normal(0, 0.2), lo=0, hi=1)"
    voices.append("[[voice]]\nname = \"walk\"\npitch = 60\nioi_seconds = 1\nduration_seconds = '%s'\n"
                  "velocity = 100\n" % walk)
    spec = tmp_path / "laws.toml"
    spec.write_text('title = "laws"\nduration_seconds = 200\n\n' + "\n".join(voices))
    seed = 424242
    cli("compose", spec, "-o", tmp_path / "laws.mid", "--ns", tmp_path / "laws.ns", "--seed", seed)
    piece = stochos.read_sequence_file(tmp_path / "laws.ns")
    names = [v.name for v in piece.instrument_infos]
    for index, name in enumerate(names):
        notes = sorted((n for n in piece.notes if n.instrument == index), key=lambda n: n.start_time)[:-1]
        lengths = np.array([n.end_time - n.start_time for n in notes])
        starts = np.array([n.start_time for n in notes])
        if name == "walk":
            expected = stochos.expression(walk, seed=seed, stream="voice/walk/duration").draw(len(notes))
        else:
            law, params = laws[name]
            # A law alone is white noise drawing from the sub-stream "expr" of the parameter's stream.
            rng = stochos.Rng(seed).stream("voice/%s/duration" % name).stream("expr")
            expected = stochos.Distribution(law, **params).sample(len(notes), seed=rng)
        expected = np.maximum(expected, 0.01)  # notes are lengthened to 10 ms at least
        assert len(notes) >= 190
        assert np.array_equal(np.array([n.end_time for n in notes]), starts + expected), name
        assert np.allclose(lengths, expected, atol=1e-12)
