// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/audio/render/midi_renderer.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <utility>
#include <vector>

#include "stochos/audio/render/detail/fluid_synth.h"
#include "stochos/core/error.h"
#include "stochos/core/interrupt.h"
#include "stochos/notesequence/note_sequence_io.h"

namespace stochos::audio {
namespace {

constexpr int kDrumChannel = 9;

enum class EventKind { kProgramOrControl, kNoteOff, kNoteOn };

struct Event {
  std::size_t frame = 0;
  EventKind kind = EventKind::kNoteOn;
  int type = 0;  // for kProgramOrControl: 0 pitch bend, 1 control change
  int channel = 0;
  int a = 0;  // key, controller or bend value
  int b = 0;  // velocity or controller value
  int program = 0;
  std::size_t order = 0;  // position in the sequence, for a stable order
};

// Channels by (is_drum, instrument): drums on channel 10, melodic instruments in order of
// instrument number on the other 15, round-robin beyond (as note_seq's MIDI writer does).
class ChannelMap {
 public:
  explicit ChannelMap(const magenta::NoteSequence& s) {
    std::vector<int> instruments;
    auto add = [&](int instrument, bool is_drum) {
      if (!is_drum) instruments.push_back(instrument);
    };
    for (const auto& n : s.notes()) add(n.instrument(), n.is_drum());
    for (const auto& b : s.pitch_bends()) add(b.instrument(), b.is_drum());
    for (const auto& c : s.control_changes()) add(c.instrument(), c.is_drum());
    std::sort(instruments.begin(), instruments.end());
    instruments.erase(std::unique(instruments.begin(), instruments.end()), instruments.end());
    for (std::size_t i = 0; i < instruments.size(); ++i) {
      int channel = static_cast<int>(i % 15);
      if (channel >= kDrumChannel) ++channel;
      channels_[instruments[i]] = channel;
    }
  }
  int channel(int instrument, bool is_drum) const { return is_drum ? kDrumChannel : channels_.at(instrument); }

 private:
  std::map<int, int> channels_;
};

void check_midi_value(int value, const char* what, std::size_t index) {
  if (value < 0 || value > 127) {
    throw Error::input({}, {.context = std::string(what) + " " + std::to_string(index)},
                       std::string(what) + " value " + std::to_string(value) + " is outside 0..127")
        .with_code("midi_range");
  }
}

std::vector<Event> collect_events(const magenta::NoteSequence& s, int sample_rate_hz, double* end_seconds) {
  const ChannelMap channels(s);
  auto frame_at = [&](double t) {
    if (!std::isfinite(t) || t < 0.0) t = 0.0;
    return static_cast<std::size_t>(std::llround(t * sample_rate_hz));
  };
  std::vector<Event> events;
  events.reserve(2 * static_cast<std::size_t>(s.notes_size()) + s.pitch_bends_size() + s.control_changes_size());
  double end = std::max(0.0, s.total_time());
  std::size_t order = 0;
  for (int i = 0; i < s.notes_size(); ++i) {
    const auto& n = s.notes(i);
    check_midi_value(n.pitch(), "note", static_cast<std::size_t>(i));
    check_midi_value(n.velocity(), "note", static_cast<std::size_t>(i));
    if (n.velocity() == 0 || !(n.end_time() > n.start_time())) continue;  // silent by definition
    const int channel = channels.channel(n.instrument(), n.is_drum());
    events.push_back({frame_at(n.start_time()), EventKind::kNoteOn, 0, channel, n.pitch(), n.velocity(),
                      n.program(), order++});
    events.push_back({frame_at(n.end_time()), EventKind::kNoteOff, 0, channel, n.pitch(), 0, n.program(), order++});
    end = std::max(end, n.end_time());
  }
  for (const auto& b : s.pitch_bends()) {
    const int value = std::clamp(b.bend() + 8192, 0, 16383);
    events.push_back({frame_at(b.time()), EventKind::kProgramOrControl, 0, channels.channel(b.instrument(), b.is_drum()),
                      value, 0, b.program(), order++});
  }
  for (int i = 0; i < s.control_changes_size(); ++i) {
    const auto& c = s.control_changes(i);
    check_midi_value(c.control_number(), "control change", static_cast<std::size_t>(i));
    check_midi_value(c.control_value(), "control change", static_cast<std::size_t>(i));
    events.push_back({frame_at(c.time()), EventKind::kProgramOrControl, 1,
                      channels.channel(c.instrument(), c.is_drum()), c.control_number(), c.control_value(),
                      c.program(), order++});
  }
  // At one instant: controllers and bends first (they shape the notes that start with them),
  // then note-offs (so a repeated key is released before it is struck again), then note-ons.
  std::sort(events.begin(), events.end(), [](const Event& x, const Event& y) {
    if (x.frame != y.frame) return x.frame < y.frame;
    if (x.kind != y.kind) return x.kind < y.kind;
    return x.order < y.order;
  });
  *end_seconds = end;
  return events;
}

}  // namespace

struct MidiRenderer::Impl {
  detail::FluidSynth synth;
  Impl(const std::filesystem::path& sf, const detail::FluidSettings& settings) : synth(sf, settings) {}
};

MidiRenderer::MidiRenderer(RenderOptions options) : options_(std::move(options)) {
  if (options_.sample_rate_hz < 8000 || options_.sample_rate_hz > 96000) {
    throw Error::usage("FluidSynth renders at 8000..96000 Hz, not " + std::to_string(options_.sample_rate_hz));
  }
  if (!(options_.gain >= 0.0 && options_.gain <= 10.0)) throw Error::usage("render gain must be in 0..10");
  if (!(options_.tail_seconds >= 0.0 && options_.tail_seconds <= 60.0)) {
    throw Error::usage("render tail must be 0..60 seconds");
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options_.soundfont, ec)) {
    throw Error::io(options_.soundfont.string(),
                    "SoundFont not found; install Debian's General MIDI soundfont with "
                    "`sudo apt-get install fluid-soundfont-gm` (it provides " +
                        std::string(kDefaultSoundfont) + ") or pass --soundfont FILE.sf2")
        .with_code("soundfont_missing");
  }
  // FluidSynth hands files it does not recognise to libinstpatch, which prints GLib
  // assertions; the RIFF header is checked here first so that the user sees one sentence.
  {
    std::ifstream in(options_.soundfont, std::ios::binary);
    char head[12] = {};
    in.read(head, sizeof head);
    const std::string form(head + 8, 4);
    if (!in || std::string(head, 4) != "RIFF" || (form != "sfbk" && form != "DLS ")) {
      throw Error::input(options_.soundfont.string(), {}, "not a SoundFont (.sf2/.sf3) or DLS file")
          .with_code("soundfont_invalid");
    }
  }
  detail::FluidSettings settings;
  settings.sample_rate_hz = options_.sample_rate_hz;
  settings.gain = options_.gain;
  settings.reverb = options_.reverb;
  settings.chorus = options_.chorus;
  impl_ = std::make_unique<Impl>(options_.soundfont, settings);
}

MidiRenderer::~MidiRenderer() = default;

AudioBuffer MidiRenderer::render(const magenta::NoteSequence& sequence) {
  double end_seconds = 0.0;
  const std::vector<Event> events = collect_events(sequence, options_.sample_rate_hz, &end_seconds);
  if (end_seconds > 24.0 * 3600.0) throw Error::input({}, {}, "the sequence lasts more than 24 hours");
  AudioBuffer out;
  out.sample_rate_hz = options_.sample_rate_hz;
  out.channels = 2;
  const std::size_t total_frames = seconds_to_frames(end_seconds + options_.tail_seconds, options_.sample_rate_hz);
  out.samples.assign(2 * total_frames, 0.0f);

  detail::FluidSynth& synth = impl_->synth;
  synth.reset();
  int programs[16];
  std::fill(std::begin(programs), std::end(programs), 0);
  std::size_t frame = 0;
  for (const Event& e : events) {
    core::check_interrupt();  // a host may stop a long render (core/interrupt.h)
    const std::size_t target = std::min(e.frame, total_frames);
    if (target > frame) {
      synth.render(out.samples.data() + 2 * frame, target - frame);
      frame = target;
    }
    switch (e.kind) {
      case EventKind::kProgramOrControl:
        if (e.type == 0) {
          synth.pitch_bend(e.channel, e.a);
        } else {
          synth.control_change(e.channel, e.a, e.b);
        }
        break;
      case EventKind::kNoteOff:
        synth.note_off(e.channel, e.a);
        break;
      case EventKind::kNoteOn:
        // A NoteSequence carries the program on every note; a change is sent only when it
        // differs from the channel's current program (drum programs select the kit).
        if (programs[e.channel] != e.program && e.program >= 0 && e.program <= 127) {
          synth.program_change(e.channel, e.program);
          programs[e.channel] = e.program;
        }
        synth.note_on(e.channel, e.a, e.b);
        break;
    }
  }
  if (total_frames > frame) synth.render(out.samples.data() + 2 * frame, total_frames - frame);
  return out;
}

void render_file(const std::filesystem::path& input, const std::filesystem::path& output,
                 const RenderOptions& options, const AudioWriteOptions& write_options) {
  container_for_path(output);  // refuse an unknown extension before the long work
  const magenta::NoteSequence sequence = notesequence::read_sequence_file(input);
  MidiRenderer renderer(options);
  AudioBuffer audio;
  try {
    audio = renderer.render(sequence);
  } catch (const Error& e) {
    throw e.path().empty() ? e.with_path(input.string()) : e;
  }
  write_audio_file(output, audio, write_options);
}

}  // namespace stochos::audio
