// SPDX-License-Identifier: GPL-3.0-or-later
// NoteSequence -> MIDI with the layout note_seq writes (midi_io.note_sequence_to_pretty_midi
// followed by pretty_midi's PrettyMIDI.write); the header lists the rules.
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "stochos/core/error.h"
#include "stochos/midi/general_midi.h"
#include "stochos/notesequence/detail/tempo_map.h"
#include "stochos/notesequence/midi_conversion.h"

namespace stochos::notesequence {
namespace {

using midi::Event;
using midi::EventType;

constexpr int kStandardPpq = 220;  // note_seq constants.STANDARD_PPQ
constexpr double kDefaultQpm = 120.0;

// pretty_midi sorts the events of a track by tick, then by a per-type rank so that, e.g.,
// tempo comes before notes and a note-off before a note-on of the same key on one tick.
struct Pending {
  Event event;
  std::int64_t rank;
};

std::int64_t rank_of(const Event& e) {
  constexpr std::int64_t k = 256 * 256;
  switch (e.type) {
    case EventType::kMeta:
      switch (e.meta_type) {
        case midi::kMetaTempo: return 1 * k;
        case midi::kMetaTimeSignature: return 2 * k;
        case midi::kMetaKeySignature: return 3 * k;
        case midi::kMetaEndOfTrack: return 11 * k;
        default: return 0;  // track name: first
      }
    case EventType::kProgramChange: return 6 * k;
    case EventType::kPitchBend: return 7 * k + midi::pitch_bend_value(e);
    case EventType::kControlChange: return 8 * k + e.data1 * 256 + e.data2;
    case EventType::kNoteOff: return 9 * k + e.data1 * 256;
    case EventType::kNoteOn: return 10 * k + e.data1 * 256 + e.data2;
    default: return 12 * k;
  }
}

class TrackBuilder {
 public:
  explicit TrackBuilder(midi::MidiFile& file) : file_(file) {}

  void meta(std::int64_t tick, std::uint8_t type, std::string_view payload) {
    Event e;
    e.tick = tick;
    e.type = EventType::kMeta;
    e.meta_type = type;
    file_.set_payload(e, payload);
    add(e);
  }
  void channel(std::int64_t tick, EventType type, int channel, int data1, int data2 = 0) {
    Event e;
    e.tick = tick;
    e.type = type;
    e.channel = static_cast<std::uint8_t>(channel);
    e.data1 = static_cast<std::uint8_t>(data1);
    e.data2 = static_cast<std::uint8_t>(data2);
    add(e);
  }

  /// Sorts, appends End of Track one tick after the last event (as pretty_midi does) and
  /// moves the events into a new track of the file.
  void finish() {
    std::stable_sort(events_.begin(), events_.end(), [](const Pending& a, const Pending& b) {
      return a.event.tick != b.event.tick ? a.event.tick < b.event.tick : a.rank < b.rank;
    });
    midi::Track track;
    track.events.reserve(events_.size() + 1);
    for (auto& p : events_) track.events.push_back(p.event);
    Event eot;
    eot.type = EventType::kMeta;
    eot.meta_type = midi::kMetaEndOfTrack;
    eot.tick = track.events.empty() ? 1 : track.events.back().tick + 1;
    track.events.push_back(eot);
    file_.tracks.push_back(std::move(track));
  }

 private:
  void add(const Event& e) { events_.push_back({e, rank_of(e)}); }

  midi::MidiFile& file_;
  std::vector<Pending> events_;
};

std::string be_bytes(std::uint32_t v, int n) {
  std::string s;
  for (int i = n - 1; i >= 0; --i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  return s;
}

std::string time_signature_payload(int numerator, int denominator) {
  int log2 = 0;
  while ((1 << log2) < denominator && log2 < 30) ++log2;
  if ((1 << log2) != denominator || numerator <= 0 || numerator > 255) {
    throw Error::input("", {}, "time signature " + std::to_string(numerator) + "/" + std::to_string(denominator) +
                                   " cannot be written to MIDI (denominator must be a power of 2)");
  }
  // 24 MIDI clocks per metronome click and 8 32nd notes per quarter: mido's defaults.
  return {static_cast<char>(numerator), static_cast<char>(log2), 24, 8};
}

// Sharps/flats of the key signature mido writes for pretty_midi's key number (0-11 major,
// 12-23 minor), using mido's spelling: Db Eb F# Ab Bb major; C#m D#m F#m G#m Bbm minor.
std::string key_signature_payload(int key, bool minor) {
  static constexpr int kMajorSharps[12] = {0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5};
  static constexpr int kMinorSharps[12] = {-3, 4, -1, 6, 1, -4, 3, -2, 5, 0, -5, 2};
  const int sharps = minor ? kMinorSharps[key] : kMajorSharps[key];
  return {static_cast<char>(static_cast<std::int8_t>(sharps)), static_cast<char>(minor ? 1 : 0)};
}

void check_range(int value, int lo, int hi, const char* what, double seconds) {
  if (value < lo || value > hi) {
    throw Error::input("", {}, std::string(what) + " " + std::to_string(value) + " at " + std::to_string(seconds) +
                                   " s is outside " + std::to_string(lo) + ".." + std::to_string(hi));
  }
}

}  // namespace

midi::MidiFile note_sequence_to_midi(const magenta::NoteSequence& ns, const MidiWriteOptions& options) {
  const int resolution = ns.ticks_per_quarter() > 0 ? ns.ticks_per_quarter() : kStandardPpq;
  if (resolution > 0x7FFF) {
    throw Error::input("", {}, "ticks_per_quarter " + std::to_string(resolution) + " is above MIDI's 32767");
  }
  std::optional<double> max_event_time;
  if (options.drop_events_n_seconds_after_last_note) {
    double last_end = 0.0;
    for (const auto& n : ns.notes()) last_end = std::max(last_end, n.end_time());
    max_event_time = last_end + *options.drop_events_n_seconds_after_last_note;
  }
  auto dropped = [&](double t) { return max_event_time && *max_event_time != 0.0 && t > *max_event_time; };

  // Tempo map: the first tempo at time 0 (or 120 qpm) starts it; every other tempo is placed
  // at the tick the map built so far gives its time.
  int initial_index = -1;
  for (int i = 0; i < ns.tempos_size(); ++i) {
    if (ns.tempos(i).time() == 0.0) {
      initial_index = i;
      break;
    }
  }
  for (const auto& t : ns.tempos()) {
    if (!(t.qpm() > 0.0)) throw Error::input("", {}, "tempo of " + std::to_string(t.qpm()) + " qpm cannot be written");
  }
  const double initial_qpm = initial_index >= 0 ? ns.tempos(initial_index).qpm() : kDefaultQpm;
  detail::TempoMap tempo(resolution, 60.0 / (initial_qpm * resolution));
  std::vector<const magenta::NoteSequence::Tempo*> later_tempos;
  for (int i = 0; i < ns.tempos_size(); ++i) {
    if (i != initial_index && !dropped(ns.tempos(i).time())) later_tempos.push_back(&ns.tempos(i));
  }
  std::stable_sort(later_tempos.begin(), later_tempos.end(),
                   [](auto* a, auto* b) { return a->time() < b->time(); });
  for (const auto* t : later_tempos) {
    if (!std::isfinite(t->time()) || t->time() > 1e7) {
      throw Error::input("", {}, "tempo time " + std::to_string(t->time()) + " s cannot be written to MIDI");
    }
    tempo.append(t->time() <= 0.0 ? 0 : tempo.seconds_to_tick(t->time()), 60.0 / (resolution * t->qpm()));
  }
  auto tick = [&](double seconds) {
    // MIDI files hold at most 2^28 ticks per delta; a day of music at 10^5 ticks per second
    // is far below the limit used here, which only keeps the arithmetic defined.
    if (!std::isfinite(seconds) || seconds > 1e7) {
      throw Error::input("", {}, "event time " + std::to_string(seconds) + " s cannot be written to MIDI");
    }
    return seconds <= 0.0 ? std::int64_t{0} : tempo.seconds_to_tick(seconds);
  };

  midi::MidiFile file;
  file.format = 1;
  file.ticks_per_quarter = resolution;

  // Track 0: timing.
  TrackBuilder timing(file);
  bool has_signature_at_zero = false;
  for (const auto& ts : ns.time_signatures()) has_signature_at_zero |= ts.time() <= 0.0 && !dropped(ts.time());
  if (!has_signature_at_zero) timing.meta(0, midi::kMetaTimeSignature, time_signature_payload(4, 4));
  for (const auto& s : tempo.segments()) {
    const double us = std::clamp(6e7 / tempo.qpm_of(s), 1.0, 16777215.0);
    timing.meta(s.start_tick, midi::kMetaTempo, be_bytes(static_cast<std::uint32_t>(std::llround(us)), 3));
  }
  for (const auto& ts : ns.time_signatures()) {
    if (dropped(ts.time())) continue;
    timing.meta(tick(ts.time()), midi::kMetaTimeSignature, time_signature_payload(ts.numerator(), ts.denominator()));
  }
  for (const auto& ks : ns.key_signatures()) {
    if (dropped(ks.time())) continue;
    check_range(ks.key(), 0, 11, "key", ks.time());
    timing.meta(tick(ks.time()), midi::kMetaKeySignature,
                key_signature_payload(ks.key(), ks.mode() == magenta::NoteSequence::KeySignature::MINOR));
  }
  timing.finish();

  // One track per (instrument, program, is_drum), sorted; the instrument-0 track always exists.
  using GroupKey = std::tuple<int, int, bool>;
  struct Group {
    std::vector<const magenta::NoteSequence::Note*> notes;
    std::vector<const magenta::NoteSequence::PitchBend*> bends;
    std::vector<const magenta::NoteSequence::ControlChange*> controls;
  };
  std::map<GroupKey, Group> groups;
  for (const auto& n : ns.notes()) groups[{n.instrument(), n.program(), n.is_drum()}].notes.push_back(&n);
  for (const auto& b : ns.pitch_bends()) {
    if (!dropped(b.time())) groups[{b.instrument(), b.program(), b.is_drum()}].bends.push_back(&b);
  }
  for (const auto& c : ns.control_changes()) {
    if (!dropped(c.time())) groups[{c.instrument(), c.program(), c.is_drum()}].controls.push_back(&c);
  }
  std::map<int, std::string> names;
  for (const auto& info : ns.instrument_infos()) names[info.instrument()] = info.name();

  struct TrackPlan {
    int program = 0;
    bool is_drum = false;
    std::string name;
    const Group* group = nullptr;
  };
  std::vector<TrackPlan> plans(1);  // pretty_midi's pre-made Instrument(0) for instrument 0
  bool first_taken = false;
  for (const auto& [key, group] : groups) {
    const auto& [instrument, program, is_drum] = key;
    check_range(program, 0, 127, "program", 0.0);
    TrackPlan plan;
    plan.program = program;
    plan.is_drum = is_drum;
    plan.group = &group;
    if (auto it = names.find(instrument); it != names.end()) {
      plan.name = it->second;
    } else if (instrument > 0 || first_taken) {
      plan.name = is_drum ? "Drums" : std::string(midi::general_midi_program_name(program));
    }
    if (instrument == 0 && !first_taken) {
      plans[0] = plan;
      first_taken = true;
    } else {
      plans.push_back(plan);
    }
  }

  static constexpr int kChannels[15] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15};
  for (std::size_t n = 0; n < plans.size(); ++n) {
    const TrackPlan& plan = plans[n];
    TrackBuilder track(file);
    const int channel = plan.is_drum ? 9 : kChannels[n % 15];
    if (!plan.name.empty()) track.meta(0, midi::kMetaTrackName, plan.name);
    track.channel(0, EventType::kProgramChange, channel, plan.program);
    if (plan.group) {
      for (const auto* note : plan.group->notes) {
        check_range(note->pitch(), 0, 127, "pitch", note->start_time());
        check_range(note->velocity(), 0, 127, "velocity", note->start_time());
        // A velocity-0 note-on would be read as a note-off: write the softest audible note.
        const int velocity = std::max(1, note->velocity());
        track.channel(tick(note->start_time()), EventType::kNoteOn, channel, note->pitch(), velocity);
        track.channel(tick(note->end_time()), EventType::kNoteOn, channel, note->pitch(), 0);
      }
      for (const auto* b : plan.group->bends) {
        check_range(b->bend(), -8192, 8191, "pitch bend", b->time());
        const int raw = b->bend() + 8192;
        track.channel(tick(b->time()), EventType::kPitchBend, channel, raw & 0x7F, raw >> 7);
      }
      for (const auto* c : plan.group->controls) {
        check_range(c->control_number(), 0, 127, "control number", c->time());
        check_range(c->control_value(), 0, 127, "control value", c->time());
        track.channel(tick(c->time()), EventType::kControlChange, channel, c->control_number(), c->control_value());
      }
    }
    track.finish();
  }
  return file;
}

void note_sequence_to_midi_file(const magenta::NoteSequence& sequence, const std::filesystem::path& path,
                                const MidiWriteOptions& options) {
  try {
    midi::write_midi_file(path, note_sequence_to_midi(sequence, options));
  } catch (const Error& e) {
    if (e.path().empty()) throw e.with_path(path.string());
    throw;
  }
}

}  // namespace stochos::notesequence
