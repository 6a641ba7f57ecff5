// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// INTERIM curve syntax for `stochos transform-audio --pitch/--gain/--spectral-tilt`, to be
/// replaced by the score language's generator expressions (score/expression.h) once the CLI
/// can use them; audio/ may not include score/ (both sit on the same layer). Accepted:
///   12                               a constant
///   [0,0; 2,12; 4,-5]                linear breakpoints (t_seconds, value; ...)
///   logistic(r=3.9, x0=0.4, lo=-3, hi=3, rate=8)   the logistic map scaled into [lo, hi]
///   henon(lo=-3, hi=3, rate=8)                      the Hénon map's x scaled from [-1.5, 1.5]
///   brownian(start=0, sigma=2, lo=-6, hi=6, rate=20) Wiener motion with mirror barriers
/// `rate` is the number of new values per second (default 10); between them the curve moves
/// linearly, so a chaotic or random curve glides instead of clicking. Random curves draw from
/// the given Rng stream only.
#include <memory>
#include <string_view>

#include "stochos/core/random.h"
#include "stochos/stochastic/processes.h"

namespace stochos::audio {

/// Parses `text`; throws Error(kUsage, code "curve_syntax") with the offending column.
stochastic::GeneratorPtr parse_curve(std::string_view text, const core::Rng& rng);

}  // namespace stochos::audio
