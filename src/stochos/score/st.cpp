// SPDX-License-Identifier: GPL-3.0-or-later
// Xenakis's ST program (Formalized Music ch. V); see st.h for the phases and the sources.
#include "stochos/score/st.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/score/algorithms.h"
#include "stochos/stochastic/distribution_laws.h"
#include "stochos/stochastic/processes.h"

namespace stochos::score {
namespace {

// The book's four dynamic marks (ch. V, phase 8: forms built from ppp, p, f, ff) as velocities.
constexpr int kMarkVelocity[4] = {22, 50, 90, 112};

// MIDI controllers of the registered parameter "pitch bend sensitivity" (RPN 0; MIDI 1.0
// Detailed Specification, "Registered Parameter Numbers"): select it, set the range, then
// select the null RPN so that a stray data entry cannot change it.
void add_bend_range(magenta::NoteSequence& out, int instrument, int program, int semitones) {
  const int controls[6][2] = {{101, 0}, {100, 0}, {6, semitones}, {38, 0}, {101, 127}, {100, 127}};
  for (const auto& [number, value] : controls) {
    auto* cc = out.add_control_changes();
    cc->set_time(0.0);
    cc->set_control_number(number);
    cc->set_control_value(value);
    cc->set_instrument(instrument);
    cc->set_program(program);
  }
}

// std::lround without the library call (it was 2 % of the preset's time): halves away from
// zero, the same integer for every finite x of magnitude below 2^52 (pitches and bends here).
long round_half_away(double x) {
  const long whole = static_cast<long>(x);  // truncates toward zero, like std::trunc
  const double rest = x - static_cast<double>(whole);  // exact, in (-1, 1)
  // 2 * rest is exact too, and truncates to 1 exactly when rest >= 0.5, to -1 when rest <= -0.5.
  return whole + static_cast<long>(2.0 * rest);
}

// Appends messages to a repeated field of the sequence: first the messages a cleared field
// keeps for reuse, then new ones made on the sequence's arena (or the heap if it has none)
// and handed over inline. field.Add() gives the same, but finishes in an out-of-line
// libprotobuf call; this saves that call for each of the tens of thousands of notes and
// bends of a long piece.
template <class Message>
class Appender {
 public:
  Appender(google::protobuf::RepeatedPtrField<Message>& field, google::protobuf::Arena* arena)
      : field_(field), arena_(arena), reusable_(field.ClearedCount()) {}
  Message* operator()() {
    if (reusable_ > 0) {
      --reusable_;
      return field_.Add();
    }
    Message* message = google::protobuf::Arena::CreateMessage<Message>(arena_);
    field_.UnsafeArenaAddAllocated(message);
    return message;
  }

 private:
  google::protobuf::RepeatedPtrField<Message>& field_;
  google::protobuf::Arena* arena_;
  int reusable_;
};

struct Flat {
  int timbre_class;
  const StInstrument* instrument;
};

// A note of the piece before it becomes a message: ST's notes are made, cut and separated
// as plain values and written once, so no message is built for a note that is dropped.
struct NoteSpan {
  double start_seconds, end_seconds;
  int pitch, velocity, instrument;
  double exact_pitch, glissando_semitones_per_second;  // the event's, for the bends
  bool keep = true;
};

// separate_repeated_notes (algorithms.h) for ST's notes, which come in onset order and whose
// instrument index fixes program and drum flag: the same cuts and removals, on plain values
// instead of sorting messages and keeping a map of tracks, which cost more than composing the
// piece (bench/stochastic_bench.cpp, BM_StPreset). Returns false, doing nothing, for notes out
// of onset order (never today: sections and Poisson onsets only move on).
bool separate_repeated_st_notes(std::vector<NoteSpan>& spans, std::size_t instruments) {
  const auto by_start = [](const NoteSpan& a, const NoteSpan& b) { return a.start_seconds < b.start_seconds; };
  if (!std::is_sorted(spans.begin(), spans.end(), by_start)) return false;
  std::vector<int> sounding(instruments * 128, -1);  // (instrument, key) -> index of its latest note
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (!spans[i].keep) continue;  // a sliver, dropped already
    int& latest = sounding[static_cast<std::size_t>(spans[i].instrument) * 128 +
                           static_cast<std::size_t>(spans[i].pitch)];
    if (latest >= 0) {
      NoteSpan& previous = spans[static_cast<std::size_t>(latest)];
      previous.end_seconds = std::min(previous.end_seconds, spans[i].start_seconds);
      if (previous.end_seconds - previous.start_seconds < 0.02) previous.keep = false;
    }
    latest = static_cast<int>(i);
  }
  return true;
}

// The pitch bends of one gliding instrument's notes, appended to the sequence in time order
// (its notes do not overlap). The sequence's bends are so grouped by instrument, each group
// in time order: the order note_seq's MIDI reader gives, and the order ST's MIDI file reads
// back in. Each bend starts at the fraction left by rounding and moves at the note's speed,
// clamped to the bend range (a glide beyond it holds at the edge).
void add_bend_run(const std::vector<std::uint32_t>& notes, const std::vector<NoteSpan>& spans, int instrument,
                  int program, const StParams& params, magenta::NoteSequence& out) {
  const double range = params.bend_range_semitones;
  const double units_per_semitone = 8192.0 / range;
  const double step = 1.0 / params.bend_rate_hz;
  // Held at the range's edges, rounded half away from zero, within [-8192, 8191]: clamping
  // in bend units first gives the same integers as clamping in semitones, rounding and
  // clamping again, with two branch-free instructions instead of four compares.
  const auto bend_of = [&](double semis) {
    return static_cast<int>(round_half_away(std::min(std::max(semis * units_per_semitone, -8192.0), 8191.0)));
  };
  Appender<magenta::NoteSequence::PitchBend> append(*out.mutable_pitch_bends(), out.GetArena());
  const auto add = [&](double time, int value) {
    auto* b = append();
    b->set_time(time);
    b->set_bend(value);
    b->set_instrument(instrument);
    b->set_program(program);
  };
  for (const std::uint32_t i : notes) {
    const NoteSpan& span = spans[i];
    const double offset = span.exact_pitch - span.pitch, speed = span.glissando_semitones_per_second;
    if (speed == 0.0) {  // a held pitch needs one bend, at the onset
      add(span.start_seconds, bend_of(offset));
      continue;
    }
    // Times by repeated addition of the step, as the bends have always been timed.
    for (double bt = span.start_seconds; bt < span.end_seconds; bt += step)
      add(bt, bend_of(offset + speed * (bt - span.start_seconds)));
  }
}

}  // namespace

std::vector<StTimbreClass> StParams::default_classes() {
  // After ST/10's ensemble (clarinet, bass clarinet, two horns, harp, percussion, string
  // quartet), grouped into classes by playing technique as the book groups its timbres.
  std::vector<StTimbreClass> c;
  c.push_back(
      {"percussion",
       0.30,
       0.10,
       {{"tom-toms", 0, true, 41, 50, 0.6, false, 1.0}, {"wood blocks", 0, true, 76, 77, 0.3, false, 0.7}}});
  c.push_back({"pizzicato",
               0.15,
               0.35,
               {{"violin pizz.", 45, false, 55, 93, 0.8, false, 1.0},
                {"cello pizz.", 45, false, 36, 69, 1.0, false, 0.8}}});
  c.push_back({"glissando",
               0.25,
               0.25,
               {{"violin gliss.", 40, false, 55, 96, 5.0, true, 1.0},
                {"viola gliss.", 41, false, 48, 84, 5.0, true, 0.8},
                {"cello gliss.", 42, false, 36, 72, 5.0, true, 1.0}}});
  c.push_back({"winds",
               0.20,
               0.15,
               {{"clarinet", 71, false, 50, 89, 4.0, false, 1.0},
                {"bass clarinet", 71, false, 34, 70, 4.0, false, 0.8},
                {"horn", 60, false, 34, 77, 5.0, false, 1.0}}});
  c.push_back({"harp", 0.10, 0.15, {{"harp", 46, false, 24, 103, 3.0, false, 1.0}}});
  return c;
}

void StParams::check() const {
  auto positive_below = [](double v, double max, const char* name) {
    if (!(v > 0.0) || !(v <= max))
      throw Error::usage(std::string("st: ") + name + " must be in (0, " + std::to_string(max) + "], got " +
                         std::to_string(v));
  };
  positive_below(duration_seconds, kMaxStSeconds, "duration_seconds");
  positive_below(mean_section_seconds, kMaxStSeconds, "mean_section_seconds (A)");
  if (mean_section_seconds < 0.1) throw Error::usage("st: mean_section_seconds (A) must be at least 0.1 s");
  positive_below(v3_min_density_hz, kMaxStDensityHz, "v3_min_density_hz (V3)");
  positive_below(v4_max_density_hz, kMaxStDensityHz, "v4_max_density_hz (V4)");
  if (v3_min_density_hz > v4_max_density_hz)
    throw Error::usage("st: V3 (minimum density) exceeds V4 (maximum density)");
  if (!(v4_max_density_hz * duration_seconds <= 2e6))
    throw Error::usage("st: V4 x duration exceeds 2,000,000 expected events; shorten the piece or lower V4");
  for (double s : {glissando_sigma_at_v3, glissando_sigma_at_v4})
    if (!(s >= 0.0 && s <= 96.0))
      throw Error::usage("st: glissando sigma must be in [0, 96] semitones per second");
  positive_below(duration_factor, 1000.0, "duration_factor");
  if (bend_range_semitones < 1 || bend_range_semitones > 24)
    throw Error::usage("st: bend_range_semitones must be in 1..24");
  positive_below(bend_rate_hz, 200.0, "bend_rate_hz");
  if (classes.empty()) throw Error::usage("st: the orchestra has no timbre class");
  int melodic = 0;
  double class_weight_v3 = 0, class_weight_v4 = 0;
  for (const auto& c : classes) {
    if (!(c.probability_at_v3 >= 0) || !(c.probability_at_v4 >= 0) ||
        !std::isfinite(c.probability_at_v3 + c.probability_at_v4))
      throw Error::usage("st: class '" + c.name + "' has a negative or infinite probability");
    class_weight_v3 += c.probability_at_v3;
    class_weight_v4 += c.probability_at_v4;
    if (c.instruments.empty()) throw Error::usage("st: class '" + c.name + "' has no instrument");
    double w = 0;
    for (const auto& i : c.instruments) {
      if (i.lowest_pitch < 0 || i.highest_pitch > 127 || i.lowest_pitch > i.highest_pitch)
        throw Error::usage("st: instrument '" + i.name + "' needs 0 <= lowest_pitch <= highest_pitch <= 127");
      if (i.program < 0 || i.program > 127)
        throw Error::usage("st: instrument '" + i.name + "' has a program outside 0..127");
      positive_below(i.max_duration_seconds, 600.0, "max_duration_seconds");
      if (!(i.weight >= 0) || !std::isfinite(i.weight))
        throw Error::usage("st: instrument '" + i.name + "' has a bad weight");
      if (i.glissando && i.is_drum) throw Error::usage("st: drum instrument '" + i.name + "' cannot glide");
      w += i.weight;
      melodic += i.is_drum ? 0 : 1;
    }
    if (!(w > 0)) throw Error::usage("st: class '" + c.name + "' has instruments of zero total weight");
  }
  if (!(class_weight_v3 > 0) || !(class_weight_v4 > 0))
    throw Error::usage("st: the class probabilities sum to zero");
  // One MIDI channel per melodic instrument, channel 10 being the drums'.
  if (melodic > 15)
    throw Error::usage("st: at most 15 melodic instruments fit the MIDI channels, got " +
                       std::to_string(melodic));
}

void compose_st_into(magenta::NoteSequence& out, const StParams& params, const core::Rng& rng, StTrace* trace) {
  params.check();
  StTrace local;
  StTrace& tr = trace ? *trace : local;
  tr = {};
  std::vector<Flat> flat;
  std::vector<double> class_weight(params.classes.size(), 0.0);  // the sum of its instruments' weights
  for (std::size_t c = 0; c < params.classes.size(); ++c)
    for (const auto& i : params.classes[c].instruments) {
      flat.push_back({static_cast<int>(c), &i});
      class_weight[c] += i.weight;
    }

  out.Clear();
  out.set_ticks_per_quarter(220);
  out.add_tempos()->set_qpm(60.0);  // one beat a second: ST's times are seconds
  auto* ts = out.add_time_signatures();
  ts->set_numerator(4);
  ts->set_denominator(4);
  for (std::size_t k = 0; k < flat.size(); ++k) {
    auto* info = out.add_instrument_infos();
    info->set_instrument(static_cast<int>(k));
    info->set_name(flat[k].instrument->name);
    if (flat[k].instrument->glissando)
      add_bend_range(out, static_cast<int>(k), flat[k].instrument->program, params.bend_range_semitones);
  }

  // One named stream per phase: changing one law never shifts the draws of another.
  core::Rng r_section = rng.stream("st/section_duration"), r_density = rng.stream("st/density"),
            r_onset = rng.stream("st/onsets"), r_class = rng.stream("st/timbre"),
            r_pitch = rng.stream("st/pitch"), r_gliss = rng.stream("st/glissando"),
            r_duration = rng.stream("st/duration"), r_dynamic = rng.stream("st/dynamics");
  const double log_v3 = std::log(params.v3_min_density_hz), log_v4 = std::log(params.v4_max_density_hz);
  const double log_width = log_v4 - log_v3;
  // Phases 1-3, section by section. They draw from their own streams, so making every section
  // before any note gives the same piece and lets the events be reserved at once.
  double log_density = log_v3 + log_width * r_density.uniform01();  // first section: uniform
  const stochastic::Exponential section_law(1.0 / params.mean_section_seconds);  // phase 1
  double expected_events = 0;
  std::vector<double> section_where;  // each section's place between V3 (0) and V4 (1), log scale
  for (double t = 0.0; t < params.duration_seconds;) {
    const double length = std::min(section_law.sample(r_section), params.duration_seconds - t);
    if (!tr.sections.empty() && log_width > 0) {
      // Phase 2 (our reading of the book's logarithmic rule): |step| ~ linear law on the
      // log range, so small changes of density are likelier than large ones.
      const double step = stochastic::Linear(log_width).sample(r_density);
      const double sign = r_density.uniform01() < 0.5 ? -1.0 : 1.0;
      log_density = stochastic::reflect_into(log_density + sign * step, log_v3, log_v4);
    }
    const double density =
        std::clamp(std::exp(log_density), params.v3_min_density_hz, params.v4_max_density_hz);
    const double where = log_width > 0 ? (log_density - log_v3) / log_width : 0.0;
    // Phase 3: class probabilities interpolated at the section's log-density.
    std::vector<double> class_p;
    double sum = 0;
    for (const auto& c : params.classes) {
      class_p.push_back(c.probability_at_v3 + where * (c.probability_at_v4 - c.probability_at_v3));
      sum += class_p.back();
    }
    for (double& p : class_p) p /= sum;
    tr.sections.push_back({t, length, density, std::move(class_p)});
    section_where.push_back(where);
    expected_events += density * length;
    t += length;
  }
  const auto most_events = static_cast<std::size_t>(expected_events + 4 * std::sqrt(expected_events) + 16);
  if (trace) tr.events.reserve(most_events);
  // Each event becomes a note at once (a sliver is dropped after). A gliding instrument plays
  // one note at a time (pitch bend is per channel): its note ends when its next one starts.
  std::vector<NoteSpan> spans;
  spans.reserve(most_events);
  std::vector<std::size_t> open_glide(flat.size(), SIZE_MAX);  // per instrument, its note still gliding

  for (std::size_t section = 0; section < tr.sections.size(); ++section) {
    const StTrace::Section& s = tr.sections[section];
    const double where = section_where[section];
    // Phase 5's two choices, a class and then an instrument of it, as one draw from their
    // joint law: P(instrument i of class c) = P(c) x weight(i) / weight(c).
    std::vector<double> joint;
    for (const Flat& f : flat) {
      const auto c = static_cast<std::size_t>(f.timbre_class);
      joint.push_back(s.class_probabilities[c] * f.instrument->weight / class_weight[c]);
    }
    const stochastic::Discrete instrument_law(std::move(joint));
    const double sigma =
        params.glissando_sigma_at_v3 + where * (params.glissando_sigma_at_v4 - params.glissando_sigma_at_v3);
    const stochastic::Exponential duration_law(s.density_hz / params.duration_factor);
    // Phase 4: a Poisson process of rate D_i, onsets relative to the section: exponential
    // inter-onset times, drawn one by one as the notes are made (no list of onsets).
    const stochastic::Exponential gap_law(s.density_hz);
    for (double onset = gap_law.sample(r_onset); onset < s.duration_seconds; onset += gap_law.sample(r_onset)) {
      StTrace::Event e;
      e.section = static_cast<int>(section);
      e.onset_seconds = s.start_seconds + onset;
      e.instrument = static_cast<int>(instrument_law.sample_index(r_class));  // phase 5
      e.timbre_class = flat[static_cast<std::size_t>(e.instrument)].timbre_class;
      const StInstrument& inst = *flat[static_cast<std::size_t>(e.instrument)].instrument;
      // Phase 6: a uniform point of the range; successive intervals then follow the linear law.
      // A drum key is the floor of a uniform point of [lowest, highest + 1): one draw and no
      // division (its bias, below 2^-45 for 128 keys, is far under any test's reach).
      const double u = r_pitch.uniform01();
      e.pitch = inst.is_drum ? std::min<double>(inst.highest_pitch,
                                                inst.lowest_pitch + static_cast<int>((inst.highest_pitch - inst.lowest_pitch + 1) * u))
                             : inst.lowest_pitch + (inst.highest_pitch - inst.lowest_pitch) * u;
      // Phase 7: Gaussian glissando speed (drawn for every note so streams stay aligned).
      const double speed = sigma * stochastic::detail::standard_normal(r_gliss);
      e.glissando_semitones_per_second = inst.glissando ? speed : 0.0;
      // Phase 8: duration (our reading: mean inversely proportional to density) and dynamics.
      e.duration_seconds = std::clamp(duration_law.sample(r_duration), 0.05, inst.max_duration_seconds);
      // The three marks from three pairs of bits of one draw: each uniform on 4, independent.
      const std::uint64_t marks = r_dynamic.next_u64();
      for (int m = 0; m < 3; ++m) e.dynamic_form[m] = static_cast<int>((marks >> (2 * m)) & 3);

      std::size_t& glide = open_glide[static_cast<std::size_t>(e.instrument)];
      if (glide != SIZE_MAX) spans[glide].end_seconds = std::min(spans[glide].end_seconds, e.onset_seconds);
      glide = inst.glissando ? spans.size() : SIZE_MAX;
      const int key = std::clamp(static_cast<int>(round_half_away(e.pitch)), inst.lowest_pitch, inst.highest_pitch);
      spans.push_back({e.onset_seconds, std::min(e.onset_seconds + e.duration_seconds, params.duration_seconds), key,
                       kMarkVelocity[e.dynamic_form[0]], e.instrument, e.pitch, e.glissando_semitones_per_second});
      if (trace) tr.events.push_back(e);
    }
  }
  std::vector<std::vector<std::uint32_t>> glides(flat.size());  // per instrument, its gliding notes
  for (std::size_t k = 0; k < spans.size(); ++k) {
    NoteSpan& span = spans[k];
    span.keep = span.end_seconds - span.start_seconds >= 0.02;  // a sliver would round to zero MIDI ticks
    if (span.keep && flat[static_cast<std::size_t>(span.instrument)].instrument->glissando)
      glides[static_cast<std::size_t>(span.instrument)].push_back(static_cast<std::uint32_t>(k));
  }
  // A gliding note never overlaps its instrument's next one, so the separation leaves it, and
  // its bends, as they are.
  const bool separated = separate_repeated_st_notes(spans, flat.size());

  double total = 0;
  out.mutable_notes()->Reserve(static_cast<int>(spans.size()));
  Appender<magenta::NoteSequence::Note> append_note(*out.mutable_notes(), out.GetArena());
  for (const NoteSpan& span : spans) {
    if (!span.keep) continue;
    const StInstrument& inst = *flat[static_cast<std::size_t>(span.instrument)].instrument;
    auto* n = append_note();
    n->set_pitch(span.pitch);
    n->set_velocity(span.velocity);
    n->set_start_time(span.start_seconds);
    n->set_end_time(span.end_seconds);
    n->set_instrument(span.instrument);
    n->set_program(inst.program);
    n->set_is_drum(inst.is_drum);
    total = std::max(total, span.end_seconds);
  }
  double most_bends = 0;  // an upper bound, to reserve the messages' pointers once
  for (const auto& notes : glides)
    for (const std::uint32_t n : notes)
      most_bends += (spans[n].end_seconds - spans[n].start_seconds) * params.bend_rate_hz + 2;
  out.mutable_pitch_bends()->Reserve(static_cast<int>(most_bends));
  for (std::size_t i = 0; i < glides.size(); ++i)
    add_bend_run(glides[i], spans, static_cast<int>(i), flat[i].instrument->program, params, out);
  if (!separated) {
    separate_repeated_notes(out);
    total = 0;
    for (const auto& n : out.notes()) total = std::max(total, n.end_time());
  }
  out.set_total_time(total);
}

magenta::NoteSequence compose_st(const StParams& params, const core::Rng& rng, StTrace* trace) {
  magenta::NoteSequence out;
  compose_st_into(out, params, rng, trace);
  return out;
}

}  // namespace stochos::score
