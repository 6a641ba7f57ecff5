#!/usr/bin/python3
"""Reference CDF values and moments for the laws of src/stochos/stochastic/distribution_laws.h.

Independent of the C++ code under test: textbook formulas in Python's math module, with the
regularised incomplete gamma and beta functions written out (series and Lentz continued
fraction as in Press et al., Numerical Recipes, 3rd ed., sections 6.2 and 6.4). Each law is
parametrised as its header documents it. Prints the table of distributions_test.cpp's
CdfsAndMomentsMatchIndependentReferenceValues.
"""
import math

def gammainc_lower(a, x):
    """P(a, x), regularised lower incomplete gamma."""
    if x <= 0:
        return 0.0
    lg = math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        n = a
        for _ in range(100000):
            n += 1
            term *= x / n
            total += term
            if abs(term) < abs(total) * 1e-17:
                break
        return total * math.exp(-x + a * math.log(x) - lg)
    # continued fraction for Q(a, x)
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 100000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-17:
            break
    return 1.0 - math.exp(-x + a * math.log(x) - lg) * h

def betacf(a, b, x):
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c = 1.0
    d = 1 - qab * x / qap
    d = tiny if abs(d) < tiny else d
    d = 1 / d
    h = d
    for m in range(1, 100000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d; d = tiny if abs(d) < tiny else d
        c = 1 + aa / c; c = tiny if abs(c) < tiny else c
        d = 1 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d; d = tiny if abs(d) < tiny else d
        c = 1 + aa / c; c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return h

def betainc(a, b, x):
    """I_x(a, b), regularised incomplete beta."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lbt = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(lbt) * betacf(a, b, x) / a
    return 1 - math.exp(lbt) * betacf(b, a, 1 - x) / b

G = math.gamma
LAWS = [
    # (C++ constructor, cdf, mean, variance, x points)
    ("Uniform(-2, 5)", lambda x: (x + 2) / 7, 1.5, 49 / 12, [-1.0, 0.5, 4.0]),
    ("Linear(12)", lambda x: 1 - (1 - x / 12) ** 2, 4.0, 8.0, [1.0, 4.0, 9.0]),
    ("Triangular(0, 0.25, 1)", lambda x: x * x / 0.25 if x <= 0.25 else 1 - (1 - x) ** 2 / 0.75,
     (0 + 0.25 + 1) / 3, (0 + 0.0625 + 1 - 0 - 0 - 0.25) / 18, [0.1, 0.25, 0.7]),
    ("Exponential(0.6)", lambda x: 1 - math.exp(-0.6 * x), 1 / 0.6, 1 / 0.36, [0.5, 1.6, 5.0]),
    ("Gaussian(60, 7)", lambda x: 0.5 * (1 + math.erf((x - 60) / (7 * math.sqrt(2)))), 60.0, 49.0, [50.0, 63.0, 75.0]),
    ("Cauchy(3, 0.2)", lambda x: 0.5 + math.atan((x - 3) / 0.2) / math.pi, None, None, [2.5, 3.1, 4.0]),
    ("Logistic(1, 2)", lambda x: 1 / (1 + math.exp(-(x - 1) / 2)), 1.0, math.pi ** 2 * 4 / 3, [-3.0, 1.5, 6.0]),
    ("HyperbolicCosine(-4, 0.3)", lambda x: 2 / math.pi * math.atan(math.exp((x + 4) / 0.3)), -4.0,
     (math.pi * 0.3) ** 2 / 4, [-4.5, -3.9, -3.0]),
    ("Arcsine(-1, 3)", lambda x: 2 / math.pi * math.asin(math.sqrt((x + 1) / 4)), 1.0, 16 / 8, [-0.9, 0.5, 2.8]),
    ("Beta(2, 5)", lambda x: betainc(2, 5, x), 2 / 7, 10 / (49 * 8), [0.1, 0.3, 0.6]),
    ("Beta(0.5, 0.5)", lambda x: betainc(0.5, 0.5, x), 0.5, 0.125, [0.05, 0.5, 0.9]),
    ("Beta(40, 3)", lambda x: betainc(40, 3, x), 40 / 43, 120 / (43 ** 2 * 44), [0.85, 0.93, 0.98]),
    ("Gamma(0.3)", lambda x: gammainc_lower(0.3, x), 0.3, 0.3, [0.01, 0.3, 1.5]),
    ("Gamma(2, 1.5)", lambda x: gammainc_lower(2, x / 1.5), 3.0, 4.5, [1.0, 3.0, 8.0]),
    ("Gamma(150, 0.01)", lambda x: gammainc_lower(150, x / 0.01), 1.5, 0.015, [1.4, 1.5, 1.7]),
    ("Weibull(0.7, 2)", lambda x: 1 - math.exp(-((x / 2) ** 0.7)), 2 * G(1 + 1 / 0.7),
     4 * (G(1 + 2 / 0.7) - G(1 + 1 / 0.7) ** 2), [0.3, 2.0, 9.0]),
    ("Weibull(3, 1)", lambda x: 1 - math.exp(-(x ** 3)), G(1 + 1 / 3), G(1 + 2 / 3) - G(1 + 1 / 3) ** 2, [0.5, 0.9, 1.4]),
]

def cpp(v):
    return "kNoMoment" if v is None else repr(float(v))

for ctor, cdf, mean, var, xs in LAWS:
    points = ", ".join("{%r, %.17g}" % (x, cdf(x)) for x in xs)
    print("      {%s, %s, %s, {%s}}," % (ctor, cpp(mean), cpp(var), points))

# Poisson(λ): P(N <= k) from the pmf e^-λ λ^i / i!.
for lam, ks in [(0.6, [0, 1, 3]), (7, [3, 7, 12]), (250, [230, 250, 270])]:
    cdf = lambda k: sum(math.exp(-lam + i * math.log(lam) - math.lgamma(i + 1)) for i in range(k + 1))
    print("      {Poisson(%r), %r, %r, {%s}}," % (lam, float(lam), float(lam), ", ".join("{%d, %.17g}" % (k, cdf(k)) for k in ks)))
