// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/melody/pipeline.h"

#include <algorithm>
#include <cmath>

#include "stochos/core/error.h"
#include "stochos/notesequence/quantize.h"
#include "stochos/notesequence/sequences.h"

namespace stochos::melody {
namespace {

// Quantizer.transform catches exactly these three note_seq errors and counts them.
const char* quantizer_counter(const std::string& code) {
  if (code == notesequence::kCodeMultipleTimeSignatures) return "sequences_discarded_because_multiple_time_signatures";
  if (code == notesequence::kCodeMultipleTempos) return "sequences_discarded_because_multiple_tempos";
  if (code == notesequence::kCodeBadTimeSignature) return "sequences_discarded_because_bad_time_signature";
  return nullptr;
}

void add_counts(ExtractionCounts& total, const ExtractionCounts& c) {
  total.polyphonic_tracks_discarded += c.polyphonic_tracks_discarded;
  total.melodies_discarded_too_short += c.melodies_discarded_too_short;
  total.melodies_discarded_too_few_pitches += c.melodies_discarded_too_few_pitches;
  total.melodies_discarded_too_long += c.melodies_discarded_too_long;
  total.melodies_truncated += c.melodies_truncated;
  total.melody_lengths_in_bars.insert(total.melody_lengths_in_bars.end(), c.melody_lengths_in_bars.begin(),
                                      c.melody_lengths_in_bars.end());
}

}  // namespace

magenta::NoteSequence flatten_tempo_changes(const magenta::NoteSequence& sequence) {
  // Piecewise-constant tempo map: tempo i holds from its time to the next one's.
  std::vector<std::pair<double, double>> tempos;  // (seconds, qpm)
  for (const auto& t : sequence.tempos()) {
    if (t.qpm() > 0 && std::isfinite(t.qpm()) && std::isfinite(t.time())) tempos.emplace_back(t.time(), t.qpm());
  }
  std::stable_sort(tempos.begin(), tempos.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const double target_qpm = tempos.empty() ? notesequence::kDefaultQuartersPerMinute : tempos.front().second;
  std::vector<double> starts{0.0};
  std::vector<double> quarters{0.0};
  std::vector<double> qpms{tempos.empty() ? target_qpm : tempos.front().second};
  for (const auto& [time, qpm] : tempos) {
    if (time <= starts.back()) {
      qpms.back() = qpm;
      continue;
    }
    quarters.push_back(quarters.back() + (time - starts.back()) * qpms.back() / 60.0);
    starts.push_back(time);
    qpms.push_back(qpm);
  }
  auto map = [&](double t) {
    if (!(t > 0)) return t;  // times before 0 (invalid anyway) are left alone
    const std::size_t i =
        static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), t) - starts.begin()) - 1;
    return (quarters[i] + (t - starts[i]) * qpms[i] / 60.0) * 60.0 / target_qpm;
  };
  magenta::NoteSequence out = sequence;
  for (auto& n : *out.mutable_notes()) {
    n.set_start_time(map(n.start_time()));
    n.set_end_time(map(n.end_time()));
  }
  for (auto& x : *out.mutable_time_signatures()) x.set_time(map(x.time()));
  for (auto& x : *out.mutable_key_signatures()) x.set_time(map(x.time()));
  for (auto& x : *out.mutable_control_changes()) x.set_time(map(x.time()));
  for (auto& x : *out.mutable_pitch_bends()) x.set_time(map(x.time()));
  for (auto& x : *out.mutable_text_annotations()) x.set_time(map(x.time()));
  for (auto& x : *out.mutable_section_annotations()) x.set_time(map(x.time()));
  out.set_total_time(map(sequence.total_time()));
  out.clear_tempos();
  out.add_tempos()->set_qpm(target_qpm);
  return out;
}

std::string SequenceReport::reason(const ExtractionOptions& extraction) const {
  std::vector<std::string> parts;
  if (notes == 0) return "no notes";
  if (pieces == 0) return "no piece with notes before total_time";
  for (const auto& code : quantize_failures) parts.push_back("a piece could not be quantized (" + code + ")");
  if (pieces_non_integer_steps_per_bar > 0) {
    parts.push_back(std::to_string(pieces_non_integer_steps_per_bar) +
                    " piece(s) whose bar is not a whole number of steps");
  }
  if (counts.polyphonic_tracks_discarded > 0) {
    parts.push_back(std::to_string(counts.polyphonic_tracks_discarded) +
                    " track(s) with notes starting together (polyphonic; ignore_polyphonic_notes is " +
                    (extraction.ignore_polyphonic_notes ? "true" : "false") + ")");
  }
  if (counts.melodies_discarded_too_short > 0) {
    parts.push_back(std::to_string(counts.melodies_discarded_too_short) + " melodies shorter than " +
                    std::to_string(extraction.min_bars) + " bars");
  }
  if (counts.melodies_discarded_too_few_pitches > 0) {
    parts.push_back(std::to_string(counts.melodies_discarded_too_few_pitches) + " melodies with fewer than " +
                    std::to_string(extraction.min_unique_pitches) + " pitch classes");
  }
  if (counts.melodies_discarded_too_long > 0) {
    parts.push_back(std::to_string(counts.melodies_discarded_too_long) + " melodies longer than max_steps_discard");
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  if (out.empty() && melodies == 0) out = "no melody found";
  return out;
}

MelodyRnnPipeline::MelodyRnnPipeline(PipelineOptions options, std::string mode)
    : options_(std::move(options)), mode_(std::move(mode)), encoder_(make_encoder_decoder(options_.config)) {}

std::vector<PipelineMelody> MelodyRnnPipeline::melodies(const magenta::NoteSequence& sequence, Statistics& stats,
                                                        SequenceReport* report) {
  SequenceReport scratch;
  SequenceReport& r = report ? *report : scratch;
  r.id = sequence.id();
  r.filename = sequence.filename();
  r.notes = sequence.notes_size();
  const std::string dag = "DAGPipeline_";
  std::vector<PipelineMelody> out;

  // TimeChangeSplitter (note_sequence_pipelines.py): no statistics of its own.
  const std::vector<magenta::NoteSequence> pieces = notesequence::split_note_sequence_on_time_changes(
      options_.flatten_tempo ? flatten_tempo_changes(sequence) : sequence);
  r.pieces = static_cast<int>(pieces.size());
  for (std::size_t p = 0; p < pieces.size(); ++p) {
    // Quantizer.
    magenta::NoteSequence quantized;
    try {
      quantized = notesequence::quantize_note_sequence(pieces[p], options_.config.steps_per_quarter);
    } catch (const Error& e) {
      const char* counter = quantizer_counter(e.code());
      r.quantize_failures.push_back(e.code().empty() ? e.message() : e.code());
      if (!counter) continue;  // Magenta would stop with an exception here; stochos skips the piece
      Statistics last;
      last.add_counter(counter, 1);
      quantizer_last_stats_ = last.prefixed(dag + "Quantizer_" + mode_);
      stats.merge(quantizer_last_stats_);
      continue;
    }
    stats.merge(quantizer_last_stats_);  // see the header: Magenta's stale Quantizer statistics
    ++r.pieces_quantized;

    // TranspositionPipeline((0,)): a copy, dropped if a non-drum pitch leaves 0..127.
    bool in_range = true;
    for (const auto& n : quantized.notes()) {
      if (!n.is_drum() && (n.pitch() < kMinMidiPitch || n.pitch() > kMaxMidiPitch)) in_range = false;
    }
    Statistics transposition;
    transposition.add_counter("skipped_due_to_range_exceeded", in_range ? 0 : 1);
    transposition.add_counter("transpositions_generated", in_range ? 1 : 0);
    stats.merge(transposition.prefixed(dag + "TranspositionPipeline_" + mode_));
    if (!in_range) continue;

    // MelodyExtractor.
    const std::string extractor = dag + "MelodyExtractor_" + mode_;
    ExtractionResult extracted;
    try {
      extracted = extract_melodies(quantized, options_.extraction);
    } catch (const Error& e) {
      if (e.code() != kCodeNonIntegerStepsPerBar) throw;
      Statistics non_integer;
      non_integer.add_counter("non_integer_steps_per_bar", 1);
      stats.merge(non_integer.prefixed(extractor));
      ++r.pieces_non_integer_steps_per_bar;
      continue;
    }
    stats.merge(extraction_statistics(extracted.counts, options_.extraction.min_bars).prefixed(extractor));
    add_counts(r.counts, extracted.counts);

    const double qpm = quantized.tempos_size() > 0 ? quantized.tempos(0).qpm() : notesequence::kDefaultQuartersPerMinute;
    for (std::size_t m = 0; m < extracted.melodies.size(); ++m) {
      PipelineMelody pm;
      pm.melody = std::move(extracted.melodies[m]);
      pm.instrument = extracted.instruments[m];
      for (const auto& n : quantized.notes()) {
        if (n.instrument() == pm.instrument) {
          pm.program = n.program();
          break;
        }
      }
      pm.qpm = qpm;
      pm.piece = static_cast<int>(p);
      // EncoderPipeline's squash.
      if (options_.squash) {
        pm.transposition =
            pm.melody.squash(options_.config.min_note, options_.config.max_note, options_.config.transpose_to_key);
      }
      out.push_back(std::move(pm));
    }
  }
  r.melodies = static_cast<int>(out.size());
  return out;
}

std::vector<EncodedSequence> MelodyRnnPipeline::transform(const magenta::NoteSequence& sequence, Statistics& stats,
                                                          SequenceReport* report) {
  std::vector<EncodedSequence> out;
  for (const PipelineMelody& pm : melodies(sequence, stats, report)) out.push_back(encoder_->encode(pm.melody.events()));
  return out;
}

}  // namespace stochos::melody
