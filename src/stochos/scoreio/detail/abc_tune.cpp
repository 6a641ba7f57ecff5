// SPDX-License-Identifier: GPL-3.0-or-later
// note_seq abc_parser.ABCTune: information fields, music code, repeats and sections. The
// music code is matched at each position against note_seq's patterns in note_seq's order:
// NOTE, CHORD, BROKEN_RHYTHM, INLINE_INFORMATION_FIELD, BAR_AND_VARIANT_ENDINGS,
// BAR_AND_REPEAT_SYMBOLS, REPEAT_SYMBOLS, TEXT_ANNOTATION, DECORATION, SLUR, TIE, TUPLET,
// LINE_CONTINUATION; anything else that is not white space is an InvalidCharacterError.
// AbcReadOptions adds what note_seq refuses or ignores (rests, chords, ties, voices and
// overlays); with every option off the output is note_seq's.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include "stochos/scoreio/detail/abc_tune.h"
#include "stochos/scoreio/detail/py_text.h"
#include "stochos/scoreio/detail/utf8.h"

namespace stochos::scoreio::detail {
namespace {

using magenta::NoteSequence;

Frac reduce(std::int64_t num, std::int64_t den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const std::int64_t g = std::gcd(num, den);
  return g > 1 ? Frac{num / g, den / g} : Frac{num, den};
}
double to_double(const Frac& f) { return static_cast<double>(f.num) / static_cast<double>(f.den); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

int note_to_midi(char c) {
  switch (c) {
    case 'C': return 60; case 'D': return 62; case 'E': return 64; case 'F': return 65;
    case 'G': return 67; case 'A': return 69; case 'B': return 71; case 'c': return 72;
    case 'd': return 74; case 'e': return 76; case 'f': return 77; case 'g': return 79;
    case 'a': return 81; case 'b': return 83; default: return -1;
  }
}

// NOTE_PATTERN: (__|_|=|\^|\^\^)?([A-Ga-g])([\',]*)(\d*/*\d*). Returns the end or npos.
struct NoteMatch {
  std::string accidental;
  char letter = 0;
  std::string octave;
  std::string length;
  std::size_t end = std::string::npos;
};
NoteMatch match_note(const std::string& s, std::size_t pos) {
  NoteMatch m;
  const int n = match_accidental_and_letter(s, pos);
  if (n < 0) return m;
  m.accidental = s.substr(pos, static_cast<std::size_t>(n));
  std::size_t i = pos + static_cast<std::size_t>(n);
  m.letter = s[i++];
  const std::size_t o = i;
  while (i < s.size() && (s[i] == '\'' || s[i] == ',')) ++i;
  m.octave = s.substr(o, i - o);
  const std::size_t l = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  while (i < s.size() && s[i] == '/') ++i;
  while (i < s.size() && is_digit(s[i])) ++i;
  m.length = s.substr(l, i - l);
  m.end = i;
  return m;
}

class Tune {
 public:
  Tune(const std::string& source, const AbcReadOptions& options) : source_(source), options_(options) {
    ns_.mutable_source_info()->set_source_type(NoteSequence::SourceInfo::SCORE_BASED);
    ns_.mutable_source_info()->set_encoding_type(NoteSequence::SourceInfo::ABC);
    ns_.mutable_source_info()->set_parser(NoteSequence::SourceInfo::MAGENTA_ABC);
    ns_.set_ticks_per_quarter(220);
    accidentals_ = sig_to_accidentals(0);
    tune_accidentals_ = accidentals_;
    cur_ = &voices_[""];  // the voice before any V:
  }

  NoteSequence run(const std::vector<AbcLine>& lines) {
    for (const auto& line : lines) {
      line_ = &line;
      if (options_.allow_voices && line.text.rfind("%%MIDI", 0) == 0) {
        parse_midi_directive(line.text.substr(6));
        continue;
      }
      // Comments run from the first % to the end of the line; then strip again.
      std::string text = line.text.substr(0, line.text.find('%'));
      std::size_t lead = 0;
      while (lead < text.size() && is_space(text[lead])) ++lead;
      std::size_t end = text.size();
      while (end > lead && is_space(text[end - 1])) --end;
      text = text.substr(lead, end - lead);
      base_offset_ = line.byte_offset + lead;
      if (text.empty()) continue;
      // INFORMATION_FIELD_PATTERN: ([A-Za-z]):\s*(.*)
      if (text.size() >= 2 && is_letter(text[0]) && text[1] == ':') {
        std::size_t c = 2;
        while (c < text.size() && is_space(text[c])) ++c;
        parse_information_field(text[0], text.substr(c), 0);
      } else {
        if (in_header_) {
          set_values_from_header();
          in_header_ = false;
        }
        parse_music_code(text);
      }
    }
    line_ = nullptr;
    if (in_header_) set_values_from_header();
    finalize();
    if (ns_.notes_size() > 0) ns_.set_total_time(ns_.notes(ns_.notes_size() - 1).end_time());
    if (options_.allow_chords || options_.merge_ties || options_.allow_voices) {
      // Voices, chords and ties end notes out of order: total_time is the latest end.
      for (const auto& n : ns_.notes()) ns_.set_total_time(std::max(ns_.total_time(), n.end_time()));
    }
    return std::move(ns_);
  }

 private:
  Error error(std::string_view code, const std::string& message, std::size_t column_in_text = 0) const {
    ErrorLocation where;
    if (line_) {
      where.line = line_->line_number;
      const std::size_t byte = base_offset_ + column_in_text;
      where.column = static_cast<std::uint32_t>(utf8_length(std::string_view(*line_->raw).substr(0, byte)) + 1);
    }
    if (ns_.reference_number() != 0) where.context = "tune X:" + std::to_string(ns_.reference_number());
    return Error::input(source_, where, message).with_code(std::string(code));
  }

  double qpm() const { return ns_.tempos_size() > 0 ? ns_.tempos(ns_.tempos_size() - 1).qpm() : 120.0; }

  void set_values_from_header() {
    // _set_unit_note_length_from_header: 1/16 below a 3/4 meter, else (or with no meter) 1/8.
    if (!unit_note_length_) {
      if (ns_.time_signatures_size() == 0) {
        unit_note_length_ = Frac{1, 8};
      } else {
        if (ns_.time_signatures_size() != 1) throw error(kCodeAbcParse, "Multiple time signatures set in header.");
        const auto& ts = ns_.time_signatures(0);
        if (ts.denominator() == 0) throw error(kCodeAbcParse, "meter has denominator 0");
        const double ratio = static_cast<double>(ts.numerator()) / ts.denominator();
        unit_note_length_ = ratio < 0.75 ? Frac{1, 16} : Frac{1, 8};
      }
    }
    if (header_tempo_rate_ && *header_tempo_rate_ != 0) add_tempo(header_tempo_unit_, *header_tempo_rate_);
  }

  void add_tempo(std::optional<Frac> unit, std::int64_t rate) {
    const Frac u = unit ? *unit : *unit_note_length_;
    auto* tempo = ns_.add_tempos();
    tempo->set_time(current_time_);
    // float((unit / Fraction(1, 4)) * rate), exact until the final division.
    tempo->set_qpm(to_double(reduce(u.num * 4 * rate, u.den)));
  }

  std::optional<std::int64_t> add_section(double time) {
    if (ns_.section_annotations_size() == 0 && time > 0) {
      auto* sa = ns_.add_section_annotations();
      sa->set_time(0);
      sa->set_section_id(0);
    }
    std::int64_t new_id = 0;
    if (ns_.section_annotations_size() > 0) {
      const auto& last = ns_.section_annotations(ns_.section_annotations_size() - 1);
      if (last.time() == time) return std::nullopt;  // duplicate section at this time
      new_id = last.section_id() + 1;
    }
    auto* sa = ns_.add_section_annotations();
    sa->set_time(time);
    sa->set_section_id(new_id);
    return new_id;
  }

  void add_group_of_previous_section(int num_times) {
    auto* sg = ns_.add_section_groups();
    sg->add_sections()->set_section_id(ns_.section_annotations(ns_.section_annotations_size() - 2).section_id());
    sg->set_num_times(num_times);
  }

  void finalize() {
    if (current_expected_repeats_) {
      throw error(kCodeRepeatParse, "Expected a repeat at the end of the file, but did not get one.");
    }
    // _finalize_sections (note_seq indexes the last note unguarded; with no notes nothing is cut).
    if (ns_.section_annotations_size() > 0 && ns_.notes_size() > 0 &&
        ns_.section_annotations(ns_.section_annotations_size() - 1).time() ==
            ns_.notes(ns_.notes_size() - 1).end_time()) {
      ns_.mutable_section_annotations()->RemoveLast();
    }
    if (ns_.section_annotations_size() > 0 && ns_.section_groups_size() > 0) {
      const auto& last_group = ns_.section_groups(ns_.section_groups_size() - 1);
      const auto last_id = ns_.section_annotations(ns_.section_annotations_size() - 1).section_id();
      if (last_group.sections_size() == 0 || last_group.sections(0).section_id() != last_id) {
        auto* sg = ns_.add_section_groups();
        sg->add_sections()->set_section_id(last_id);
        sg->set_num_times(1);
      }
    }
  }

  void apply_broken_rhythm(const std::string& broken_rhythm, std::size_t column) {
    if (ns_.notes_size() < 2) throw error(kCodeAbcParse, "Cannot apply a broken rhythm with fewer than 2 notes", column);
    auto* note1 = ns_.mutable_notes(ns_.notes_size() - 2);
    auto* note2 = ns_.mutable_notes(ns_.notes_size() - 1);
    const double note1_len = note1->end_time() - note1->start_time();
    const double note2_len = note2->end_time() - note2->start_time();
    if (note1_len != note2_len) {
      throw error(kCodeAbcParse, "Cannot apply broken rhythm to two notes of different lengths", column);
    }
    const double time_adj = note1_len / std::pow(2.0, static_cast<double>(broken_rhythm.size()));
    if (broken_rhythm[0] == '<') {
      note1->set_end_time(note1->end_time() - time_adj);
      note2->set_start_time(note2->start_time() - time_adj);
    } else {
      note1->set_end_time(note1->end_time() + time_adj);
      note2->set_start_time(note2->start_time() + time_adj);
    }
  }

  Frac note_length(const std::string& text, std::size_t column) const {
    Frac length = *unit_note_length_;
    if (text.empty()) return length;
    const auto slash_count = static_cast<std::size_t>(std::count(text.begin(), text.end(), '/'));
    const auto bad = [&] { return error(kCodeAbcParse, "Could not parse note length: " + text, column); };
    const auto mul = [&](std::int64_t n, std::int64_t d) {
      if (d == 0 || std::abs(n) > (std::int64_t{1} << 24) || d > (std::int64_t{1} << 24)) throw bad();
      return reduce(length.num * n, length.den * d);
    };
    if (slash_count == text.size()) {
      if (slash_count > 24) throw bad();
      return mul(1, std::int64_t{1} << slash_count);
    }
    if (text[0] == '/') {
      const auto d = py_int(text.substr(1));
      if (!d) throw bad();
      return mul(1, *d);
    }
    if (slash_count == 1) {
      const auto slash = text.find('/');
      const auto n = py_int(text.substr(0, slash));
      const std::string d_text = text.substr(slash + 1);
      const auto d = d_text.empty() ? std::optional<std::int64_t>(2) : py_int(d_text);
      if (!n || !d) throw bad();
      return mul(*n, *d);
    }
    if (slash_count == 0) {
      const auto n = py_int(text);
      if (!n) throw bad();
      return mul(*n, 1);
    }
    throw bad();
  }

  void advance(const Frac& length) {
    current_time_ += (1 / (qpm() / 60)) * to_double(reduce(length.num * 4, length.den));
  }

  // The pitch of a matched note under the key and the bar's accidentals (which it updates).
  int pitch_of(const NoteMatch& m, std::size_t column) {
    int pitch = note_to_midi(m.letter);
    const char name = static_cast<char>(std::toupper(static_cast<unsigned char>(m.letter)));
    if (!m.accidental.empty()) {
      // note_seq splits the accidental on white space, so ^^ and __ are one token it refuses.
      int change = 0;
      if (m.accidental == "^") change = 1;
      else if (m.accidental == "_") change = -1;
      else if (m.accidental != "=") throw error(kCodeAbcParse, "Invalid accidental: " + m.accidental, column);
      pitch += change;
      bar_accidentals_[name] = change;
    } else if (bar_accidentals_.count(name)) {
      pitch += bar_accidentals_[name];
    } else {
      pitch += accidentals_[name];
    }
    for (const char o : m.octave) pitch += o == '\'' ? 12 : -12;
    if (pitch < 0 || pitch > 127) throw error(kCodeAbcParse, "pitch " + std::to_string(pitch) + " is invalid", column);
    return pitch;
  }

  // Starts a note, rest or chord: the ties waiting from the previous event of this layer move
  // to `waiting_ties_`, where only this event's notes can take them.
  void begin_event() {
    waiting_ties_ = std::move(cur_->ties[cur_->layer]);
    cur_->ties[cur_->layer].clear();
    cur_->last_event.clear();
  }

  // Adds a sounding note, or with merge_ties extends the tied note it continues. Returns the
  // index of the note in ns_.
  int sound(int pitch, double start_time, double end_time) {
    if (options_.merge_ties) {
      const auto tied = waiting_ties_.find(pitch);
      if (tied != waiting_ties_.end()) {
        auto* note = ns_.mutable_notes(tied->second);
        const int index = tied->second;
        waiting_ties_.erase(tied);
        if (std::abs(note->end_time() - start_time) < 1e-6) {
          note->set_end_time(end_time);
          cur_->last_event.push_back(index);
          return index;
        }
      }
    }
    auto* note = ns_.add_notes();
    note->set_velocity(current_velocity_);
    note->set_start_time(start_time);
    note->set_pitch(pitch);
    note->set_end_time(end_time);
    if (options_.allow_voices) {
      if (cur_->instrument < 0) cur_->instrument = next_instrument_++;
      note->set_instrument(cur_->instrument);
      note->set_program(cur_->program);
      note->set_is_drum(cur_->is_drum);
    }
    const int index = ns_.notes_size() - 1;
    cur_->last_event.push_back(index);
    return index;
  }

  void add_note(const NoteMatch& m, std::size_t column) {
    begin_event();
    const int pitch = pitch_of(m, column);
    const double start = current_time_;
    advance(note_length(m.length, column));
    sound(pitch, start, current_time_);
  }

  // CHORD with allow_chords: \[(NOTE-?)+\] and an optional length multiplier.
  std::size_t add_chord(const std::string& line, std::size_t pos, std::size_t column) {
    begin_event();
    const Frac unit = *unit_note_length_;
    std::size_t i = pos + 1;
    struct Member {
      NoteMatch note;
      bool tie = false;
      std::size_t column = 0;
    };
    std::vector<Member> members;
    for (NoteMatch n = match_note(line, i); n.end != std::string::npos; n = match_note(line, i)) {
      Member m{n, false, i};
      i = n.end;
      if (options_.merge_ties && i < line.size() && line[i] == '-') {
        m.tie = true;
        ++i;
      }
      members.push_back(std::move(m));
    }
    ++i;  // ]
    const std::size_t length_start = i;
    while (i < line.size() && is_digit(line[i])) ++i;
    while (i < line.size() && line[i] == '/') ++i;
    while (i < line.size() && is_digit(line[i])) ++i;
    const Frac outer_length = note_length(line.substr(length_start, i - length_start), column);
    // The multiplier is the written length over the unit note length.
    const Frac multiplier = reduce(outer_length.num * unit.den, outer_length.den * unit.num);
    const double start = current_time_;
    std::optional<double> advance_to;
    for (const Member& m : members) {
      const int pitch = pitch_of(m.note, m.column);
      const Frac own = note_length(m.note.length, m.column);
      if (std::abs(multiplier.num) > (std::int64_t{1} << 24) || std::abs(own.num) > (std::int64_t{1} << 24) ||
          multiplier.den > (std::int64_t{1} << 24) || own.den > (std::int64_t{1} << 24)) {
        throw error(kCodeAbcParse, "Could not parse chord length", column);
      }
      const Frac length = reduce(own.num * multiplier.num, own.den * multiplier.den);
      // advance()'s expression, so that the first note ends exactly where time moves to.
      const double end = start + (1 / (qpm() / 60)) * to_double(reduce(length.num * 4, length.den));
      if (!advance_to) advance_to = end;
      const int index = sound(pitch, start, end);
      if (m.tie) cur_->ties[cur_->layer][pitch] = index;
    }
    current_time_ = *advance_to;
    return i;
  }

  // TIE with merge_ties: every note of the last note or chord waits for its continuation.
  void tie_last_event() {
    for (const int index : cur_->last_event) cur_->ties[cur_->layer][ns_.notes(index).pitch()] = index;
  }

  // `&` with allow_voices: back to the last bar line in a new layer.
  void overlay() {
    if (cur_->layer == 0) cur_->first_layer_end_time = current_time_;
    ++cur_->layer;
    current_time_ = cur_->bar_start_time;
    cur_->last_event.clear();
  }

  // V: with allow_voices: saves the current voice's clock and accidentals and loads `id`'s.
  void switch_voice(const std::string& content) {
    std::size_t end = 0;
    while (end < content.size() && !is_space(content[end])) ++end;
    const std::string id = content.substr(0, end);
    seen_voice_ = true;
    cur_->time = current_time_;
    cur_->accidentals = accidentals_;
    cur_->bar_accidentals = bar_accidentals_;
    const auto [it, inserted] = voices_.try_emplace(id);
    if (inserted) {
      it->second.accidentals = tune_accidentals_;
      it->second.instrument = next_instrument_++;
    }
    cur_ = &it->second;
    current_time_ = cur_->time;
    accidentals_ = cur_->accidentals;
    bar_accidentals_ = cur_->bar_accidentals;
  }

  // `%%MIDI program [channel] N` and `%%MIDI channel N` (abc2midi's directives) for the
  // current voice; other %%MIDI directives are ignored, like any comment.
  void parse_midi_directive(const std::string& text) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < text.size();) {
      while (i < text.size() && is_space(text[i])) ++i;
      const std::size_t b = i;
      while (i < text.size() && !is_space(text[i]) && text[i] != '%') ++i;
      if (i > b) words.push_back(text.substr(b, i - b));
      if (i < text.size() && text[i] == '%') break;
    }
    if (words.size() < 2) return;
    const auto value = py_int(words.back());
    if (!value) return;
    if (words[0] == "program" && *value >= 0 && *value <= 127) cur_->program = static_cast<int>(*value);
    if (words[0] == "channel" && words.size() == 2) cur_->is_drum = *value == 10;
  }

  void parse_music_code(const std::string& line) {
    std::size_t pos = 0;
    std::string broken_rhythm;
    while (pos < line.size()) {
      const std::size_t start = pos;
      const char c = line[pos];
      // NOTE
      if (const NoteMatch note = match_note(line, pos); note.end != std::string::npos) {
        pos = note.end;
        add_note(note, start);
        if (!broken_rhythm.empty()) {
          apply_broken_rhythm(broken_rhythm, start);
          broken_rhythm.clear();
        }
        continue;
      }
      // CHORD: \[(NOTE)+\]
      if (c == '[') {
        std::size_t i = pos + 1;
        int notes = 0;
        for (NoteMatch n = match_note(line, i); n.end != std::string::npos; n = match_note(line, i)) {
          i = n.end;
          ++notes;
        }
        if (notes > 0 && i < line.size() && line[i] == ']') {
          if (!options_.allow_chords) throw error(kCodeChord, "Chords are not supported.", start);
          if (!broken_rhythm.empty()) throw error(kCodeAbcParse, "Cannot apply a broken rhythm to a chord", start);
          pos = add_chord(line, pos, start);
          continue;
        }
        if (options_.allow_chords && options_.merge_ties) {
          // [C-E-G] ties single notes of a chord.
          std::size_t k = pos + 1;
          int members = 0;
          for (NoteMatch n = match_note(line, k); n.end != std::string::npos; n = match_note(line, k)) {
            k = n.end;
            if (k < line.size() && line[k] == '-') ++k;
            ++members;
          }
          if (members > 0 && k < line.size() && line[k] == ']') {
            if (!broken_rhythm.empty()) throw error(kCodeAbcParse, "Cannot apply a broken rhythm to a chord", start);
            pos = add_chord(line, pos, start);
            continue;
          }
        }
      }
      // BROKEN_RHYTHM: (<+|>+)
      if (c == '<' || c == '>') {
        std::size_t i = pos;
        while (i < line.size() && line[i] == c) ++i;
        if (!broken_rhythm.empty()) throw error(kCodeAbcParse, "Cannot specify a broken rhythm twice in a row.", start);
        broken_rhythm = line.substr(pos, i - pos);
        pos = i;
        continue;
      }
      // INLINE_INFORMATION_FIELD: \[([A-Za-z]):\s*([^\]]+)\]
      if (c == '[' && pos + 2 < line.size() && is_letter(line[pos + 1]) && line[pos + 2] == ':') {
        const std::size_t after_colon = pos + 3;
        std::size_t k = after_colon;
        while (k < line.size() && is_space(line[k])) ++k;
        const std::size_t close = line.find(']', k);
        if (close != std::string::npos) {
          std::size_t content_start = k;
          if (close == k && k > after_colon) content_start = k - 1;  // \s* gives one space back
          if (close > content_start) {
            parse_information_field(line[pos + 1], line.substr(content_start, close - content_start), start);
            pos = close + 1;
            continue;
          }
        }
      }
      // BAR_AND_VARIANT_ENDINGS: (:*)[\[\]|]+\s*([0-9,-]+) and BAR_AND_REPEAT_SYMBOLS:
      // (:*)([\[\]|]+)(:*)
      {
        std::size_t i = pos;
        while (i < line.size() && line[i] == ':') ++i;
        const std::size_t colons_before = i - pos;
        const std::size_t bar_start = i;
        while (i < line.size() && (line[i] == '[' || line[i] == ']' || line[i] == '|')) ++i;
        const std::size_t bar_len = i - bar_start;
        if (bar_len > 0) {
          std::size_t k = i;
          while (k < line.size() && is_space(line[k])) ++k;
          if (k < line.size() && (is_digit(line[k]) || line[k] == ',' || line[k] == '-')) {
            std::size_t e = k;
            while (e < line.size() && (is_digit(line[e]) || line[e] == ',' || line[e] == '-')) ++e;
            throw error(kCodeVariantEnding, "Variant ending " + line.substr(pos, e - pos) + " is not supported.", start);
          }
          std::size_t e = i;
          while (e < line.size() && line[e] == ':') ++e;
          pos = e;
          bar(colons_before, bar_len, e - i, start);
          continue;
        }
        if (colons_before > 0) {
          // REPEAT_SYMBOLS: (:+)
          pos = i;
          if (colons_before % 2 != 0) {
            throw error(kCodeRepeatParse,
                        "Colon-only repeats must be divisible by 2: " + std::string(colons_before, ':'), start);
          }
          const int repeats = static_cast<int>(colons_before / 2 + 1);
          repeat(repeats, repeats, start);
          continue;
        }
      }
      // TEXT_ANNOTATION: "([^"]*)"
      if (c == '"') {
        const std::size_t close = line.find('"', pos + 1);
        if (close != std::string::npos) {
          const std::string annotation = line.substr(pos + 1, close - pos - 1);
          auto* ta = ns_.add_text_annotations();
          ta->set_time(current_time_);
          ta->set_text(annotation);
          ta->set_annotation_type(!annotation.empty() && note_to_midi(annotation[0]) >= 0
                                      ? NoteSequence::TextAnnotation::CHORD_SYMBOL
                                      : NoteSequence::TextAnnotation::UNKNOWN);
          pos = close + 1;
          continue;
        }
      }
      // DECORATION [.~HLMOPSTuv], SLUR \((?!\d)|\), TIE -, all ignored; TUPLET \(\d refused.
      if (c == '-' && options_.merge_ties) tie_last_event();
      if (std::string_view(".~HLMOPSTuv").find(c) != std::string_view::npos || c == ')' || c == '-' ||
          (c == '(' && !(pos + 1 < line.size() && is_digit(line[pos + 1])))) {
        ++pos;
        continue;
      }
      if (c == '(') throw error(kCodeTuplet, "Tuplets are not supported.", start);
      // LINE_CONTINUATION: \\$
      if (c == '\\' && pos + 1 == line.size()) {
        ++pos;
        continue;
      }
      if (options_.allow_voices && c == '&') {
        overlay();
        ++pos;
        continue;
      }
      if (options_.allow_rests && (c == 'z' || c == 'x')) {
        begin_event();
        std::size_t i = pos + 1;
        while (i < line.size() && is_digit(line[i])) ++i;
        while (i < line.size() && line[i] == '/') ++i;
        while (i < line.size() && is_digit(line[i])) ++i;
        advance(note_length(line.substr(pos + 1, i - pos - 1), start));
        pos = i;
        continue;
      }
      if (!is_space(c)) {
        const unsigned char u = static_cast<unsigned char>(c);
        std::string shown = u < 0x80 && std::isprint(u) ? std::string(1, c) : "byte " + std::to_string(u);
        throw error(kCodeInvalidCharacter, "Unexpected character: [" + shown + "]", start);
      }
      ++pos;
    }
  }

  void bar(std::size_t colons_before, std::size_t bar_len, std::size_t colons_after, std::size_t column) {
    bar_accidentals_.clear();
    if (cur_->layer > 0) {
      // The bar after an overlay continues from the end of its first layer.
      current_time_ = cur_->first_layer_end_time;
      cur_->layer = 0;
    }
    cur_->bar_start_time = current_time_;
    const bool is_repeat = colons_before > 0 || colons_after > 0;
    if (!is_repeat) {
      // A double bar (||, |], [|) starts a new section outside repeats.
      if (bar_len >= 2 && !current_expected_repeats_ && current_time_ > 0) {
        if (add_section(current_time_)) add_group_of_previous_section(1);
      }
      return;
    }
    const std::optional<int> backward =
        colons_before > 0 ? std::optional<int>(static_cast<int>(colons_before) + 1) : std::nullopt;
    const std::optional<int> forward =
        colons_after > 0 ? std::optional<int>(static_cast<int>(colons_after) + 1) : std::nullopt;
    repeat(backward, forward, column);
  }

  void repeat(std::optional<int> backward, std::optional<int> forward, std::size_t column) {
    if (current_expected_repeats_ && backward != current_expected_repeats_) {
      throw error(kCodeRepeatParse,
                  "Mismatched forward/backward repeat symbols. Expected " + std::to_string(*current_expected_repeats_) +
                      " but got " + (backward ? std::to_string(*backward) : std::string("None")) + ".",
                  column);
    }
    const auto new_section_id = add_section(current_time_);
    if (backward) {
      if (current_time_ == 0) throw error(kCodeRepeatParse, "Cannot have a backward repeat at time 0", column);
      add_group_of_previous_section(*backward);
    } else if (current_time_ > 0 && new_section_id) {
      add_group_of_previous_section(1);
    }
    current_expected_repeats_ = forward;
  }

  void parse_information_field(char name, const std::string& content, std::size_t column) {
    switch (name) {
      case 'C':
        ns_.mutable_sequence_metadata()->add_composers(content);
        if (ns_.sequence_metadata().artist().empty()) ns_.mutable_sequence_metadata()->set_artist(content);
        break;
      case 'K': {
        ErrorLocation where;
        const AbcKey key = [&] {
          try {
            return parse_abc_key(content, source_, where);
          } catch (const Error& e) {
            throw error(e.code(), e.message(), column);
          }
        }();
        accidentals_ = key.accidentals;
        if (!seen_voice_) tune_accidentals_ = key.accidentals;
        if (options_.allow_voices) {
          for (const auto& k : ns_.key_signatures()) {
            if (k.key() == key.proto_key && k.mode() == key.proto_mode && std::abs(k.time() - current_time_) < 1e-6) {
              return;  // the same key written by another voice
            }
          }
        }
        auto* ks = ns_.add_key_signatures();
        ks->set_key(static_cast<NoteSequence::KeySignature::Key>(key.proto_key));
        ks->set_mode(static_cast<NoteSequence::KeySignature::Mode>(key.proto_mode));
        ks->set_time(current_time_);
        break;
      }
      case 'L': {
        const auto slash = content.find('/');
        const auto n = py_int(content.substr(0, slash));
        const auto d = slash == std::string::npos ? std::optional<std::int64_t>(1) : py_int(content.substr(slash + 1));
        if (!n || !d || *d == 0 || std::abs(*n) > (1 << 24) || std::abs(*d) > (1 << 24)) {
          throw error(kCodeAbcParse, "Could not parse unit note length: " + content, column);
        }
        unit_note_length_ = reduce(*n, *d);
        break;
      }
      case 'M': parse_meter(content, column); break;
      case 'P': throw error(kCodePart, "ABC parts are not yet supported.", column);
      case 'Q': parse_tempo(content, column); break;
      case 'T':
        if (!in_header_) break;  // note_seq ignores a title outside the header
        if (ns_.sequence_metadata().title().empty()) ns_.mutable_sequence_metadata()->set_title(content);
        else ns_.mutable_sequence_metadata()->set_title(ns_.sequence_metadata().title() + "; " + content);
        break;
      case 'V':
        if (!options_.allow_voices) throw error(kCodeMultiVoice, "Multi-voice files are not currently supported.", column);
        switch_voice(content);
        break;
      case 'X': {
        const auto x = py_int(content);
        if (!x) throw error(kCodeAbcParse, "Could not parse reference number: " + content, column);
        ns_.set_reference_number(*x);
        break;
      }
      default: break;  // A B D F G H I m N O R r S s U W w Z and unknown fields are ignored
    }
  }

  void parse_meter(const std::string& content, std::size_t column) {
    std::string upper = content;
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const auto add = [&](int n, int d) {
      if (options_.allow_voices) {
        for (const auto& t : ns_.time_signatures()) {
          if (t.numerator() == n && t.denominator() == d && std::abs(t.time() - current_time_) < 1e-6) return;
        }
      }
      auto* ts = ns_.add_time_signatures();
      ts->set_numerator(n);
      ts->set_denominator(d);
      ts->set_time(current_time_);
    };
    if (upper == "C") return add(4, 4);
    if (upper == "C|") return add(2, 2);
    if (upper == "NONE") return;
    const auto slash = content.find('/');
    if (slash == std::string::npos) throw error(kCodeAbcParse, "Could not parse meter: " + content, column);
    const auto n = py_int(content.substr(0, slash));
    const auto d = py_int(content.substr(slash + 1));
    if (!n || !d || std::abs(*n) > (1 << 24) || std::abs(*d) > (1 << 24)) {
      throw error(kCodeAbcParse, "Could not parse meter: " + content, column);
    }
    add(static_cast<int>(*n), static_cast<int>(*d));
  }

  void parse_tempo(const std::string& content, std::size_t column) {
    std::optional<Frac> unit;
    std::int64_t rate = 0;
    const auto bad = [&] { return error(kCodeAbcParse, "Could not parse tempo: " + content, column); };
    const auto digits = [&](std::size_t& i) {
      const std::size_t s = i;
      while (i < content.size() && is_digit(content[i])) ++i;
      return i > s;
    };
    // TEMPO_PATTERN: (?:"[^"]*")?\s*((?:\d+/\d+\s*)+)\s*=\s*(\d+)
    bool matched = false;
    {
      std::size_t i = 0;
      if (!content.empty() && content[0] == '"') {
        const auto close = content.find('"', 1);
        if (close != std::string::npos) i = close + 1;
      }
      while (i < content.size() && is_space(content[i])) ++i;
      Frac sum{0, 1};
      int beats = 0;
      for (;;) {
        std::size_t j = i;
        const std::size_t num_start = j;
        if (!digits(j) || j >= content.size() || content[j] != '/') break;
        const std::size_t num_end = j++;
        const std::size_t den_start = j;
        if (!digits(j)) break;
        const auto n = py_int(content.substr(num_start, num_end - num_start));
        const auto d = py_int(content.substr(den_start, j - den_start));
        if (!n || !d || *d == 0 || *n > (1 << 24) || *d > (1 << 24)) throw bad();
        sum = reduce(sum.num * *d + *n * sum.den, sum.den * *d);
        ++beats;
        while (j < content.size() && is_space(content[j])) ++j;
        i = j;
      }
      if (beats > 0) {
        while (i < content.size() && is_space(content[i])) ++i;
        if (i < content.size() && content[i] == '=') {
          ++i;
          while (i < content.size() && is_space(content[i])) ++i;
          const std::size_t r = i;
          if (digits(i)) {
            const auto v = py_int(content.substr(r, i - r));
            if (!v || *v > (1 << 24)) throw bad();
            rate = *v;
            unit = sum;
            matched = true;
          }
        }
      }
    }
    if (!matched) {
      // TEMPO_DEPRECATED_PATTERN: C?\s*=?\s*(\d+)$ (the rate is in unit note lengths).
      std::size_t i = 0;
      if (i < content.size() && content[i] == 'C') ++i;
      while (i < content.size() && is_space(content[i])) ++i;
      if (i < content.size() && content[i] == '=') ++i;
      while (i < content.size() && is_space(content[i])) ++i;
      const std::size_t r = i;
      if (digits(i) && i == content.size()) {
        const auto v = py_int(content.substr(r));
        if (!v || *v > (1 << 24)) throw bad();
        rate = *v;
        matched = true;
      }
    }
    if (!matched) {
      // TEMPO_PATTERN_STRING_ONLY: "([^"]*)"$ is ignored (note_seq logs a warning).
      if (content.size() >= 2 && content[0] == '"' && content.find('"', 1) == content.size() - 1) return;
      throw bad();
    }
    if (in_header_) {
      header_tempo_unit_ = unit;
      header_tempo_rate_ = rate;
    } else {
      add_tempo(unit, rate);
    }
  }

  // One V: voice (allow_voices), or the only voice; the live clock and accidentals of the
  // current voice are current_time_, accidentals_ and bar_accidentals_.
  struct Voice {
    double time = 0;
    double bar_start_time = 0;
    double first_layer_end_time = 0;
    int layer = 0;  // overlay layer: the number of & since the last bar line
    std::map<char, int> accidentals;
    std::map<char, int> bar_accidentals;
    int instrument = -1;  // given at first appearance
    int program = 0;
    bool is_drum = false;
    std::map<int, std::map<int, int>> ties;  // layer -> pitch -> note waiting for its continuation
    std::vector<int> last_event;             // notes of the last note or chord
  };

  const std::string& source_;
  const AbcReadOptions& options_;
  std::map<std::string, Voice> voices_;
  Voice* cur_ = nullptr;
  bool seen_voice_ = false;
  int next_instrument_ = 0;
  std::map<int, int> waiting_ties_;
  std::map<char, int> tune_accidentals_;
  const AbcLine* line_ = nullptr;
  std::size_t base_offset_ = 0;
  NoteSequence ns_;
  double current_time_ = 0;
  std::map<char, int> accidentals_;
  std::map<char, int> bar_accidentals_;
  std::optional<Frac> unit_note_length_;
  std::optional<int> current_expected_repeats_;
  int current_velocity_ = 90;  // DECORATION_TO_VELOCITY['!mf!']
  bool in_header_ = true;
  std::optional<Frac> header_tempo_unit_;
  std::optional<std::int64_t> header_tempo_rate_;
};

}  // namespace

NoteSequence parse_abc_tune(const std::vector<AbcLine>& lines, const std::string& source,
                            const AbcReadOptions& options) {
  return Tune(source, options).run(lines);
}

}  // namespace stochos::scoreio::detail
