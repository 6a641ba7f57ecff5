// SPDX-License-Identifier: GPL-3.0-or-later
// Xenakis's ST program (Formalized Music ch. V); see st.h for the phases and the sources.
#include "stochos/score/st.h"

#include <algorithm>
#include <cmath>
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
// zero, the same integer for every finite x of magnitude below 2^52.
long round_half_away(double x) {
  const double whole = std::trunc(x);
  const double rest = x - whole;  // exact
  return static_cast<long>(whole) + (rest >= 0.5 ? 1 : 0) - (rest <= -0.5 ? 1 : 0);
}

// A pitch bend before it becomes a message; `note` orders bends of equal time as they were made.
struct Bend {
  double time;
  int bend, instrument, program;
  std::size_t note;
};

struct Flat {
  int timbre_class;
  const StInstrument* instrument;
};

// Where each note of the sequence sits, kept beside the messages for the separation below.
struct NoteSpan {
  double start_seconds, end_seconds;
  int pitch, instrument;
};

// separate_repeated_notes (algorithms.h) for ST's notes, which come in onset order and whose
// instrument index fixes program and drum flag: the same cuts and removals, without sorting
// the messages or keeping a map of tracks, which cost more than composing the piece
// (bench/stochastic_bench.cpp, BM_StPreset).
void separate_repeated_st_notes(magenta::NoteSequence& out, std::vector<NoteSpan>& spans,
                                std::size_t instruments) {
  const auto by_start = [](const NoteSpan& a, const NoteSpan& b) {
    return a.start_seconds < b.start_seconds;
  };
  if (!std::is_sorted(spans.begin(), spans.end(), by_start)) {
    separate_repeated_notes(out);  // never taken today: sections and Poisson onsets only move on
    return;
  }
  std::vector<int> sounding(instruments * 128, -1);  // (instrument, key) -> index of its latest note
  std::vector<bool> keep(spans.size(), true);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    int& latest = sounding[static_cast<std::size_t>(spans[i].instrument) * 128 +
                           static_cast<std::size_t>(spans[i].pitch)];
    if (latest >= 0) {
      NoteSpan& previous = spans[static_cast<std::size_t>(latest)];
      if (previous.end_seconds > spans[i].start_seconds) {
        previous.end_seconds = spans[i].start_seconds;
        out.mutable_notes(latest)->set_end_time(previous.end_seconds);
      }
      if (previous.end_seconds - previous.start_seconds < 0.02)
        keep[static_cast<std::size_t>(latest)] = false;
    }
    latest = static_cast<int>(i);
  }
  auto* notes = out.mutable_notes();
  int kept = 0;
  for (int i = 0; i < notes->size(); ++i)
    if (keep[static_cast<std::size_t>(i)]) notes->SwapElements(kept++, i);
  notes->DeleteSubrange(kept, notes->size() - kept);
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

magenta::NoteSequence compose_st(const StParams& params, const core::Rng& rng, StTrace* trace) {
  params.check();
  StTrace local;
  StTrace& tr = trace ? *trace : local;
  tr = {};
  std::vector<Flat> flat;
  std::vector<std::vector<int>> class_members(params.classes.size());
  for (std::size_t c = 0; c < params.classes.size(); ++c)
    for (const auto& i : params.classes[c].instruments) {
      class_members[c].push_back(static_cast<int>(flat.size()));
      flat.push_back({static_cast<int>(c), &i});
    }
  // The instruments' law inside each class, built once (phase 5).
  std::vector<stochastic::Discrete> instrument_laws;
  for (const auto& c : params.classes) {
    std::vector<double> weights;
    for (const auto& i : c.instruments) weights.push_back(i.weight);
    instrument_laws.emplace_back(std::move(weights));
  }

  magenta::NoteSequence out;
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
  // Phase 2, first section: no previous density, so uniform over the logarithmic range.
  double log_density = log_v3 + log_width * r_density.uniform01();
  const stochastic::Exponential section_law(1.0 / params.mean_section_seconds);  // phase 1
  double t = 0.0;
  while (t < params.duration_seconds) {
    const int section = static_cast<int>(tr.sections.size());
    const double length = std::min(section_law.sample(r_section), params.duration_seconds - t);
    if (section > 0 && log_width > 0) {
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
    tr.sections.push_back({t, length, density, class_p});

    const stochastic::Discrete class_law(class_p);
    const double sigma =
        params.glissando_sigma_at_v3 + where * (params.glissando_sigma_at_v4 - params.glissando_sigma_at_v3);
    const stochastic::Exponential duration_law(density / params.duration_factor);
    // Phase 4: a Poisson process of rate D_i; onsets relative to the section.
    for (double onset : stochastic::poisson_onsets(density, length, r_onset)) {
      StTrace::Event e;
      e.section = section;
      e.onset_seconds = t + onset;
      e.timbre_class = static_cast<int>(class_law.sample(r_class));  // phase 5
      const auto c = static_cast<std::size_t>(e.timbre_class);
      e.instrument = class_members[c][instrument_laws[c].sample_index(r_class)];
      const StInstrument& inst = *flat[static_cast<std::size_t>(e.instrument)].instrument;
      // Phase 6: a uniform point of the range; successive intervals then follow the linear law.
      e.pitch = inst.is_drum
                    ? static_cast<double>(r_pitch.between(inst.lowest_pitch, inst.highest_pitch))
                    : inst.lowest_pitch + (inst.highest_pitch - inst.lowest_pitch) * r_pitch.uniform01();
      // Phase 7: Gaussian glissando speed (drawn for every note so streams stay aligned).
      const double speed = sigma * stochastic::detail::standard_normal(r_gliss);
      e.glissando_semitones_per_second = inst.glissando ? speed : 0.0;
      // Phase 8: duration (our reading: mean inversely proportional to density) and dynamics.
      e.duration_seconds = std::clamp(duration_law.sample(r_duration), 0.05, inst.max_duration_seconds);
      for (int& mark : e.dynamic_form) mark = static_cast<int>(r_dynamic.below(4));
      tr.events.push_back(e);
    }
    t += length;
  }

  // A gliding instrument plays one note at a time (pitch bend is per channel): a note ends
  // when the instrument's next note starts.
  std::vector<double> next_onset(tr.events.size(), params.duration_seconds);
  std::vector<double> last_seen(flat.size(), params.duration_seconds);
  for (std::size_t k = tr.events.size(); k-- > 0;) {
    const auto i = static_cast<std::size_t>(tr.events[k].instrument);
    next_onset[k] = last_seen[i];
    last_seen[i] = tr.events[k].onset_seconds;
  }
  std::vector<NoteSpan> spans;
  spans.reserve(tr.events.size());
  // A gliding instrument's bends come in time order (its notes do not overlap), so the
  // sequence's bends are a merge of one run per instrument: no sort of messages.
  std::vector<std::vector<Bend>> bends(flat.size());
  out.mutable_notes()->Reserve(static_cast<int>(tr.events.size()));
  for (std::size_t k = 0; k < tr.events.size(); ++k) {
    const auto& e = tr.events[k];
    const StInstrument& inst = *flat[static_cast<std::size_t>(e.instrument)].instrument;
    double end = std::min(e.onset_seconds + e.duration_seconds, params.duration_seconds);
    if (inst.glissando) end = std::min(end, next_onset[k]);
    if (!(end - e.onset_seconds >= 0.02)) continue;  // a sliver would round to zero MIDI ticks
    const int key = std::clamp(static_cast<int>(round_half_away(e.pitch)), inst.lowest_pitch, inst.highest_pitch);
    auto* n = out.add_notes();
    n->set_pitch(key);
    n->set_velocity(kMarkVelocity[e.dynamic_form[0]]);
    n->set_start_time(e.onset_seconds);
    n->set_end_time(end);
    n->set_instrument(e.instrument);
    n->set_program(inst.program);
    n->set_is_drum(inst.is_drum);
    spans.push_back({e.onset_seconds, end, key, e.instrument});
    if (!inst.glissando) continue;
    // The bend starts at the fraction left by rounding and moves at the note's speed, clamped
    // to the bend range (a glide beyond it holds at the edge).
    const double range = params.bend_range_semitones;
    const double step = 1.0 / params.bend_rate_hz;
    for (double bt = e.onset_seconds; bt < end; bt += step) {
      const double semis = std::clamp(
          e.pitch - key + e.glissando_semitones_per_second * (bt - e.onset_seconds), -range, range);
      bends[static_cast<std::size_t>(e.instrument)].push_back(
          {bt, std::clamp(static_cast<int>(round_half_away(semis / range * 8192.0)), -8192, 8191), e.instrument,
           inst.program, k});
      if (e.glissando_semitones_per_second == 0.0) break;
    }
  }
  separate_repeated_st_notes(out, spans, flat.size());
  // The merge, earliest first and, at equal times, in the order the bends were made: the order
  // a stable sort of all bends by time gives.
  std::size_t bend_count = 0;
  std::vector<std::size_t> runs;  // the instruments that glided
  for (std::size_t i = 0; i < bends.size(); ++i) {
    bend_count += bends[i].size();
    if (!bends[i].empty()) runs.push_back(i);
  }
  out.mutable_pitch_bends()->Reserve(static_cast<int>(bend_count));
  std::vector<std::size_t> next(bends.size(), 0);
  for (std::size_t made = 0; made < bend_count; ++made) {
    const Bend* first = nullptr;
    std::size_t from = 0;
    for (const std::size_t i : runs) {
      if (next[i] == bends[i].size()) continue;
      const Bend& b = bends[i][next[i]];
      if (!first || b.time < first->time || (b.time == first->time && b.note < first->note)) {
        first = &b;
        from = i;
      }
    }
    ++next[from];
    auto* b = out.add_pitch_bends();
    b->set_time(first->time);
    b->set_bend(first->bend);
    b->set_instrument(first->instrument);
    b->set_program(first->program);
  }
  double total = 0;
  for (const auto& n : out.notes()) total = std::max(total, n.end_time());
  out.set_total_time(total);
  return out;
}

}  // namespace stochos::score
