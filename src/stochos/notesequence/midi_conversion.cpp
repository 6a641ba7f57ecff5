// SPDX-License-Identifier: GPL-3.0-or-later
// MIDI -> NoteSequence. The rules are note_seq's (midi_io.midi_to_note_sequence), which reads
// through pretty_midi; the header explains them. The writer is in midi_writing.cpp.
#include <map>
#include <memory>
#include <tuple>
#include <unordered_map>

#include "stochos/core/error.h"
#include "stochos/notesequence/detail/tempo_map.h"
#include "stochos/notesequence/midi_conversion.h"

namespace stochos::notesequence {
namespace {

using midi::Event;
using midi::EventType;

struct PendingNote {
  std::int64_t start_tick;
  double start_seconds;
  int velocity;
};

struct Bend {
  double seconds;
  int value;
};
struct Control {
  double seconds;
  int number;
  int value;
};

// Pitch bends and control changes of an instrument. pretty_midi gives an instrument the
// very lists of the "straggler" events that preceded its first note on the same track and
// channel, and keeps filing later stragglers into them, so several instruments can share
// one; a shared_ptr models that exactly.
struct EventLists {
  std::vector<Bend> bends;
  std::vector<Control> controls;
};

struct NoteRecord {
  std::uint32_t instrument;
  std::uint8_t pitch;
  std::uint8_t velocity;
  double start;
  double end;
};

struct Instrument {
  int program = 0;
  bool is_drum = false;
  std::string name;
  std::size_t note_count = 0;
  std::shared_ptr<EventLists> lists;
};

class InstrumentTable {
 public:
  // (program, channel, track) -> instrument index, in creation order.
  std::size_t note_owner(int program, int channel, int track, const std::string& track_name) {
    const auto key = std::make_tuple(program, channel, track);
    if (auto it = index_.find(key); it != index_.end()) return it->second;
    Instrument inst;
    inst.program = program;
    inst.is_drum = channel == 9;
    inst.name = track_name;
    if (auto s = stragglers_.find({channel, track}); s != stragglers_.end()) {
      inst.lists = s->second;
    } else {
      inst.lists = std::make_shared<EventLists>();
    }
    index_.emplace(key, instruments_.size());
    instruments_.push_back(std::move(inst));
    return instruments_.size() - 1;
  }

  Instrument& instrument(std::size_t index) { return instruments_[index]; }

  EventLists& event_owner(int program, int channel, int track) {
    if (auto it = index_.find(std::make_tuple(program, channel, track)); it != index_.end()) {
      return *instruments_[it->second].lists;
    }
    auto& s = stragglers_[{channel, track}];
    if (!s) s = std::make_shared<EventLists>();
    return *s;
  }

  const std::vector<Instrument>& instruments() const { return instruments_; }

  // Within one track, (channel, program) -> owner never changes once looked up: an instrument
  // created later for a straggler's channel takes the straggler's very lists. So a
  // per-channel cache of the last program's answers is exact and saves a map lookup per event.
  struct ChannelCache {
    int program = -1;
    std::size_t note_owner = kNone;
    EventLists* event_owner = nullptr;
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  };

 private:
  std::vector<Instrument> instruments_;
  std::map<std::tuple<int, int, int>, std::size_t> index_;
  std::map<std::pair<int, int>, std::shared_ptr<EventLists>> stragglers_;
};

void warn(MidiConversionReport* report, std::string message) {
  if (report) report->warnings.push_back(std::move(message));
}

std::string at_tick(std::size_t track, std::int64_t tick) {
  return " (track " + std::to_string(track) + ", tick " + std::to_string(tick) + ")";
}

// Key number as pretty_midi derives it from mido's key name: 0-11 major, 12-23 minor.
int key_number(const midi::KeySignatureValue& ks) {
  const int major_tonic = ((7 * ks.sharps) % 12 + 12) % 12;
  return ks.minor ? 12 + (major_tonic + 9) % 12 : major_tonic;
}

detail::TempoMap build_tempo_map(const midi::MidiFile& file, MidiConversionReport* report) {
  if (file.uses_smpte()) {
    // Absolute time: every tick is 1/ticks_per_second seconds whatever the tempo events say.
    // Resolution is reported so that 120 qpm is a quarter of 0.5 s.
    const double tps = file.smpte.ticks_per_second();
    return detail::TempoMap(static_cast<int>(tps / 2.0 + 0.5), 1.0 / tps);
  }
  const int resolution = file.ticks_per_quarter;
  detail::TempoMap map(resolution, 60.0 / (120.0 * resolution));
  for (const Event& e : file.tracks.front().events) {
    if (e.type != EventType::kMeta || e.meta_type != midi::kMetaTempo) continue;
    try {
      const std::uint32_t us = midi::decode_tempo_us(file.payload(e));
      if (us == 0) {
        warn(report, "tempo of 0 microseconds per quarter skipped" + at_tick(0, e.tick));
        continue;
      }
      map.add_tempo_event(e.tick, us);
    } catch (const Error& err) {
      warn(report, err.message() + ", skipped" + at_tick(0, e.tick));
    }
  }
  return map;
}

void add_metadata(const midi::MidiFile& file, const detail::TempoMap& tempo, magenta::NoteSequence& ns,
                  MidiConversionReport* report) {
  for (const Event& e : file.tracks.front().events) {
    if (e.type != EventType::kMeta) continue;
    if (e.meta_type == midi::kMetaTimeSignature) {
      try {
        const auto ts = midi::decode_time_signature(file.payload(e));
        if (ts.numerator <= 0) {
          warn(report, "time signature with numerator 0 skipped" + at_tick(0, e.tick));
          continue;
        }
        auto* out = ns.add_time_signatures();
        out->set_time(tempo.tick_to_seconds(e.tick));
        out->set_numerator(ts.numerator);
        out->set_denominator(ts.denominator);
      } catch (const Error& err) {
        warn(report, err.message() + ", skipped" + at_tick(0, e.tick));
      }
    } else if (e.meta_type == midi::kMetaKeySignature) {
      try {
        const int number = key_number(midi::decode_key_signature(file.payload(e)));
        auto* out = ns.add_key_signatures();
        out->set_time(tempo.tick_to_seconds(e.tick));
        out->set_key(static_cast<magenta::NoteSequence::KeySignature::Key>(number % 12));
        out->set_mode(number / 12 == 1 ? magenta::NoteSequence::KeySignature::MINOR
                                       : magenta::NoteSequence::KeySignature::MAJOR);
      } catch (const Error& err) {
        warn(report, err.message() + ", skipped" + at_tick(0, e.tick));
      }
    }
  }
  ns.mutable_tempos()->Reserve(static_cast<int>(tempo.segments().size()));
  for (const auto& s : tempo.segments()) {
    auto* t = ns.add_tempos();
    t->set_time(s.start_seconds);  // = pretty_midi's tick_to_time[start_tick]
    t->set_qpm(file.uses_smpte() ? 120.0 : tempo.qpm_of(s));
  }
}

// Notes waiting for their note-off, per (channel, key), as lists in note-on order. Built once
// per file and reset per track through the list of keys used, so that a track costs what
// it plays rather than 2048 list constructions.
class OpenNotes {
 public:
  /// The open notes of one key. Almost always zero or one, so the first lives inline and
  /// the common case never leaves this array.
  class List {
   public:
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }
    PendingNote& operator[](std::size_t i) { return i == 0 ? first_ : rest_[i - 1]; }
    void push_back(const PendingNote& p) {
      if (size_ == 0) {
        first_ = p;
      } else {
        rest_.push_back(p);
      }
      ++size_;
    }
    void resize(std::size_t n) {  // shrink only
      size_ = n;
      rest_.resize(n > 0 ? n - 1 : 0);
    }
    void clear() { resize(0); }

   private:
    std::size_t size_ = 0;
    PendingNote first_{};
    std::vector<PendingNote> rest_;
  };

  OpenNotes() : lists_(16 * 128) {}
  List& at(int channel, int key) {
    auto& list = lists_[static_cast<std::size_t>(channel * 128 + key)];
    const int index = channel * 128 + key;
    touched_[index >> 6] |= std::uint64_t{1} << (index & 63);
    return list;
  }
  /// Empties every list; returns how many notes were still open.
  std::size_t reset() {
    std::size_t open = 0;
    for (std::size_t word = 0; word < 32; ++word) {
      for (std::uint64_t bits = touched_[word]; bits != 0; bits &= bits - 1) {
        auto& list = lists_[word * 64 + static_cast<std::size_t>(__builtin_ctzll(bits))];
        open += list.size();
        list.clear();
      }
      touched_[word] = 0;
    }
    return open;
  }

 private:
  std::vector<List> lists_;
  std::uint64_t touched_[32] = {};  // one bit per (channel, key) used since the last reset
};

// Buffers kept per thread from file to file: a batch conversion then reuses warm memory
// instead of paying fresh allocations for every file.
struct Scratch {
  OpenNotes open;
  std::vector<NoteRecord> notes;  // every note of the file, in the order notes end
  std::vector<std::uint32_t> order;
};

void read_track(const midi::MidiFile& file, std::size_t track_index, const detail::TempoMap& tempo,
                InstrumentTable& table, Scratch& scratch, MidiConversionReport* report) {
  OpenNotes& open = scratch.open;
  const int track = static_cast<int>(track_index);
  detail::TempoMap::Cursor clock(tempo);
  std::string track_name;
  int program_of_channel[16] = {};
  InstrumentTable::ChannelCache cache[16];
  auto cached = [&](int channel) -> InstrumentTable::ChannelCache& {
    auto& c = cache[channel];
    if (c.program != program_of_channel[channel]) c = {program_of_channel[channel]};
    return c;
  };
  auto note_owner = [&](int channel) -> Instrument& {
    auto& c = cached(channel);
    if (c.note_owner == InstrumentTable::ChannelCache::kNone) {
      c.note_owner = table.note_owner(c.program, channel, track, track_name);
    }
    return table.instrument(c.note_owner);
  };
  auto event_owner = [&](int channel) -> EventLists& {
    auto& c = cached(channel);
    if (!c.event_owner) c.event_owner = &table.event_owner(c.program, channel, track);
    return *c.event_owner;
  };
  std::size_t dropped_zero_length = 0;
  for (const Event& e : file.tracks[track_index].events) {
    switch (e.type) {
      case EventType::kMeta:
        if (e.meta_type == midi::kMetaTrackName) track_name = midi::latin1_to_utf8(file.payload(e));
        break;
      case EventType::kProgramChange:
        program_of_channel[e.channel] = e.data1;
        break;
      case EventType::kNoteOn:
        if (e.data2 > 0) {
          open.at(e.channel, e.data1).push_back({e.tick, clock.seconds(e.tick), e.data2});
          break;
        }
        [[fallthrough]];
      case EventType::kNoteOff: {
        auto& pending = open.at(e.channel, e.data1);
        if (pending.empty()) break;  // a note-off with no note-on is ignored
        // Close every note of this key that began before this tick; notes that began on
        // this very tick stay open if some note was closed, and are dropped otherwise.
        std::size_t kept = 0;
        std::size_t closed = 0;
        for (std::size_t i = 0; i < pending.size(); ++i) {
          const PendingNote p = pending[i];
          if (p.start_tick == e.tick) {
            pending[kept++] = p;
            continue;
          }
          Instrument& inst = note_owner(e.channel);
          ++inst.note_count;
          scratch.notes.push_back({static_cast<std::uint32_t>(cache[e.channel].note_owner), e.data1,
                                   static_cast<std::uint8_t>(p.velocity), p.start_seconds, clock.seconds(e.tick)});
          ++closed;
        }
        if (closed > 0 && kept > 0) {
          pending.resize(kept);
        } else {
          dropped_zero_length += kept;
          pending.clear();
        }
        break;
      }
      case EventType::kPitchBend:
        event_owner(e.channel).bends.push_back({clock.seconds(e.tick), midi::pitch_bend_value(e)});
        break;
      case EventType::kControlChange:
        event_owner(e.channel).controls.push_back({clock.seconds(e.tick), e.data1, e.data2});
        break;
      default:
        break;
    }
  }
  if (dropped_zero_length > 0) {
    warn(report, std::to_string(dropped_zero_length) + " zero-length notes dropped (track " +
                     std::to_string(track_index) + "), as note_seq does");
  }
  const std::size_t unterminated = open.reset();
  if (unterminated > 0) {
    warn(report, std::to_string(unterminated) + " notes never ended (track " + std::to_string(track_index) +
                     ") and were dropped, as note_seq does");
  }
}

}  // namespace

magenta::NoteSequence midi_to_note_sequence(const midi::MidiFile& file, MidiConversionReport* report) {
  magenta::NoteSequence ns;
  midi_to_note_sequence(file, ns, report);
  return ns;
}

void midi_to_note_sequence(const midi::MidiFile& file, magenta::NoteSequence& ns, MidiConversionReport* report) {
  ns.Clear();
  if (file.tracks.empty()) return;
  // A file cut short at a chunk boundary parses cleanly; these two facts are its trace.
  if (file.declared_tracks != static_cast<int>(file.tracks.size())) {
    warn(report, "header declares " + std::to_string(file.declared_tracks) + " tracks but the file holds " +
                     std::to_string(file.tracks.size()) + " (truncated file?)");
  }
  if (file.trailing_bytes > 0) {
    warn(report, std::to_string(file.trailing_bytes) + " bytes after the last chunk ignored (truncated file?)");
  }
  const detail::TempoMap tempo = build_tempo_map(file, report);
  ns.set_ticks_per_quarter(file.uses_smpte() ? static_cast<int>(file.smpte.ticks_per_second() / 2.0 + 0.5)
                                             : file.ticks_per_quarter);
  ns.mutable_source_info()->set_parser(magenta::NoteSequence::SourceInfo::PRETTY_MIDI);
  ns.mutable_source_info()->set_encoding_type(magenta::NoteSequence::SourceInfo::MIDI);
  add_metadata(file, tempo, ns, report);

  InstrumentTable table;
  thread_local Scratch scratch;
  scratch.open.reset();
  scratch.notes.clear();
  for (std::size_t t = 0; t < file.tracks.size(); ++t) read_track(file, t, tempo, table, scratch, report);

  // Notes grouped by instrument in creation order, each group in the order its notes ended
  // (pretty_midi's lists): a counting sort of the flat buffer.
  const auto& instruments = table.instruments();
  std::vector<std::size_t> group_start(instruments.size() + 1, 0);
  for (std::size_t i = 0; i < instruments.size(); ++i) group_start[i + 1] = group_start[i] + instruments[i].note_count;
  scratch.order.resize(scratch.notes.size());
  {
    std::vector<std::size_t> next(group_start.begin(), group_start.end() - 1);
    for (std::uint32_t k = 0; k < scratch.notes.size(); ++k) scratch.order[next[scratch.notes[k].instrument]++] = k;
  }
  ns.mutable_notes()->Reserve(static_cast<int>(scratch.notes.size()));
  double total_time = 0.0;
  for (std::size_t i = 0; i < instruments.size(); ++i) {
    const Instrument& inst = instruments[i];
    if (!inst.name.empty()) {
      auto* info = ns.add_instrument_infos();
      info->set_instrument(static_cast<int>(i));
      info->set_name(inst.name);
    }
    for (std::size_t k = group_start[i]; k < group_start[i + 1]; ++k) {
      const NoteRecord& n = scratch.notes[scratch.order[k]];
      auto* note = ns.add_notes();
      note->set_instrument(static_cast<int>(i));
      note->set_program(inst.program);
      note->set_start_time(n.start);
      note->set_end_time(n.end);
      note->set_pitch(n.pitch);
      note->set_velocity(n.velocity);
      note->set_is_drum(inst.is_drum);
      if (n.end > total_time) total_time = n.end;
    }
  }
  std::size_t bend_count = 0;
  std::size_t control_count = 0;
  for (const auto& inst : instruments) {
    bend_count += inst.lists->bends.size();
    control_count += inst.lists->controls.size();
  }
  ns.mutable_pitch_bends()->Reserve(static_cast<int>(bend_count));
  ns.mutable_control_changes()->Reserve(static_cast<int>(control_count));
  for (std::size_t i = 0; i < instruments.size(); ++i) {
    const Instrument& inst = instruments[i];
    for (const Bend& b : inst.lists->bends) {
      auto* out = ns.add_pitch_bends();
      out->set_instrument(static_cast<int>(i));
      out->set_program(inst.program);
      out->set_time(b.seconds);
      out->set_bend(b.value);
      out->set_is_drum(inst.is_drum);
    }
  }
  for (std::size_t i = 0; i < instruments.size(); ++i) {
    const Instrument& inst = instruments[i];
    for (const Control& c : inst.lists->controls) {
      auto* out = ns.add_control_changes();
      out->set_instrument(static_cast<int>(i));
      out->set_program(inst.program);
      out->set_time(c.seconds);
      out->set_control_number(c.number);
      out->set_control_value(c.value);
      out->set_is_drum(inst.is_drum);
    }
  }
  ns.set_total_time(total_time);
}

magenta::NoteSequence midi_file_to_note_sequence(const std::filesystem::path& path, MidiConversionReport* report) {
  return midi_to_note_sequence(midi::read_midi_file(path), report);
}

}  // namespace stochos::notesequence
