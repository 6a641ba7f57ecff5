// SPDX-License-Identifier: GPL-3.0-or-later
// Rendering and synthesis to numpy arrays or files, and piano-roll PNGs for notebooks.
// Audio arrays are float32 of shape (frames, channels), as soundfile and scipy have them.
#include <cctype>

#include "common.h"
#include "stochos/audio/audio_buffer.h"
#include "stochos/audio/audio_file.h"
#include "stochos/audio/render/midi_renderer.h"
#include "stochos/audio/synth/gendyn.h"
#include "stochos/audio/synth/granular.h"
#include "stochos/plot/piano_roll.h"

namespace stochos::python {
namespace {

using namespace py::literals;

py::array_t<float> to_array(const audio::AudioBuffer& a) {
  const auto frames = static_cast<py::ssize_t>(a.frames());
  py::array_t<float> out({frames, static_cast<py::ssize_t>(a.channels)});
  std::copy(a.samples.begin(), a.samples.end(), out.mutable_data());
  return out;
}

audio::AudioBuffer from_array(py::handle samples, int sample_rate_hz) {
  auto in = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(samples);
  if (!in || (in.ndim() != 1 && in.ndim() != 2)) {
    throw Error::usage("audio must be a 1-D array (mono) or 2-D (frames, channels)");
  }
  audio::AudioBuffer a;
  a.sample_rate_hz = sample_rate_hz;
  a.channels = in.ndim() == 1 ? 1 : static_cast<int>(in.shape(1));
  a.samples.assign(in.data(), in.data() + in.size());
  return a;
}

audio::AudioWriteOptions write_options(const std::string& sample_format) {
  audio::AudioWriteOptions o;
  if (sample_format == "pcm16") {
    o.sample_format = audio::SampleFormat::kPcm16;
  } else if (sample_format == "pcm24") {
    o.sample_format = audio::SampleFormat::kPcm24;
  } else if (sample_format == "float") {
    o.sample_format = audio::SampleFormat::kFloat;
  } else {
    throw Error::usage("sample_format must be pcm16, pcm24 or float");
  }
  return o;
}

stochastic::GendyDistribution gendy_dist(py::handle value) {
  if (py::isinstance<py::int_>(value)) return stochastic::gendy_distribution(value.cast<int>());
  return stochastic::gendy_distribution(value.cast<std::string>());
}

}  // namespace

void bind_audio(py::module_& m) {
  m.def(
      "render",
      [](const magenta::NoteSequence& sequence, std::optional<std::filesystem::path> output,
         std::optional<std::filesystem::path> soundfont, int sample_rate, double tail_seconds, double gain,
         bool reverb, bool chorus, const std::string& sample_format) -> py::object {
        audio::RenderOptions o;
        if (soundfont) o.soundfont = *soundfont;
        o.sample_rate_hz = sample_rate;
        o.tail_seconds = tail_seconds;
        o.gain = gain;
        o.reverb = reverb;
        o.chorus = chorus;
        const audio::AudioWriteOptions w = write_options(sample_format);
        audio::AudioBuffer a = run_interruptible([&] {
          audio::MidiRenderer renderer(o);
          audio::AudioBuffer out = renderer.render(sequence);
          if (output) audio::write_audio_file(*output, out, w);
          return out;
        });
        if (output) return py::none();
        return to_array(a);
      },
      "sequence"_a, "output"_a = py::none(), py::kw_only(), "soundfont"_a = py::none(), "sample_rate"_a = 44100,
      "tail_seconds"_a = 1.5, "gain"_a = 0.4, "reverb"_a = true, "chorus"_a = true, "sample_format"_a = "pcm16",
      "`stochos render`: General MIDI rendering with FluidSynth (Debian's FluidR3_GM by default).\n"
      "Without output: a float32 array (frames, 2). With output (.wav/.flac/.ogg): writes the file.");
  m.def(
      "gendyn",
      [](double duration_seconds, std::optional<std::filesystem::path> output, const std::string& model,
         py::object ampdist, py::object durdist, double adparam, double ddparam, double minfreq, double maxfreq,
         double freq, double ampscale, double durscale, int init_cps, int knum, double a, double c, double amplitude,
         const std::string& interpolation, int sample_rate, py::object seed, const std::string& stream) -> py::object {
        audio::GendynOptions o;
        o.model = audio::parse_gendy_model(model, "model");
        if (py::isinstance<stochastic::Distribution>(ampdist)) {
          o.amp_law = ampdist.cast<stochastic::Distribution>();
        } else {
          o.ampdist = gendy_dist(ampdist);
        }
        if (py::isinstance<stochastic::Distribution>(durdist)) {
          o.dur_law = durdist.cast<stochastic::Distribution>();
        } else {
          o.durdist = gendy_dist(durdist);
        }
        o.adparam = adparam;
        o.ddparam = ddparam;
        o.minfreq_hz = minfreq;
        o.maxfreq_hz = maxfreq;
        o.freq_hz = freq;
        o.ampscale = ampscale;
        o.durscale = durscale;
        o.init_cps = init_cps;
        o.knum = knum;
        o.lehmer_a = a;
        o.lehmer_c = c;
        o.amplitude = amplitude;
        o.interpolation = audio::parse_gendy_interpolation(interpolation, "interpolation");
        o.sample_rate_hz = sample_rate;
        // `stochos synth gendyn --seed S` draws from stream "gendyn" of S.
        const core::Rng rng = RngArgument(seed, stream).get();
        audio::AudioBuffer out = run_interruptible([&] {
          audio::AudioBuffer sound = audio::gendyn(o, duration_seconds, rng);
          if (output) audio::write_audio_file(*output, sound);
          return sound;
        });
        if (output) return py::none();
        return to_array(out);
      },
      "duration_seconds"_a, "output"_a = py::none(), py::kw_only(), "model"_a = "gendy1", "ampdist"_a = 1,
      "durdist"_a = 1, "adparam"_a = 1.0, "ddparam"_a = 1.0, "minfreq"_a = 440.0, "maxfreq"_a = 660.0,
      "freq"_a = 440.0, "ampscale"_a = 0.5, "durscale"_a = 0.5, "init_cps"_a = 12, "knum"_a = 0, "a"_a = 1.17,
      "c"_a = 0.31, "amplitude"_a = 1.0, "interpolation"_a = "linear", "sample_rate"_a = 44100,
      "seed"_a = audio::kDefaultSynthSeed, "stream"_a = "gendyn",
      "`stochos synth gendyn`: Xenakis's dynamic stochastic synthesis with SuperCollider's Gendy1/2/3\n"
      "parameters. ampdist/durdist: a Gendy number (0 LINEAR .. 6 SINUS), its name, or a Distribution.\n"
      "Mono float32 array (frames, 1), or writes `output`. Same seed, same samples as the CLI.");
  m.def(
      "grain_cloud",
      [](double duration_seconds, std::optional<std::filesystem::path> output, double density_hz, double freq_lo,
         double freq_hi, double grain_lo, double grain_hi, const std::string& envelope, double amp_lo, double amp_hi,
         double pan_spread, std::optional<std::filesystem::path> source, double position_lo, double position_hi,
         double transpose_lo, double transpose_hi, int sample_rate, py::object seed,
         const std::string& stream) -> py::object {
        audio::GrainCloudOptions o;
        o.duration_seconds = duration_seconds;
        o.sample_rate_hz = sample_rate;
        o.density_hz = density_hz;
        o.freq_lo_hz = freq_lo;
        o.freq_hi_hz = freq_hi;
        o.grain_lo_seconds = grain_lo;
        o.grain_hi_seconds = grain_hi;
        o.envelope = audio::parse_grain_envelope(envelope, "envelope");
        o.amp_lo = amp_lo;
        o.amp_hi = amp_hi;
        o.pan_spread = pan_spread;
        o.position_lo = position_lo;
        o.position_hi = position_hi;
        o.transpose_lo_semitones = transpose_lo;
        o.transpose_hi_semitones = transpose_hi;
        const core::Rng rng = RngArgument(seed, stream).get();
        audio::AudioBuffer out = run_interruptible([&] {
          if (source) o.source = audio::read_audio_file(*source);
          audio::AudioBuffer sound = audio::grain_cloud(o, rng);
          if (output) audio::write_audio_file(*output, sound);
          return sound;
        });
        if (output) return py::none();
        return to_array(out);
      },
      "duration_seconds"_a = 5.0, "output"_a = py::none(), py::kw_only(), "density_hz"_a = 50.0, "freq_lo"_a = 200.0,
      "freq_hi"_a = 2000.0, "grain_lo"_a = 0.02, "grain_hi"_a = 0.08, "envelope"_a = "gaussian", "amp_lo"_a = 0.05,
      "amp_hi"_a = 0.2, "pan_spread"_a = 1.0, "source"_a = py::none(), "position_lo"_a = 0.0, "position_hi"_a = 1.0,
      "transpose_lo"_a = 0.0, "transpose_hi"_a = 0.0, "sample_rate"_a = 44100,
      "seed"_a = audio::kDefaultSynthSeed,
      "stream"_a = "granular",
      "`stochos synth granular`: a Gabor grain cloud (synthetic, or granulating the sound file `source`).\n"
      "Stereo float32 array (frames, 2), or writes `output`.");
  m.def(
      "read_audio",
      [](const std::filesystem::path& path) {
        audio::AudioBuffer a = run_interruptible([&] { return audio::read_audio_file(path); });
        return py::make_tuple(to_array(a), a.sample_rate_hz);
      },
      "path"_a, "Decodes WAV/FLAC/Ogg/AIFF...: (float32 array (frames, channels), sample_rate).");
  m.def(
      "write_audio",
      [](const std::filesystem::path& path, py::object samples, int sample_rate, const std::string& sample_format) {
        audio::AudioBuffer a = from_array(samples, sample_rate);
        const audio::AudioWriteOptions w = write_options(sample_format);
        run_interruptible([&] { audio::write_audio_file(path, a, w); });
      },
      "path"_a, "samples"_a, "sample_rate"_a = 44100, py::kw_only(), "sample_format"_a = "pcm16",
      "Writes a (frames,) or (frames, channels) array as .wav/.flac/.ogg, atomically; the same samples\n"
      "give the same bytes.");
  m.def(
      "piano_roll_png",
      [](const magenta::NoteSequence& sequence, int width, int height, const std::string& title,
         std::optional<int> min_pitch, std::optional<int> max_pitch, bool legend) {
        plot::PianoRollOptions o;
        o.width_px = width;
        o.height_px = height;
        o.title = title;
        o.min_pitch = min_pitch;
        o.max_pitch = max_pitch;
        o.legend = legend;
        std::string png;
        {
          py::gil_scoped_release release;
          png = plot::render_piano_roll_png(sequence, o);
        }
        return py::bytes(png);
      },
      "sequence"_a, py::kw_only(), "width"_a = 1600, "height"_a = 0, "title"_a = "", "min_pitch"_a = py::none(),
      "max_pitch"_a = py::none(), "legend"_a = true,
      "The piano roll of a sequence as PNG bytes (IPython.display.Image(data=...)).");
}

}  // namespace stochos::python
