// SPDX-License-Identifier: GPL-3.0-or-later
// Xenakis's ST program (Formalized Music ch. V); see st.h for the phases and the sources.
#include "stochos/score/st.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "stochos/core/error.h"
#include "stochos/score/detail/generated_sequence.h"
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

// A bend of `semis` semitones in 14-bit units: held at the range's edges, rounded half away
// from zero, within [-8192, 8191]. Clamping in bend units first gives the same integers as
// clamping in semitones, rounding and clamping again.
int bend_value(double semis, double units_per_semitone) {
  return static_cast<int>(round_half_away(std::min(std::max(semis * units_per_semitone, -8192.0), 8191.0)));
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

bool kept(const StScore::Note& note) {
  return note.end_seconds - note.start_seconds >= detail::kShortestNoteSeconds;
}

// separate_repeated_notes (algorithms.h) for ST's notes, which come in onset order and whose
// instrument index fixes program and drum flag: the same cuts and removals, on plain values
// instead of sorting messages and keeping a map of tracks, which cost more than composing the
// piece (bench/stochastic_bench.cpp, BM_StPreset). Dropped notes are left in place, too short
// to be kept().
void separate_repeated_st_notes(std::vector<StScore::Note>& notes, std::size_t instruments) {
  std::vector<int> sounding(instruments * 128, -1);  // (instrument, key) -> index of its latest note
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (!kept(notes[i])) continue;  // a sliver, dropped already
    int& latest = sounding[static_cast<std::size_t>(notes[i].instrument) * 128 +
                           static_cast<std::size_t>(notes[i].pitch)];
    if (latest >= 0) {
      StScore::Note& previous = notes[static_cast<std::size_t>(latest)];
      previous.end_seconds = std::min(previous.end_seconds, notes[i].start_seconds);
    }
    latest = static_cast<int>(i);
  }
}

// A gliding note, for its bends: its index among the notes, the fraction its key rounded
// away, its speed, and (once its end is final) how many bends it takes.
struct Glide {
  std::uint32_t note;
  double offset_semitones, semitones_per_second;
  std::size_t bends = 0;
};

// The number of bends of a glide from `start` to `end`, one every `step` seconds: the k >= 0
// with start + k * step < end. That time never decreases with k, so the count is the
// quotient, corrected by a step or two for rounding.
std::size_t glide_bend_count(double start, double end, double step) {
  const auto time_of = [&](std::size_t k) { return start + static_cast<double>(k) * step; };
  std::size_t k = end > start ? static_cast<std::size_t>((end - start) / step) : 0;
  while (k > 0 && !(time_of(k - 1) < end)) --k;
  while (time_of(k) < end) ++k;
  return k;
}

// The n bends of a glide into out[0..n): bend k at start + k * step, of the rounding
// remainder `offset` plus `speed` semitones per second since the onset. With SSE2 (every
// x86-64) two bends at a time: the same operations in the same order as the scalar loop, so
// the same integers (max and min pick as std::max and std::min do for numbers, no NaN gets
// here; round_half_away's truncations in int32, exact for clamped values). GCC does not
// vectorise the scalar loop, whose clamps it turns into branches; the bends were a third of
// the piece's time one by one.
void glide_bends(double start, double step, std::size_t n, double offset, double speed,
                 double units_per_semitone, int instrument, StScore::Bend* out) {
  std::size_t k = 0;
#if defined(__SSE2__)
  const __m128d vstart = _mm_set1_pd(start), vstep = _mm_set1_pd(step), voffset = _mm_set1_pd(offset),
                vspeed = _mm_set1_pd(speed), vunits = _mm_set1_pd(units_per_semitone),
                lo = _mm_set1_pd(-8192.0), hi = _mm_set1_pd(8191.0), two = _mm_set1_pd(2.0);
  __m128d index = _mm_set_pd(1.0, 0.0);  // k, k + 1 (exact as doubles)
  for (; k + 2 <= n; k += 2, index = _mm_add_pd(index, two)) {
    const __m128d t = _mm_add_pd(vstart, _mm_mul_pd(index, vstep));
    const __m128d semis = _mm_add_pd(voffset, _mm_mul_pd(vspeed, _mm_sub_pd(t, vstart)));
    const __m128d x = _mm_min_pd(_mm_max_pd(_mm_mul_pd(semis, vunits), lo), hi);
    const __m128i whole = _mm_cvttpd_epi32(x);
    const __m128d rest = _mm_sub_pd(x, _mm_cvtepi32_pd(whole));
    const __m128i value = _mm_add_epi32(whole, _mm_cvttpd_epi32(_mm_add_pd(rest, rest)));
    out[k] = {_mm_cvtsd_f64(t), _mm_cvtsi128_si32(value), instrument};
    out[k + 1] = {_mm_cvtsd_f64(_mm_unpackhi_pd(t, t)), _mm_cvtsi128_si32(_mm_srli_si128(value, 4)),
                  instrument};
  }
#endif
  for (; k < n; ++k) {
    const double t = start + static_cast<double>(k) * step;
    out[k] = {t, bend_value(offset + speed * (t - start), units_per_semitone), instrument};
  }
}

// How many bends a gliding note takes: one every 1 / bend_rate_hz seconds from its onset
// while it sounds; a held pitch one, at the onset; a dropped note none.
std::size_t bend_count(const Glide& g, const StScore::Note& note, double step) {
  if (!kept(note)) return 0;
  return g.semitones_per_second == 0.0 ? 1 : glide_bend_count(note.start_seconds, note.end_seconds, step);
}

// The pitch bends of every gliding note, grouped by instrument and in time order within each
// (an instrument's glides do not overlap): the order note_seq's MIDI reader gives, and the
// order ST's MIDI file reads back in. Each bend starts at the fraction left by rounding and
// moves at the note's speed, clamped to the bend range (a glide beyond it holds at the edge).
void add_bends(std::vector<std::vector<Glide>>& glides, const std::vector<StScore::Note>& notes,
               const StParams& params, std::vector<StScore::Bend>& out) {
  const double units_per_semitone = 8192.0 / params.bend_range_semitones;
  const double step = 1.0 / params.bend_rate_hz;
  std::size_t total = 0;
  for (auto& run : glides)
    for (Glide& g : run) total += g.bends = bend_count(g, notes[g.note], step);
  out.resize(total);
  StScore::Bend* at = out.data();
  for (std::size_t instrument = 0; instrument < glides.size(); ++instrument)
    for (const Glide& g : glides[instrument]) {
      glide_bends(notes[g.note].start_seconds, step, g.bends, g.offset_semitones, g.semitones_per_second,
                  units_per_semitone, static_cast<int>(instrument), at);
      at += g.bends;
    }
}

std::vector<Flat> flat_instruments(const StParams& params) {
  std::vector<Flat> flat;
  for (std::size_t c = 0; c < params.classes.size(); ++c)
    for (const auto& i : params.classes[c].instruments) flat.push_back({static_cast<int>(c), &i});
  return flat;
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

void compose_st_score(StScore& out, const StParams& params, const core::Rng& rng, StTrace* trace) {
  params.check();
  StTrace local;
  StTrace& tr = trace ? *trace : local;
  tr = {};
  const std::vector<Flat> flat = flat_instruments(params);
  std::vector<double> class_weight(params.classes.size(), 0.0);  // the sum of its instruments' weights
  for (const Flat& f : flat) class_weight[static_cast<std::size_t>(f.timbre_class)] += f.instrument->weight;

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
  std::vector<StScore::Note>& notes = out.notes;
  notes.clear();
  notes.reserve(most_events);
  std::vector<std::vector<Glide>> glides(flat.size());         // per instrument, its gliding notes
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
    for (double onset = gap_law.sample(r_onset); onset < s.duration_seconds;
         onset += gap_law.sample(r_onset)) {
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

      const auto instrument = static_cast<std::size_t>(e.instrument);
      std::size_t& glide = open_glide[instrument];
      if (glide != SIZE_MAX) notes[glide].end_seconds = std::min(notes[glide].end_seconds, e.onset_seconds);
      glide = inst.glissando ? notes.size() : SIZE_MAX;
      const int key = std::clamp(static_cast<int>(round_half_away(e.pitch)), inst.lowest_pitch, inst.highest_pitch);
      if (inst.glissando)
        glides[instrument].push_back(
            {static_cast<std::uint32_t>(notes.size()), e.pitch - key, e.glissando_semitones_per_second});
      notes.push_back({e.onset_seconds,
                       std::min(e.onset_seconds + e.duration_seconds, params.duration_seconds), key,
                       kMarkVelocity[e.dynamic_form[0]], e.instrument});
      if (trace) tr.events.push_back(e);
    }
  }
  // The notes are in onset order, as the separation needs: onsets grow within a section, and
  // a section's last onset, start + x with x < its length, rounds to at most the next
  // section's start, start + length (rounding is monotonic). A gliding note never overlaps
  // its instrument's next one, so the separation leaves it, and its bends, as they are.
  separate_repeated_st_notes(notes, flat.size());
  add_bends(glides, notes, params, out.bends);
  // Then the slivers go.
  std::erase_if(notes, [](const StScore::Note& note) { return !kept(note); });
  double total = 0;
  for (const StScore::Note& note : notes) total = std::max(total, note.end_seconds);
  out.total_seconds = total;
}

void st_note_sequence(const StScore& score, const StParams& params, magenta::NoteSequence& out) {
  params.check();
  const std::vector<Flat> flat = flat_instruments(params);
  const auto instrument_of = [&](int index, const char* what, std::size_t position) -> const StInstrument& {
    if (index < 0 || static_cast<std::size_t>(index) >= flat.size())
      throw Error::usage("st: " + std::string(what) + " " + std::to_string(position) + " has instrument " +
                         std::to_string(index) + ", but the orchestra has " + std::to_string(flat.size()));
    return *flat[static_cast<std::size_t>(index)].instrument;
  };
  std::vector<std::string> names;
  for (const Flat& f : flat) names.push_back(f.instrument->name);
  out.Clear();
  detail::start_sequence(out, 60.0, names);  // one beat a second: ST's times are seconds
  for (std::size_t k = 0; k < flat.size(); ++k)
    if (flat[k].instrument->glissando)
      add_bend_range(out, static_cast<int>(k), flat[k].instrument->program, params.bend_range_semitones);
  out.mutable_notes()->Reserve(static_cast<int>(score.notes.size()));
  Appender<magenta::NoteSequence::Note> append_note(*out.mutable_notes(), out.GetArena());
  for (std::size_t i = 0; i < score.notes.size(); ++i) {
    const StScore::Note& note = score.notes[i];
    const StInstrument& inst = instrument_of(note.instrument, "note", i);
    auto* n = append_note();
    n->set_pitch(note.pitch);
    n->set_velocity(note.velocity);
    n->set_start_time(note.start_seconds);
    n->set_end_time(note.end_seconds);
    n->set_instrument(note.instrument);
    n->set_program(inst.program);
    n->set_is_drum(inst.is_drum);
  }
  out.mutable_pitch_bends()->Reserve(static_cast<int>(score.bends.size()));
  Appender<magenta::NoteSequence::PitchBend> append_bend(*out.mutable_pitch_bends(), out.GetArena());
  for (std::size_t i = 0; i < score.bends.size(); ++i) {
    const StScore::Bend& bend = score.bends[i];
    const StInstrument& inst = instrument_of(bend.instrument, "bend", i);
    auto* b = append_bend();
    b->set_time(bend.time_seconds);
    b->set_bend(bend.value);
    b->set_instrument(bend.instrument);
    b->set_program(inst.program);
  }
  out.set_total_time(score.total_seconds);
}

void compose_st_into(magenta::NoteSequence& out, const StParams& params, const core::Rng& rng,
                     StTrace* trace) {
  StScore score;
  compose_st_score(score, params, rng, trace);
  st_note_sequence(score, params, out);
}

magenta::NoteSequence compose_st(const StParams& params, const core::Rng& rng, StTrace* trace) {
  magenta::NoteSequence out;
  compose_st_into(out, params, rng, trace);
  return out;
}

}  // namespace stochos::score
