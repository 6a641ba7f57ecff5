// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/scoreio/notation.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "stochos/core/error.h"
#include "stochos/notesequence/quantize.h"

namespace stochos::scoreio {
namespace {

using magenta::NoteSequence;

// Position in quarter notes of `seconds` under the tempo map (an implicit 120 qpm holds until
// the first tempo, as note_seq assumes).
class TempoMap {
 public:
  explicit TempoMap(const NoteSequence& s) {
    for (const auto& t : s.tempos()) {
      if (t.qpm() > 0) changes_.emplace_back(t.time(), t.qpm());
    }
    std::stable_sort(changes_.begin(), changes_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    if (changes_.empty() || changes_.front().first > 0) changes_.insert(changes_.begin(), {0.0, 120.0});
  }
  double first_qpm() const {
    // The last tempo at time 0 wins, as note_seq's quantizer keeps one tempo at 0.
    double qpm = changes_.front().second;
    for (const auto& [time, q] : changes_) {
      if (time <= 0) qpm = q;
    }
    return qpm;
  }
  double quarters(double seconds) const {
    double q = 0;
    for (std::size_t i = 0; i < changes_.size(); ++i) {
      const double begin = std::max(changes_[i].first, 0.0);
      const double end = i + 1 < changes_.size() ? changes_[i + 1].first : seconds;
      if (seconds <= begin) break;
      q += (std::min(end, seconds) - begin) * changes_[i].second / 60.0;
    }
    return q;
  }

 private:
  std::vector<std::pair<double, double>> changes_;
};

std::int64_t step_of(double quarters, int spq) { return notesequence::quantize_to_step(quarters, spq); }

}  // namespace

NoteSequence quantize_for_notation(const NoteSequence& sequence, const NotationOptions& options) {
  if (notesequence::is_relative_quantized_sequence(sequence)) return sequence;
  const int spq = options.steps_per_quarter;
  if (spq <= 0) throw Error::usage("steps per quarter must be positive");
  const TempoMap map(sequence);
  const double qpm = map.first_qpm();
  const double seconds_per_step = 60.0 / qpm / spq;
  NoteSequence out = sequence;
  out.clear_tempos();
  auto* tempo = out.add_tempos();
  tempo->set_qpm(qpm);
  out.mutable_quantization_info()->set_steps_per_quarter(spq);
  std::int64_t total = 0;
  for (auto& n : *out.mutable_notes()) {
    const std::int64_t start = step_of(map.quarters(n.start_time()), spq);
    std::int64_t end = step_of(map.quarters(n.end_time()), spq);
    if (end <= start) end = start + 1;  // note_seq keeps every note at least one step long
    n.set_quantized_start_step(start);
    n.set_quantized_end_step(end);
    n.set_start_time(static_cast<double>(start) * seconds_per_step);
    n.set_end_time(static_cast<double>(end) * seconds_per_step);
    total = std::max(total, end);
  }
  for (auto& t : *out.mutable_time_signatures()) {
    t.set_time(static_cast<double>(step_of(map.quarters(t.time()), spq)) * seconds_per_step);
  }
  for (auto& k : *out.mutable_key_signatures()) {
    k.set_time(static_cast<double>(step_of(map.quarters(k.time()), spq)) * seconds_per_step);
  }
  for (auto& ta : *out.mutable_text_annotations()) {
    const std::int64_t step = step_of(map.quarters(ta.time()), spq);
    ta.set_quantized_step(step);
    ta.set_time(static_cast<double>(step) * seconds_per_step);
  }
  out.set_total_quantized_steps(total);
  out.set_total_time(static_cast<double>(total) * seconds_per_step);
  return out;
}

namespace {

struct Chord {
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::vector<int> pitches;
};

void add_span(std::vector<NotationEvent>& events, std::int64_t steps, const std::vector<int>& pitches, bool tie_in,
              bool tie_out) {
  NotationEvent e;
  e.duration_steps = steps;
  e.pitches = pitches;
  e.tie_stop = tie_in;
  e.tie_start = tie_out;
  events.push_back(std::move(e));
}

}  // namespace

NotationScore layout_notation(const NoteSequence& sequence, const NotationOptions& options) {
  const NoteSequence q = quantize_for_notation(sequence, options);
  NotationScore score;
  score.steps_per_quarter = q.quantization_info().steps_per_quarter();
  score.qpm = q.tempos_size() > 0 ? q.tempos(0).qpm() : 120.0;
  score.title = q.sequence_metadata().title();
  for (const auto& c : q.sequence_metadata().composers()) score.composers.push_back(c);
  const int spq = score.steps_per_quarter;
  const double steps_per_second = notesequence::steps_per_quarter_to_steps_per_second(spq, score.qpm);
  const auto to_step = [&](double seconds) { return notesequence::quantize_to_step(seconds, steps_per_second); };

  // Time signatures by step; the last one written at a step wins; 4/4 until the first.
  std::map<std::int64_t, std::pair<int, int>> signatures;
  for (const auto& t : q.time_signatures()) {
    if (t.numerator() <= 0 || t.denominator() <= 0) continue;
    signatures[std::max<std::int64_t>(0, to_step(t.time()))] = {t.numerator(), t.denominator()};
  }
  if (!signatures.count(0)) signatures[0] = {4, 4};
  std::map<std::int64_t, std::pair<int, int>> keys;
  for (const auto& k : q.key_signatures()) keys[std::max<std::int64_t>(0, to_step(k.time()))] = {k.key(), k.mode()};
  if (!keys.count(0)) keys[0] = {0, 0};

  std::int64_t end_step = std::max<std::int64_t>(1, q.total_quantized_steps());
  for (const auto& n : q.notes()) end_step = std::max(end_step, n.quantized_end_step());

  // Measures, shared by every part.
  std::vector<NotationMeasure> measures;
  std::pair<int, int> previous_signature{0, 0};
  std::pair<int, int> previous_key{-1, -1};
  for (std::int64_t pos = 0; pos < end_step;) {
    auto it = std::prev(signatures.upper_bound(pos));
    const auto [num, den] = it->second;
    const std::int64_t whole = static_cast<std::int64_t>(num) * 4 * spq;
    if (whole % den != 0) {
      throw Error::unsupported({}, "time signature " + std::to_string(num) + "/" + std::to_string(den) +
                                       " is not a whole number of steps at " + std::to_string(spq) +
                                       " steps per quarter");
    }
    std::int64_t length = whole / den;
    const auto next = std::next(it);
    if (next != signatures.end()) length = std::min(length, next->first - pos);
    NotationMeasure m;
    m.start_step = pos;
    m.length_steps = length;
    m.numerator = num;
    m.denominator = den;
    m.time_signature_change = it->second != previous_signature;
    previous_signature = it->second;
    const auto key = std::prev(keys.lower_bound(pos + length))->second;
    m.key = key.first;
    m.mode = key.second;
    m.key_change = key != previous_key;
    previous_key = key;
    measures.push_back(m);
    pos += length;
  }

  std::map<std::tuple<bool, int, int>, std::vector<const NoteSequence::Note*>> groups;
  for (const auto& n : q.notes()) groups[{n.is_drum(), n.instrument(), n.program()}].push_back(&n);
  std::map<int, std::string> instrument_names;
  for (const auto& info : q.instrument_infos()) instrument_names[info.instrument()] = info.name();
  for (const auto& [key, notes] : groups) {
    NotationPart part;
    std::tie(part.is_drum, part.instrument, part.program) = key;
    const auto name = instrument_names.find(part.instrument);
    part.name = name != instrument_names.end() && !name->second.empty()
                    ? name->second
                    : (part.is_drum ? std::string("Drums") : "Instrument " + std::to_string(part.instrument));
    // Chords: notes with the same start and end steps; then voices, each a chain of chords.
    std::map<std::pair<std::int64_t, std::int64_t>, Chord> chords;
    for (const auto* n : notes) {
      Chord& c = chords[{n->quantized_start_step(), n->quantized_end_step()}];
      c.start = n->quantized_start_step();
      c.end = n->quantized_end_step();
      if (std::find(c.pitches.begin(), c.pitches.end(), n->pitch()) == c.pitches.end()) c.pitches.push_back(n->pitch());
    }
    std::vector<std::vector<Chord>> voices;
    std::vector<std::int64_t> voice_ends;
    for (auto& [span, chord] : chords) {
      std::sort(chord.pitches.begin(), chord.pitches.end());
      std::size_t v = 0;
      while (v < voices.size() && voice_ends[v] > chord.start) ++v;
      if (v == voices.size()) {
        voices.emplace_back();
        voice_ends.push_back(0);
      }
      voices[v].push_back(chord);
      voice_ends[v] = chord.end;
    }
    if (voices.empty()) voices.emplace_back();
    std::vector<std::size_t> cursor(voices.size(), 0);
    for (NotationMeasure m : measures) {
      const std::int64_t mend = m.start_step + m.length_steps;
      for (std::size_t v = 0; v < voices.size(); ++v) {
        NotationVoice out;
        out.voice = static_cast<int>(v) + 1;
        std::int64_t pos = m.start_step;
        std::size_t i = cursor[v];
        while (i < voices[v].size() && voices[v][i].end <= m.start_step) ++i;
        cursor[v] = i;
        for (; i < voices[v].size() && voices[v][i].start < mend; ++i) {
          const Chord& c = voices[v][i];
          const std::int64_t s = std::max(c.start, m.start_step);
          const std::int64_t e = std::min(c.end, mend);
          if (s > pos) add_span(out.events, s - pos, {}, false, false);
          add_span(out.events, e - s, c.pitches, c.start < m.start_step, c.end > mend);
          pos = e;
        }
        if (v == 0) {
          if (out.events.empty()) {
            NotationEvent rest;
            rest.duration_steps = m.length_steps;
            rest.whole_measure_rest = true;
            out.events.push_back(rest);
          } else if (pos < mend) {
            add_span(out.events, mend - pos, {}, false, false);
          }
        }
        if (!out.events.empty()) m.voices.push_back(std::move(out));
      }
      part.measures.push_back(std::move(m));
    }
    score.parts.push_back(std::move(part));
  }
  if (score.parts.empty()) {
    NotationPart part;
    part.name = "Instrument 0";
    for (NotationMeasure m : measures) {
      NotationVoice v;
      NotationEvent rest;
      rest.duration_steps = m.length_steps;
      rest.whole_measure_rest = true;
      v.events.push_back(rest);
      m.voices.push_back(v);
      part.measures.push_back(std::move(m));
    }
    score.parts.push_back(std::move(part));
  }
  return score;
}

}  // namespace stochos::scoreio
