// SPDX-License-Identifier: GPL-3.0-or-later
// `stochos render`, `stochos synth gendyn|granular`, `stochos transform-audio`: flags, library
// calls and exit codes only (docs/style.md).
#include <cctype>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "cli/commands.h"
#include "stochos/jobs/piece_audio.h"
#include "stochos/audio/audio_file.h"
#include "stochos/audio/render/midi_renderer.h"
#include "stochos/audio/spectral/spectral_transform.h"
#include "stochos/audio/synth/gendyn.h"
#include "stochos/audio/synth/granular.h"
#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/core/random.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/plot/waveform.h"
#include "stochos/score/time_curve.h"

namespace stochos::cli {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void report(const std::string& output, double audio_seconds, int sample_rate_hz, int channels, double seconds) {
  std::printf("wrote %s: %.2f s of audio, %d Hz, %d channel(s), %.2f s (%.0fx real time)\n", output.c_str(),
              audio_seconds, sample_rate_hz, channels, seconds, seconds > 0 ? audio_seconds / seconds : 0.0);
}

void report(const std::string& output, const audio::AudioBuffer& a, double seconds) {
  report(output, a.duration_seconds(), a.sample_rate_hz, a.channels, seconds);
}

// --- pictures of the output (all commands) ----------------------------------------------------

struct PlotFlags {
  std::string waveform, spectrogram;
};

void add_plot_flags(CLI::App* cmd, PlotFlags& p) {
  cmd->add_option("--waveform", p.waveform, "Also draw the output's waveform to this PNG");
  cmd->add_option("--spectrogram", p.spectrogram, "Also draw the output's spectrogram to this PNG");
}

/// Refuses a picture path that is not .png before the audio work starts.
void check_plot_paths(const PlotFlags& p) {
  for (const std::string* path : {&p.waveform, &p.spectrogram}) {
    if (!path->empty() && core::lowercase_extension(*path) != ".png") {
      throw Error::usage("pictures are written as PNG: '" + *path + "' should end in .png");
    }
  }
}

/// The spectrogram is computed by audio (FFTW) and drawn by plot, which knows no audio type.
void write_plots(const audio::AudioBuffer& a, const PlotFlags& p, const std::string& title) {
  if (!p.waveform.empty()) {
    plot::WaveformPlotOptions o;
    o.title = title;
    plot::write_waveform_png(a.samples, a.channels, a.sample_rate_hz, p.waveform, o);
    std::printf("wrote %s\n", p.waveform.c_str());
  }
  if (!p.spectrogram.empty()) {
    jobs::write_spectrogram_png(a, p.spectrogram, title);
    std::printf("wrote %s\n", p.spectrogram.c_str());
  }
}

// --- render -----------------------------------------------------------------------------------

struct RenderFlags {
  std::string input, output, soundfont = audio::kDefaultSoundfont;
  int sample_rate_hz = 44100;
  double tail_seconds = 1.5;
  bool no_reverb = false, no_chorus = false;
  PlotFlags plots;
};

int run_render(const RenderFlags& f) {
  const auto t0 = std::chrono::steady_clock::now();
  audio::container_for_path(f.output);
  check_plot_paths(f.plots);
  const magenta::NoteSequence sequence = notesequence::read_sequence_file(f.input);
  audio::RenderOptions o;
  o.soundfont = f.soundfont;
  o.sample_rate_hz = f.sample_rate_hz;
  o.tail_seconds = f.tail_seconds;
  o.reverb = !f.no_reverb;
  o.chorus = !f.no_chorus;
  audio::MidiRenderer renderer(o);
  const audio::AudioBuffer a = renderer.render(sequence);
  audio::write_audio_file(f.output, a);
  report(f.output, a, seconds_since(t0));
  write_plots(a, f.plots, f.output);
  return kExitOk;
}

void add_render(CLI::App& app, Action& action) {
  auto f = std::make_shared<RenderFlags>();
  CLI::App* cmd = app.add_subcommand(
      "render",
      "Render a MIDI file or NoteSequence (.mid, .ns, first record of a .tfrecord) to audio with\n"
      "FluidSynth and a General MIDI soundfont, offline. Output format by extension: .wav .flac .ogg.\n"
      "Exit code: 0 done, 2 usage, 3 bad input, 4 I/O (e.g. soundfont missing).");
  cmd->add_option("input", f->input, "MIDI or NoteSequence file")->required();
  cmd->add_option("-o,--output", f->output, "Audio file to write (.wav, .flac, .ogg; replaced atomically)")->required();
  cmd->add_option("--soundfont", f->soundfont, "SoundFont (default: Debian's fluid-soundfont-gm)");
  cmd->add_option("--sample-rate", f->sample_rate_hz, "Sample rate in Hz (8000..96000)");
  cmd->add_option("--tail", f->tail_seconds, "Seconds rendered after the last note");
  cmd->add_flag("--no-reverb", f->no_reverb, "Turn FluidSynth's reverb off");
  cmd->add_flag("--no-chorus", f->no_chorus, "Turn FluidSynth's chorus off");
  add_plot_flags(cmd, f->plots);
  cmd->callback([f, &action] { action = [f] { return run_render(*f); }; });
}

// --- synth gendyn / granular ------------------------------------------------------------------

struct GendynFlags {
  std::string output, model = "gendy1", interpolation = "linear", ampdist = "1", durdist = "1";
  double duration_seconds = 5.0;
  audio::GendynOptions o;
  std::uint64_t seed = audio::kDefaultSynthSeed;
  PlotFlags plots;
};

stochastic::GendyDistribution gendy_dist(const std::string& text) {
  if (!text.empty() && std::isdigit(static_cast<unsigned char>(text[0]))) return stochastic::gendy_distribution(std::stoi(text));
  return stochastic::gendy_distribution(text);
}

int run_gendyn(GendynFlags f) {
  const auto t0 = std::chrono::steady_clock::now();
  audio::container_for_path(f.output);
  check_plot_paths(f.plots);
  f.o.model = audio::parse_gendy_model(f.model, "--model");
  f.o.interpolation = audio::parse_gendy_interpolation(f.interpolation, "--interpolation");
  f.o.ampdist = gendy_dist(f.ampdist);
  f.o.durdist = gendy_dist(f.durdist);
  std::printf("seed %llu\n", static_cast<unsigned long long>(f.seed));
  const core::Rng rng = core::Rng(f.seed).stream("gendyn");
  if (f.plots.waveform.empty() && f.plots.spectrogram.empty()) {
    // Straight to the file, block by block: the same bytes without holding the sound.
    audio::write_gendyn_file(f.output, f.o, f.duration_seconds, rng);
    const double frames = static_cast<double>(audio::seconds_to_frames(f.duration_seconds, f.o.sample_rate_hz));
    report(f.output, frames / f.o.sample_rate_hz, f.o.sample_rate_hz, 1, seconds_since(t0));
    return kExitOk;
  }
  const audio::AudioBuffer a = audio::gendyn(f.o, f.duration_seconds, rng);
  audio::write_audio_file(f.output, a);
  report(f.output, a, seconds_since(t0));
  write_plots(a, f.plots, f.output);
  return kExitOk;
}

struct GranularFlags {
  std::string output, input, envelope = "gaussian";
  audio::GrainCloudOptions o;
  std::uint64_t seed = audio::kDefaultSynthSeed;
  PlotFlags plots;
};

int run_granular(GranularFlags f) {
  const auto t0 = std::chrono::steady_clock::now();
  audio::container_for_path(f.output);
  check_plot_paths(f.plots);
  f.o.envelope = audio::parse_grain_envelope(f.envelope, "--envelope");
  if (!f.input.empty()) f.o.source = audio::read_audio_file(f.input);
  std::printf("seed %llu\n", static_cast<unsigned long long>(f.seed));
  const core::Rng rng = core::Rng(f.seed).stream("granular");
  if (f.plots.waveform.empty() && f.plots.spectrogram.empty()) {
    // Straight to the file, block by block: the same bytes without holding the sound.
    audio::write_grain_cloud_file(f.output, f.o, rng);
    const double frames = static_cast<double>(audio::seconds_to_frames(f.o.duration_seconds, f.o.sample_rate_hz));
    report(f.output, frames / f.o.sample_rate_hz, f.o.sample_rate_hz, 2, seconds_since(t0));
    return kExitOk;
  }
  const audio::AudioBuffer a = audio::grain_cloud(f.o, rng);
  audio::write_audio_file(f.output, a);
  report(f.output, a, seconds_since(t0));
  write_plots(a, f.plots, f.output);
  return kExitOk;
}

void add_synth(CLI::App& app, Action& action) {
  CLI::App* synth = app.add_subcommand("synth", "Stochastic synthesis: GENDYN and granular clouds.");
  synth->require_subcommand(1);

  auto g = std::make_shared<GendynFlags>();
  CLI::App* gc = synth->add_subcommand(
      "gendyn",
      "Xenakis's dynamic stochastic synthesis with SuperCollider's Gendy1/2/3 parameters.\n"
      "Distributions by Gendy number or name: 0 LINEAR 1 CAUCHY 2 LOGIST 3 HYPERBCOS 4 ARCSINE 5 EXPON 6 SINUS.");
  gc->add_option("-o,--output", g->output, "Audio file to write")->required();
  gc->add_option("--duration", g->duration_seconds, "Seconds")->required();
  gc->add_option("--model", g->model, "gendy1 (default), gendy2 or gendy3");
  gc->add_option("--ampdist", g->ampdist, "Amplitude distribution (default 1, CAUCHY)");
  gc->add_option("--durdist", g->durdist, "Duration distribution (default 1, CAUCHY)");
  gc->add_option("--adparam", g->o.adparam, "Amplitude distribution parameter, 0..1");
  gc->add_option("--ddparam", g->o.ddparam, "Duration distribution parameter, 0..1");
  gc->add_option("--minfreq", g->o.minfreq_hz, "Gendy1/2 lowest frequency, Hz");
  gc->add_option("--maxfreq", g->o.maxfreq_hz, "Gendy1/2 highest frequency, Hz");
  gc->add_option("--freq", g->o.freq_hz, "Gendy3 frequency, Hz");
  gc->add_option("--ampscale", g->o.ampscale, "Amplitude step scale");
  gc->add_option("--durscale", g->o.durscale, "Duration step scale");
  gc->add_option("--initCPs,--init-cps", g->o.init_cps, "Breakpoints in memory");
  gc->add_option("--knum", g->o.knum, "Breakpoints used per period (0: all)");
  gc->add_option("--a", g->o.lehmer_a, "Gendy2 Lehmer multiplier");
  gc->add_option("--c", g->o.lehmer_c, "Gendy2 Lehmer increment");
  gc->add_option("--amplitude", g->o.amplitude, "Output peak bound");
  gc->add_option("--interpolation", g->interpolation, "linear (default) or cubic");
  gc->add_option("--sample-rate", g->o.sample_rate_hz, "Sample rate in Hz");
  gc->add_option("--seed", g->seed, "Random seed");
  add_plot_flags(gc, g->plots);
  gc->callback([g, &action] { action = [g] { return run_gendyn(*g); }; });

  auto r = std::make_shared<GranularFlags>();
  CLI::App* rc = synth->add_subcommand("granular", "A Gabor cloud of grains, synthetic or cut from --input.");
  rc->add_option("-o,--output", r->output, "Audio file to write")->required();
  rc->add_option("--input", r->input, "Sound file to granulate");
  rc->add_option("--duration", r->o.duration_seconds, "Seconds");
  rc->add_option("--density", r->o.density_hz, "Mean grains per second (Poisson)");
  rc->add_option("--freq-lo", r->o.freq_lo_hz, "Lowest grain frequency, Hz");
  rc->add_option("--freq-hi", r->o.freq_hi_hz, "Highest grain frequency, Hz");
  rc->add_option("--grain-lo", r->o.grain_lo_seconds, "Shortest grain, seconds");
  rc->add_option("--grain-hi", r->o.grain_hi_seconds, "Longest grain, seconds");
  rc->add_option("--amp-lo", r->o.amp_lo, "Softest grain peak");
  rc->add_option("--amp-hi", r->o.amp_hi, "Loudest grain peak");
  rc->add_option("--pan-spread", r->o.pan_spread, "0 centred .. 1 full width");
  rc->add_option("--envelope", r->envelope, "gaussian, hann, trapezoid or random");
  rc->add_option("--position-lo", r->o.position_lo, "Earliest read position in --input, 0..1");
  rc->add_option("--position-hi", r->o.position_hi, "Latest read position in --input, 0..1");
  rc->add_option("--transpose-lo", r->o.transpose_lo_semitones, "Lowest grain transposition, semitones");
  rc->add_option("--transpose-hi", r->o.transpose_hi_semitones, "Highest grain transposition, semitones");
  rc->add_option("--sample-rate", r->o.sample_rate_hz, "Sample rate in Hz");
  rc->add_option("--seed", r->seed, "Random seed");
  add_plot_flags(rc, r->plots);
  rc->callback([r, &action] { action = [r] { return run_granular(*r); }; });
}

// --- transform-audio --------------------------------------------------------------------------

struct TransformFlags {
  std::string input, output, pitch, gain, tilt;
  double curve_rate_hz = score::kDefaultCurveRateHz;
  bool fast = false;
  std::uint64_t seed = audio::kDefaultSynthSeed;
  PlotFlags plots;
};

[[noreturn]] void rethrow_for_flag(const Error& e, const std::string& flag) {
  throw Error(e.kind(), flag + ": " + e.message(), {}, e.where()).with_code(e.code());
}

/// The expression of `flag` as a curve over time (empty when the flag is not given); errors,
/// also those met while the audio is processed, name the flag.
audio::TimeCurve flag_curve(const std::string& text, const std::string& flag, const core::Rng& stream,
                            double rate_hz) {
  if (text.empty()) return {};
  std::function<double(double)> curve;
  try {
    curve = score::make_time_curve(text, stream, rate_hz);
  } catch (const Error& e) {
    rethrow_for_flag(e, flag);
  }
  return [curve, flag](double t_seconds) {
    try {
      return curve(t_seconds);
    } catch (const Error& e) {
      rethrow_for_flag(e, flag);
    }
  };
}

int run_transform(const TransformFlags& f) {
  const auto t0 = std::chrono::steady_clock::now();
  audio::container_for_path(f.output);
  check_plot_paths(f.plots);
  if (f.pitch.empty() && f.gain.empty() && f.tilt.empty()) {
    throw Error::usage("give at least one of --pitch, --gain, --spectral-tilt");
  }
  const core::Rng root(f.seed);
  // Parse every curve before reading audio, so a typo fails at once.
  const audio::TimeCurve pitch = flag_curve(f.pitch, "--pitch", root.stream("pitch"), f.curve_rate_hz);
  const audio::TimeCurve gain = flag_curve(f.gain, "--gain", root.stream("gain"), f.curve_rate_hz);
  const audio::TimeCurve tilt = flag_curve(f.tilt, "--spectral-tilt", root.stream("tilt"), f.curve_rate_hz);
  std::printf("seed %llu\n", static_cast<unsigned long long>(f.seed));
  audio::AudioBuffer a = audio::read_audio_file(f.input);
  if (pitch) {
    audio::PitchShiftOptions o;
    o.finer_engine = !f.fast;
    a = audio::pitch_shift(a, pitch, o);
  }
  if (gain || tilt) a = audio::spectral_shape(a, gain, tilt);
  audio::write_audio_file(f.output, a);
  report(f.output, a, seconds_since(t0));
  write_plots(a, f.plots, f.output);
  return kExitOk;
}

void add_transform_audio(CLI::App& app, Action& action) {
  auto f = std::make_shared<TransformFlags>();
  CLI::App* cmd = app.add_subcommand(
      "transform-audio",
      "Change pitch (semitones, Rubber Band) and gain (dB) and spectral tilt (dB per octave around\n"
      "1 kHz, FFTW STFT) over time. CURVE is a generator expression of the score language\n"
      "(docs/score-language.md), a plain number being a constant:\n"
      "  --pitch 7   --gain 'curve([0, 0], [4, -12])'   --pitch 'brownian(step=normal(0, 1), lo=-5, hi=5)'\n"
      "  --pitch 'quantize(logistic(r=3.9) * 12, sieve(\"2@0|3@1\"))'   --spectral-tilt 'time() * -0.5'\n"
      "Time-only expressions (numbers, time(), curve(), and clamp/round/quantize/mask/arithmetic\n"
      "over them) are read at the exact time. Others (walks, maps, laws, ...) give --curve-rate\n"
      "values per second, value k at k/rate seconds, joined by straight lines.\n"
      "Exit code: 0 done, 2 usage or bad expression, 3 bad input, 4 I/O.");
  cmd->add_option("input", f->input, "Sound file")->required();
  cmd->add_option("-o,--output", f->output, "Audio file to write (.wav, .flac, .ogg)")->required();
  cmd->add_option("--pitch", f->pitch, "Pitch shift curve, semitones");
  cmd->add_option("--gain", f->gain, "Gain curve, dB");
  cmd->add_option("--spectral-tilt", f->tilt, "Tilt curve, dB per octave");
  cmd->add_option("--curve-rate", f->curve_rate_hz, "Values per second of step-driven curves (default 10, max 1000)");
  cmd->add_flag("--fast", f->fast, "Rubber Band's faster R2 engine (less exact pitch)");
  cmd->add_option("--seed", f->seed, "Seed of random curves (streams pitch, gain, tilt)");
  add_plot_flags(cmd, f->plots);
  cmd->callback([f, &action] { action = [f] { return run_transform(*f); }; });
}

}  // namespace

void add_audio_commands(CLI::App& app, Action& action) {
  add_render(app, action);
  add_synth(app, action);
  add_transform_audio(app, action);
}

}  // namespace stochos::cli
