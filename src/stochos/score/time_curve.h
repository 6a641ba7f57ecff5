// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Generator expressions (expression.h) read as functions of time, for parameters that change
/// continuously rather than once per note: the pitch, gain and tilt curves of
/// `stochos transform-audio`. The audio module takes a plain std::function<double(double)>
/// and knows nothing of the language (audio and score sit on the same layer); this adapter is
/// the glue, and the CLI wires the two together.
///
/// The rule (docs/score-language.md, "Curves over time"):
///  - An expression that depends on time only (numbers, time(), curve(...), and arithmetic,
///    clamp, round, quantize and mask over those) is evaluated at the exact time asked for.
///  - Any other expression (walks, maps, laws, noise, cycles, Markov chains, ...) yields one
///    value per step; it is evaluated `rate_hz` times per second, value k at t = k / rate_hz
///    (so curve() and time() inside it read that time), and the curve moves linearly from one
///    value to the next. Before 0 it holds value 0.
/// The result is a function of t alone: values are drawn in step order whatever the order or
/// density of the calls (a call for an earlier step rebuilds the generator from the same
/// stream and replays it), so the same expression, stream and rate give the same curve
/// however often a caller samples it.
///
/// Errors: parsing and building throw as make_generator() does (kUsage, line 1, column in the
/// expression); a rate outside (0, kMaxCurveRateHz] is kUsage with code "unbounded".
/// The returned function owns its state; it may be copied (copies share the state) and is not
/// thread-safe.
#include <functional>
#include <string_view>

#include "stochos/core/random.h"
#include "stochos/score/expression.h"

namespace stochos::score {

/// Values per second of a step-driven curve when none is given.
inline constexpr double kDefaultCurveRateHz = 10.0;
/// Audio reads curves every few hundred frames (~100-200 times a second); more is waste.
inline constexpr double kMaxCurveRateHz = 1000.0;

/// True when the expression's value depends on the time asked for only (see above).
bool depends_on_time_only(const Expression& expression);

/// The expression `text` as a function of time in seconds. `rng` is the curve's stream
/// (e.g. root.stream("pitch")); random nodes derive sub-streams from it as in score files.
std::function<double(double t_seconds)> make_time_curve(std::string_view text, const core::Rng& rng,
                                                         double rate_hz = kDefaultCurveRateHz);

}  // namespace stochos::score
