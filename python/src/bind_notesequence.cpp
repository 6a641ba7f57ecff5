// SPDX-License-Identifier: GPL-3.0-or-later
// MIDI, MusicXML, ABC and TFRecord files <-> NoteSequences, the convert job, quantization and
// note_seq's sequences_lib helpers.
#include <algorithm>
#include <thread>

#include "common.h"
#include "stochos/core/thread_count.h"
#include "stochos/jobs/convert_job.h"
#include "stochos/midi/midi_file.h"
#include "stochos/midi/midi_file_name.h"
#include "stochos/notesequence/input_files.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/notesequence/quantize.h"
#include "stochos/notesequence/sequences.h"
#include "stochos/notesequence/text_dump.h"
#include "stochos/scoreio/abc_parser.h"
#include "stochos/scoreio/abc_writer.h"
#include "stochos/scoreio/musicxml_reader.h"
#include "stochos/scoreio/score_file.h"
#include "stochos/scoreio/score_writer.h"

namespace stochos::python {
namespace {

using magenta::NoteSequence;
using namespace py::literals;

/// A path (str or os.PathLike) or bytes: the data and a name for messages.
struct Source {
  std::optional<std::filesystem::path> path;
  std::string bytes;
  std::string name;
};

Source source_of(py::handle object, const std::string& bytes_name) {
  Source s;
  if (is_bytes_like(object)) {
    s.bytes = bytes_of(object);
    s.name = bytes_name;
  } else {
    s.path = object.cast<std::filesystem::path>();
    s.name = s.path->string();
  }
  return s;
}

NoteSequence read_midi(py::object source) {
  Source s = source_of(source, "<midi bytes>");
  return run_released([&] {
    if (s.path) return notesequence::midi_file_to_note_sequence(*s.path);
    const auto* data = reinterpret_cast<const std::uint8_t*>(s.bytes.data());
    return notesequence::midi_to_note_sequence(midi::parse_midi({data, s.bytes.size()}, s.name));
  });
}

py::bytes midi_bytes(const NoteSequence& sequence, std::optional<double> drop_after) {
  notesequence::MidiWriteOptions options;
  options.drop_events_n_seconds_after_last_note = drop_after;
  std::string out;
  {
    py::gil_scoped_release release;
    out = midi::serialize_midi(notesequence::note_sequence_to_midi(sequence, options));
  }
  return py::bytes(out);
}

NoteSequence read_musicxml(py::object source, bool merge_ties) {
  Source s = source_of(source, "<musicxml bytes>");
  scoreio::MusicXmlReadOptions options;
  options.merge_ties = merge_ties;
  return run_released([&] {
    if (s.path) return scoreio::read_musicxml_file(*s.path, options);
    // Bytes: a zip (.mxl) starts with "PK".
    if (s.bytes.size() >= 2 && s.bytes[0] == 'P' && s.bytes[1] == 'K') {
      return scoreio::musicxml_to_note_sequence(scoreio::mxl_score_document(s.bytes, s.name), s.name, options);
    }
    return scoreio::musicxml_to_note_sequence(s.bytes, s.name, options);
  });
}

py::dict read_abc(py::object source, bool allow_rests, bool allow_chords, bool merge_ties, bool allow_voices,
                  bool strict) {
  scoreio::AbcReadOptions options;
  options.allow_rests = allow_rests;
  options.allow_chords = allow_chords;
  options.merge_ties = merge_ties;
  options.allow_voices = allow_voices;
  scoreio::AbcTunebook book;
  if (py::isinstance<py::str>(source) && source.cast<std::string>().find('\n') != std::string::npos) {
    // Text of a tunebook (a path never holds a newline).
    const std::string text = source.cast<std::string>();
    book = run_released([&] { return scoreio::parse_abc_tunebook(text, "<abc>", options); });
  } else {
    Source s = source_of(source, "<abc bytes>");
    book = run_released([&] {
      return s.path ? scoreio::parse_abc_tunebook_file(*s.path, options)
                    : scoreio::parse_abc_tunebook(s.bytes, s.name, options);
    });
  }
  if (strict && !book.exceptions.empty()) throw book.exceptions.front();
  py::dict tunes;
  for (const auto& [number, tune] : book.tunes) tunes[py::int_(number)] = from_note_sequence(tune);
  return tunes;
}

py::list read_score(const std::filesystem::path& path) {
  scoreio::ScoreFileContents contents = run_released([&] { return scoreio::read_score_file(path); });
  py::list out;
  for (const auto& sequence : contents.sequences) out.append(from_note_sequence(sequence));
  return out;
}

py::dict convert(const std::filesystem::path& input_dir, const std::filesystem::path& output_file, bool recursive,
                 int threads) {
  jobs::ConvertOptions options;
  options.input_dir = input_dir;
  options.output_file = output_file;
  options.recursive = recursive;
  options.threads = core::thread_count(threads);
  options.progress = core::ProgressBar::Mode::kNever;
  const jobs::ConvertSummary s = run_interruptible([&] { return jobs::convert_directory(options); });
  auto items = [](const std::vector<jobs::ConvertItem>& list) {
    py::list out;
    for (const auto& item : list) out.append(py::make_tuple(item.relative_path, item.message));
    return out;
  };
  return py::dict("files_seen"_a = s.files_seen, "converted"_a = s.converted, "records"_a = s.records,
                  "notes"_a = s.notes, "failed"_a = items(s.failed), "unsupported"_a = items(s.unsupported),
                  "warnings"_a = items(s.warnings), "skipped_items"_a = items(s.skipped_items),
                  "input_bytes"_a = s.input_bytes, "output_bytes"_a = s.output_bytes, "seconds"_a = s.seconds);
}

/// Reads every MIDI file of a folder into NoteSequences with convert's rules and threads,
/// without a TFRecord in between. Unreadable files are skipped (listed in `failed`).
py::tuple read_midi_folder(const std::filesystem::path& input_dir, bool recursive, int threads) {
  const std::vector<std::string> files =
      run_interruptible([&] { return notesequence::list_input_files(input_dir, recursive); });
  const int workers = core::thread_count(threads);
  std::vector<std::optional<std::string>> serialized(files.size());
  std::vector<std::string> errors(files.size());
  run_interruptible([&] {
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t i = next++; i < files.size(); i = next++) {
        if (core::interrupt_requested()) return;
        const auto path = input_dir / files[i];
        if (!midi::is_midi_file_name(path)) continue;
        try {
          serialized[i] = notesequence::serialize_note_sequence(notesequence::midi_file_to_note_sequence(path));
        } catch (const Error& e) {
          errors[i] = e.what();
        }
      }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < workers; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    core::check_interrupt();
  });
  py::list sequences, failed;
  py::object from_bytes = py::module_::import("stochos._notesequence").attr("_from_bytes");
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (serialized[i]) sequences.append(from_bytes(py::bytes(*serialized[i])));
    if (!errors[i].empty()) failed.append(py::make_tuple(files[i], errors[i]));
  }
  return py::make_tuple(sequences, failed);
}

}  // namespace

void bind_notesequence(py::module_& m) {
  // --- files -------------------------------------------------------------------------------
  m.def("read_midi", &read_midi, "source"_a,
        "Reads a Standard MIDI File (a path, or the file's bytes) into a NoteSequence with note_seq's\n"
        "rules (pretty_midi's timing, instruments, drums).");
  m.def("midi_bytes", &midi_bytes, "sequence"_a, py::kw_only(), "drop_events_n_seconds_after_last_note"_a = py::none(),
        "The type-1 MIDI file note_seq's sequence_proto_to_midi_file would write, as bytes.");
  m.def(
      "write_midi",
      [](const NoteSequence& sequence, const std::filesystem::path& path, std::optional<double> drop_after) {
        notesequence::MidiWriteOptions options;
        options.drop_events_n_seconds_after_last_note = drop_after;
        py::gil_scoped_release release;
        notesequence::note_sequence_to_midi_file(sequence, path, options);
      },
      "sequence"_a, "path"_a, py::kw_only(), "drop_events_n_seconds_after_last_note"_a = py::none(),
      "Writes the sequence as a MIDI file (atomically).");
  m.def("read_midi_folder", &read_midi_folder, "input_dir"_a, py::kw_only(), "recursive"_a = false, "threads"_a = 0,
        "Every .mid/.midi file of a folder as NoteSequences, in convert's order, read on `threads`\n"
        "threads (0: all cores). Returns (sequences, failed) where failed lists (file, message).");
  m.def("read_musicxml", &read_musicxml, "source"_a, py::kw_only(), "merge_ties"_a = false,
        "Reads MusicXML (.xml/.musicxml) or compressed MusicXML (.mxl), a path or bytes, with\n"
        "note_seq's musicxml_reader rules. merge_ties joins tied notes (beyond note_seq).");
  m.def("read_abc", &read_abc, "source"_a, py::kw_only(), "allow_rests"_a = false, "allow_chords"_a = false,
        "merge_ties"_a = false, "allow_voices"_a = false, "strict"_a = false,
        "Parses an ABC tunebook (a path, bytes, or the text itself) with note_seq's abc_parser rules:\n"
        "a dict {reference number: NoteSequence}. Tunes that fail are left out, or with strict=True\n"
        "the first failure is raised. The allow_* options read what note_seq refuses.");
  m.def("read_score", &read_score, "path"_a,
        "Reads .xml/.musicxml/.mxl (one sequence) or .abc (one per tune) as `stochos convert` does.");
  m.def("read_sequence_file", [](const std::filesystem::path& p) { return run_released([&] { return notesequence::read_sequence_file(p); }); },
        "path"_a, "Reads .mid/.midi, a serialized NoteSequence (.ns/.pb) or the first record of a .tfrecord.");
  m.def(
      "musicxml_string",
      [](const NoteSequence& s, int steps_per_quarter) {
        scoreio::NotationOptions o;
        o.steps_per_quarter = steps_per_quarter;
        return scoreio::note_sequence_to_musicxml(s, o);
      },
      "sequence"_a, py::kw_only(), "steps_per_quarter"_a = 4,
      "The MusicXML 3.1 document of the sequence (quantized on the fly for notation).");
  m.def(
      "abc_string",
      [](const NoteSequence& s, int steps_per_quarter) {
        scoreio::NotationOptions o;
        o.steps_per_quarter = steps_per_quarter;
        return scoreio::note_sequence_to_abc(s, o);
      },
      "sequence"_a, py::kw_only(), "steps_per_quarter"_a = 4, "The sequence as one ABC 2.1 tune.");
  m.def(
      "write_score",
      [](const NoteSequence& s, const std::filesystem::path& path, int steps_per_quarter) {
        scoreio::NotationOptions o;
        o.steps_per_quarter = steps_per_quarter;
        py::gil_scoped_release release;
        scoreio::write_score_file(s, path, o);
      },
      "sequence"_a, "path"_a, py::kw_only(), "steps_per_quarter"_a = 4,
      "Writes notation by extension: .musicxml/.xml, .mxl or .abc (atomically).");
  m.def(
      "read_note_sequences",
      [](const std::filesystem::path& path) {
        std::vector<std::string> records = run_interruptible([&] {
          std::vector<std::string> out;
          notesequence::for_each_note_sequence(path, [&](NoteSequence& s, std::uint64_t) {
            core::check_interrupt();
            out.push_back(notesequence::serialize_note_sequence(s));
          });
          return out;
        });
        py::list out;
        py::object from_bytes = py::module_::import("stochos._notesequence").attr("_from_bytes");
        for (const auto& r : records) out.append(from_bytes(py::bytes(r)));
        return out;
      },
      "path"_a, "Every NoteSequence of a TFRecord file (both CRCs checked; 2016 schema upgraded).");
  m.def(
      "write_note_sequences",
      [](const std::filesystem::path& path, const std::vector<NoteSequence>& sequences) {
        run_interruptible([&] { notesequence::write_note_sequences(path, sequences); });
      },
      "path"_a, "sequences"_a, "Writes NoteSequences to a TFRecord file (atomically).");
  m.def("convert", &convert, "input_dir"_a, "output_file"_a, py::kw_only(), "recursive"_a = false, "threads"_a = 0,
        "`stochos convert`: MIDI, MusicXML and ABC files of a folder into a TFRecord of NoteSequences\n"
        "with Magenta's ids. Returns the summary (counts, failed and unsupported files with messages).\n"
        "threads=0 uses every core. Ctrl-C stops it; no output file is left behind.");
  m.def("to_text", &notesequence::to_text_proto, "sequence"_a, "The sequence in protobuf text format.");
  m.def("summary_text", &notesequence::to_summary_text, "sequence"_a, "max_notes"_a = 50,
        "A short human-readable summary (what `stochos inspect` prints).");

  // --- quantization ------------------------------------------------------------------------
  m.def("quantize_note_sequence", &notesequence::quantize_note_sequence, "sequence"_a, "steps_per_quarter"_a = 4,
        "note_seq's quantize_note_sequence: relative to the single tempo. Failures raise InputError\n"
        "whose .code is note_seq's exception name (multiple_tempos, bad_time_signature, ...).");
  m.def("quantize_note_sequence_absolute", &notesequence::quantize_note_sequence_absolute, "sequence"_a, "steps_per_second"_a,
        "note_seq's quantize_note_sequence_absolute.");
  m.def("is_quantized_sequence", &notesequence::is_quantized_sequence, "sequence"_a);
  m.def("is_relative_quantized_sequence", &notesequence::is_relative_quantized_sequence, "sequence"_a);
  m.def("is_absolute_quantized_sequence", &notesequence::is_absolute_quantized_sequence, "sequence"_a);
  m.def("steps_per_bar_in_quantized_sequence", &notesequence::steps_per_bar_in_quantized_sequence, "sequence"_a);
  m.def("steps_per_quarter_to_steps_per_second", &notesequence::steps_per_quarter_to_steps_per_second, "steps_per_quarter"_a,
        "qpm"_a);
  m.def("quantize_to_step", &notesequence::quantize_to_step, "unquantized_seconds"_a, "steps_per_second"_a,
        "quantize_cutoff"_a = notesequence::kQuantizeCutoff);

  // --- sequences_lib -------------------------------------------------------------------------
  m.def(
      "sort_notes",
      [](NoteSequence s) {
        notesequence::sort_notes(s);
        return s;
      },
      "sequence"_a, "A copy with notes sorted by start time, then pitch.");
  m.def("compute_total_time", &notesequence::compute_total_time, "sequence"_a);
  m.def(
      "transpose_note_sequence",
      [](const NoteSequence& s, int amount, int min_allowed_pitch, int max_allowed_pitch, bool transpose_chords,
         bool delete_out_of_range_notes) {
        notesequence::TransposeOptions o;
        o.min_allowed_pitch = min_allowed_pitch;
        o.max_allowed_pitch = max_allowed_pitch;
        o.transpose_chords = transpose_chords;
        o.out_of_range = delete_out_of_range_notes ? notesequence::OutOfRangeNotes::kDelete : notesequence::OutOfRangeNotes::kClampAmount;
        notesequence::TransposeResult r = notesequence::transpose_note_sequence(s, amount, o);
        return py::make_tuple(from_note_sequence(r.sequence), r.deleted_note_count);
      },
      "sequence"_a, "amount"_a, "min_allowed_pitch"_a = notesequence::kMinMidiPitch, "max_allowed_pitch"_a = notesequence::kMaxMidiPitch,
      "transpose_chords"_a = true, "delete_out_of_range_notes"_a = true,
      "note_seq's transpose_note_sequence: (transposed sequence, number of deleted notes).");
  m.def("transpose_chord_symbol", &notesequence::transpose_chord_symbol, "figure"_a, "transpose_amount"_a);
  m.def("stretch_note_sequence", &notesequence::stretch_note_sequence, "sequence"_a, "stretch_factor"_a);
  m.def("shift_sequence_times", &notesequence::shift_sequence_times, "sequence"_a, "shift_seconds"_a);
  m.def("trim_note_sequence", &notesequence::trim_note_sequence, "sequence"_a, "start_time"_a, "end_time"_a);
  m.def(
      "extract_subsequence",
      [](const NoteSequence& s, double start, double end, std::vector<int> preserve) {
        return notesequence::extract_subsequence(s, start, end, preserve);
      },
      "sequence"_a, "start_time"_a, "end_time"_a,
      "preserve_control_numbers"_a = std::vector<int>(notesequence::kDefaultPreservedControlNumbers.begin(),
                                                      notesequence::kDefaultPreservedControlNumbers.end()));
  m.def(
      "split_note_sequence",
      [](const NoteSequence& s, py::object hop, bool skip) {
        if (py::isinstance<py::float_>(hop) || py::isinstance<py::int_>(hop)) {
          return notesequence::split_note_sequence(s, hop.cast<double>(), skip);
        }
        return notesequence::split_note_sequence_at_times(s, hop.cast<std::vector<double>>(), skip);
      },
      "sequence"_a, "hop_size_seconds"_a, "skip_splits_inside_notes"_a = false,
      "note_seq's split_note_sequence: every hop (a number) or at the given times (a list).");
  m.def("split_note_sequence_on_time_changes", &notesequence::split_note_sequence_on_time_changes, "sequence"_a,
        "skip_splits_inside_notes"_a = false);
  m.def("split_note_sequence_on_silence", &notesequence::split_note_sequence_on_silence, "sequence"_a, "gap_seconds"_a = 3.0);
  m.def(
      "concatenate_sequences",
      [](const std::vector<NoteSequence>& s, std::vector<double> durations) {
        return notesequence::concatenate_sequences(s, durations);
      },
      "sequences"_a, "sequence_durations"_a = std::vector<double>{});
  m.def(
      "merge_sequences", [](const std::vector<NoteSequence>& s) { return notesequence::merge_sequences(s); }, "sequences"_a);
  m.def("remove_redundant_data", &notesequence::remove_redundant_data, "sequence"_a);
  m.def("apply_sustain_control_changes", &notesequence::apply_sustain_control_changes, "sequence"_a,
        "sustain_control_number"_a = 64);
}

}  // namespace stochos::python
