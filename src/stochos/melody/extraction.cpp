// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/melody/extraction.h"

#include "stochos/core/error.h"
#include "stochos/melody/detail/python_set_order.h"
#include "stochos/notesequence/quantize.h"

namespace stochos::melody {

ExtractionOptions melody_rnn_extraction_options() {
  ExtractionOptions o;
  o.min_bars = 7;
  o.max_steps_truncate = 512;
  o.min_unique_pitches = 5;
  o.gap_bars = 1.0;
  o.ignore_polyphonic_notes = false;
  o.filter_drums = true;
  return o;
}

ExtractionResult extract_melodies(const magenta::NoteSequence& quantized_sequence, const ExtractionOptions& options) {
  notesequence::assert_is_relative_quantized_sequence(quantized_sequence);
  ExtractionResult result;
  ExtractionCounts& counts = result.counts;

  std::vector<std::int64_t> note_instruments;
  note_instruments.reserve(static_cast<std::size_t>(quantized_sequence.notes_size()));
  for (const auto& n : quantized_sequence.notes()) note_instruments.push_back(n.instrument());
  const std::vector<std::int64_t> instruments = detail::python_set_order(note_instruments);
  if (instruments.empty()) return result;
  // int(steps_per_bar_in_quantized_sequence(...)): truncated here; a fractional bar makes
  // the first from_quantized_sequence call throw.
  const auto steps_per_bar = static_cast<std::int64_t>(notesequence::steps_per_bar_in_quantized_sequence(quantized_sequence));

  for (std::int64_t instrument : instruments) {
    std::int64_t search_start_step = options.search_start_step;
    while (true) {
      FromQuantizedOptions from;
      from.search_start_step = search_start_step;
      from.instrument = static_cast<int>(instrument);
      from.gap_bars = options.gap_bars;
      from.ignore_polyphonic_notes = options.ignore_polyphonic_notes;
      from.pad_end = options.pad_end;
      from.filter_drums = options.filter_drums;
      Melody melody;
      try {
        melody = melody_from_quantized_sequence(quantized_sequence, from);
      } catch (const Error& e) {
        if (e.code() != kCodePolyphonicMelody) throw;
        ++counts.polyphonic_tracks_discarded;
        break;  // melodies found earlier in this track are kept, as in Magenta
      }
      // The next search starts on the next bar boundary (inclusive).
      search_start_step = melody.end_step() + floor_mod(options.search_start_step - melody.end_step(), steps_per_bar);
      if (melody.empty()) break;

      const auto length = static_cast<std::int64_t>(melody.size());
      if (length < static_cast<std::int64_t>(melody.steps_per_bar()) * options.min_bars) {
        ++counts.melodies_discarded_too_short;
        continue;
      }
      if (options.max_steps_discard && length > *options.max_steps_discard) {
        ++counts.melodies_discarded_too_long;
        continue;
      }
      if (options.max_steps_truncate && length > *options.max_steps_truncate) {
        std::int64_t truncated = *options.max_steps_truncate;
        if (options.pad_end) truncated -= floor_mod(*options.max_steps_truncate, melody.steps_per_bar());
        melody.set_length(static_cast<std::size_t>(truncated));
        ++counts.melodies_truncated;
      }
      int unique_pitches = 0;
      for (int c : melody.note_histogram()) unique_pitches += c != 0;
      if (unique_pitches < options.min_unique_pitches) {
        ++counts.melodies_discarded_too_few_pitches;
        continue;
      }
      counts.melody_lengths_in_bars.push_back(static_cast<std::int64_t>(melody.size()) / melody.steps_per_bar());
      result.instruments.push_back(static_cast<int>(instrument));
      result.melodies.push_back(std::move(melody));
    }
  }
  return result;
}

Statistics extraction_statistics(const ExtractionCounts& counts, int min_bars) {
  Statistics stats;
  stats.add_counter("polyphonic_tracks_discarded", counts.polyphonic_tracks_discarded);
  stats.add_counter("melodies_discarded_too_short", counts.melodies_discarded_too_short);
  stats.add_counter("melodies_discarded_too_few_pitches", counts.melodies_discarded_too_few_pitches);
  stats.add_counter("melodies_discarded_too_long", counts.melodies_discarded_too_long);
  stats.add_counter("melodies_truncated", counts.melodies_truncated);
  // Python's min_bars // 2 floors; min_bars is never negative here.
  const auto m = static_cast<double>(min_bars);
  Histogram lengths({0, 1, 10, 20, 30, 40, 50, 100, 200, 500,
                      static_cast<double>((min_bars - floor_mod(min_bars, 2)) / 2), m, m + 1, m - 1});
  for (std::int64_t bars : counts.melody_lengths_in_bars) lengths.increment(static_cast<double>(bars));
  stats.add_histogram("melody_lengths_in_bars", lengths);
  return stats;
}

}  // namespace stochos::melody
