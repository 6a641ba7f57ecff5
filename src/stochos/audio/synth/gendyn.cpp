// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/audio/synth/gendyn.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "stochos/core/error.h"
#include "stochos/core/interrupt.h"
#include "stochos/stochastic/processes.h"

namespace stochos::audio {
namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw Error::usage(message);
}

bool in_range(double x, double lo, double hi) { return std::isfinite(x) && x >= lo && x <= hi; }

}  // namespace

void validate(const GendynOptions& o) {
  check_sample_rate(o.sample_rate_hz);
  const double nyquist_hz = o.sample_rate_hz / 2.0;
  require(in_range(o.adparam, 0.0, 1.0) && in_range(o.ddparam, 0.0, 1.0), "adparam and ddparam must be in 0..1");
  require(in_range(o.ampscale, 0.0, 2.0), "ampscale must be in 0..2");
  require(in_range(o.durscale, 0.0, 1.0), "durscale must be in 0..1");
  require(o.init_cps >= 1 && o.init_cps <= 4096, "initCPs must be in 1..4096");
  require(o.knum >= 0, "knum must be >= 0");
  require(in_range(o.amplitude, 0.0, 1e6), "amplitude must be >= 0");
  require(std::isfinite(o.lehmer_a) && std::isfinite(o.lehmer_c), "Gendy2's a and c must be finite");
  if (o.model == GendyModel::kGendy3) {
    require(in_range(o.freq_hz, 0.01, nyquist_hz), "freq must be in 0.01 Hz .. the Nyquist frequency");
  } else {
    require(in_range(o.minfreq_hz, 0.01, nyquist_hz) && in_range(o.maxfreq_hz, 0.01, nyquist_hz),
            "minfreq and maxfreq must be in 0.01 Hz .. the Nyquist frequency");
    require(o.minfreq_hz <= o.maxfreq_hz, "minfreq must not exceed maxfreq");
  }
}

GendynOscillator::GendynOscillator(GendynOptions options, core::Rng rng)
    : o_(std::move(options)), rng_(rng), amp_step_(o_.ampdist, o_.adparam), dur_step_(o_.durdist, o_.ddparam) {
  validate(o_);
  num_ = (o_.knum < 1 || o_.knum > o_.init_cps) ? o_.init_cps : o_.knum;
  // Separate streams: a change to the duration law never shifts the amplitude draws.
  core::Rng init = rng_.stream("init");
  const auto n = static_cast<std::size_t>(o_.init_cps);
  memory_amp_.resize(n);
  memory_dur_.resize(n);
  memory_amp_step_.resize(n);
  memory_dur_step_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    memory_amp_[i] = 2.0 * init.uniform01() - 1.0;
    memory_dur_[i] = init.uniform01();
    memory_amp_step_[i] = 2.0 * init.uniform01() - 1.0;
    memory_dur_step_[i] = 2.0 * init.uniform01() - 1.0;
  }
  if (o_.model == GendyModel::kGendy3) memory_amp_[0] = 0.0;  // the period starts at zero
  amp_rng_ = rng_.stream("amp");
  dur_rng_ = rng_.stream("dur");
}

double GendynOscillator::step(bool amplitude, double u) {
  const auto& law = amplitude ? o_.amp_law : o_.dur_law;
  core::Rng& rng = amplitude ? amp_rng_ : dur_rng_;
  if (law) return detail::reflect(law->sample(rng), -1.0, 1.0);
  return amplitude ? amp_step_(u) : dur_step_(u);
}

GendynOscillator::Point GendynOscillator::next_point() {
  if (o_.model == GendyModel::kGendy3) {
    if (cycle_pos_ >= cycle_.size()) gendy3_cycle();
    return cycle_[cycle_pos_++];
  }
  index_ = (index_ + 1) % num_;
  const auto i = static_cast<std::size_t>(index_);
  double amp, rate;
  if (o_.model == GendyModel::kGendy1) {
    amp = memory_amp_[i] + o_.ampscale * step(true, amp_rng_.uniform01());
    rate = memory_dur_[i] + o_.durscale * step(false, dur_rng_.uniform01());
  } else {
    // Gendy2 (after Hoffmann): the amplitude step's randomness is a Lehmer congruence of the
    // amplitude two breakpoints back, a deterministic chaos as in Xenakis's own program.
    const double lehmer = std::fabs(std::fmod(older_amp_ * o_.lehmer_a + o_.lehmer_c, 1.0));
    memory_amp_step_[i] = detail::reflect(memory_amp_step_[i] + step(true, lehmer), -1.0, 1.0);
    amp = memory_amp_[i] + o_.ampscale * memory_amp_step_[i];
    memory_dur_step_[i] =
        detail::reflect(memory_dur_step_[i] + step(false, dur_rng_.uniform01()), -1.0, 1.0);
    rate = memory_dur_[i] + o_.durscale * memory_dur_step_[i];
  }
  // Mirror barriers (Formalized Music ch. IX): an overshoot comes back by the same distance.
  amp = detail::reflect(amp, -1.0, 1.0);
  rate = detail::reflect(rate, 0.0, 1.0);
  memory_amp_[i] = amp;
  memory_dur_[i] = rate;
  older_amp_ = old_amp_;
  old_amp_ = amp;
  // SuperCollider: the segment into this breakpoint lasts 1 / (num · f), f between the bounds,
  // so that num segments make one period of 1/f.
  const double freq_hz = o_.minfreq_hz + (o_.maxfreq_hz - o_.minfreq_hz) * rate;
  Point p;
  p.amp = amp;
  p.frames = o_.sample_rate_hz / (freq_hz * num_);
  p.period_end = index_ == num_ - 1;
  return p;
}

void GendynOscillator::gendy3_cycle() {
  std::vector<double> durations(static_cast<std::size_t>(num_));
  double sum = 0.0;
  for (std::size_t j = 0; j < durations.size(); ++j) {
    if (j > 0) {
      memory_amp_[j] =
          detail::reflect(memory_amp_[j] + o_.ampscale * step(true, amp_rng_.uniform01()), -1.0, 1.0);
    }
    // 0.01 as SuperCollider: no breakpoint may vanish before normalisation.
    memory_dur_[j] =
        detail::reflect(memory_dur_[j] + o_.durscale * step(false, dur_rng_.uniform01()), 0.01, 1.0);
    durations[j] = memory_dur_[j];
    sum += memory_dur_[j];
  }
  const double period_frames = o_.sample_rate_hz / o_.freq_hz;
  cycle_.clear();
  cycle_pos_ = 0;
  double carry = 0.0;
  for (std::size_t j = 0; j < durations.size(); ++j) {
    const bool last = j + 1 == durations.size();
    const double frames = durations[j] / sum * period_frames + carry;
    // Segment j runs from breakpoint j to j+1 (the last back to the zero that starts the next
    // period). One shorter than a sample is merged into the next, keeping the period exact.
    if (frames < 1.0 && !last) {
      carry = frames;
      continue;
    }
    carry = 0.0;
    cycle_.push_back({last ? 0.0 : memory_amp_[j + 1], frames, last});
  }
}

double GendynOscillator::tangent(const Point& before, const Point& at, const Point& after) const {
  const double d0 = (at.amp - before.amp) / at.frames;
  const double d1 = (after.amp - at.amp) / after.frames;
  if (d0 * d1 <= 0.0) return 0.0;
  // Fritsch–Butland weighted harmonic mean: keeps each segment monotone, so the curve never
  // leaves the range of its two breakpoints.
  const double h0 = at.frames, h1 = after.frames;
  return 3.0 * (h0 + h1) / ((2.0 * h1 + h0) / d0 + (h1 + 2.0 * h0) / d1);
}

void GendynOscillator::advance() {
  if (track_periods_) {
    period_frames_ += p2_.frames;
    if (p2_.period_end) {
      if (seen_period_end_) period_hz_.push_back(o_.sample_rate_hz / period_frames_);
      seen_period_end_ = true;
      period_frames_ = 0.0;
    }
  }
  p0_ = p1_;
  p1_ = p2_;
  p2_ = p3_;
  p3_ = next_point();
  if (o_.interpolation == GendyInterpolation::kCubic) {
    m1_ = tangent(p0_, p1_, p2_);
    m2_ = tangent(p1_, p2_, p3_);
  }
}

void GendynOscillator::generate(std::span<float> out) {
  if (!started_) {
    // As scsynth: the wave starts at 0 and heads at once for the first breakpoint.
    p0_ = p1_ = Point{0.0, 1.0, false};
    p2_ = next_point();
    p3_ = next_point();
    if (o_.interpolation == GendyInterpolation::kCubic) {
      m1_ = 0.0;
      m2_ = tangent(p1_, p2_, p3_);
    }
    started_ = true;
  }
  const bool cubic = o_.interpolation == GendyInterpolation::kCubic;
  for (float& sample : out) {
    while (t_frames_ >= p2_.frames) {
      t_frames_ -= p2_.frames;
      advance();
    }
    const double h = p2_.frames;
    const double x = t_frames_ / h;
    double v;
    if (cubic) {
      const double x2 = x * x, x3 = x2 * x;
      v = (2 * x3 - 3 * x2 + 1) * p1_.amp + (x3 - 2 * x2 + x) * h * m1_ + (-2 * x3 + 3 * x2) * p2_.amp +
          (x3 - x2) * h * m2_;
    } else {
      v = p1_.amp + (p2_.amp - p1_.amp) * x;
    }
    sample = static_cast<float>(o_.amplitude * std::clamp(v, -1.0, 1.0));
    t_frames_ += 1.0;
  }
}

AudioBuffer gendyn(const GendynOptions& options, double duration_seconds, core::Rng rng) {
  GendynOscillator oscillator(options, rng);
  AudioBuffer out;
  out.sample_rate_hz = options.sample_rate_hz;
  out.channels = 1;
  out.samples.resize(seconds_to_frames(duration_seconds, options.sample_rate_hz));
  // Block by block so that a host can interrupt (core/interrupt.h); the oscillator's output
  // is the same however it is cut.
  constexpr std::size_t kBlock = std::size_t{1} << 16;
  for (std::size_t at = 0; at < out.samples.size(); at += kBlock) {
    core::check_interrupt();
    oscillator.generate(std::span<float>(out.samples).subspan(at, std::min(kBlock, out.samples.size() - at)));
  }
  return out;
}

}  // namespace stochos::audio

namespace stochos::audio {

void write_gendyn_file(const std::filesystem::path& path, const GendynOptions& options, double duration_seconds,
                       core::Rng rng, const AudioWriteOptions& write_options) {
  container_for_path(path);
  GendynOscillator oscillator(options, rng);
  std::size_t left = seconds_to_frames(duration_seconds, options.sample_rate_hz);
  if (left == 0) throw Error::usage("refusing to write an empty audio file: " + path.string());
  AudioFileWriter writer(path, options.sample_rate_hz, 1, write_options);
  // One block, reused: the oscillator's output is the same however it is cut.
  std::vector<float> block(std::min<std::size_t>(left, 1 << 14));
  while (left > 0) {
    core::check_interrupt();
    const std::span<float> part(block.data(), std::min(left, block.size()));
    oscillator.generate(part);
    writer.write(part);
    left -= part.size();
  }
  writer.finish();
}

GendyModel parse_gendy_model(std::string_view text, std::string_view option) {
  if (text == "gendy1") return GendyModel::kGendy1;
  if (text == "gendy2") return GendyModel::kGendy2;
  if (text == "gendy3") return GendyModel::kGendy3;
  throw Error::usage(std::string(option) + " must be gendy1, gendy2 or gendy3");
}

GendyInterpolation parse_gendy_interpolation(std::string_view text, std::string_view option) {
  if (text == "linear") return GendyInterpolation::kLinear;
  if (text == "cubic") return GendyInterpolation::kCubic;
  throw Error::usage(std::string(option) + " must be linear or cubic");
}

}  // namespace stochos::audio
