// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/jobs/convert_job.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include <google/protobuf/arena.h>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/midi/midi_file.h"
#include "stochos/midi/midi_file_name.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/scoreio/score_file.h"
#include "stochos/tfio/tfrecord.h"

namespace stochos::jobs {
using notesequence::note_sequence_id;
namespace fs = std::filesystem;
namespace {

bool is_score(const std::string& ext) { return ext == ".xml" || ext == ".mxl" || ext == ".musicxml" || ext == ".abc"; }

// One file's outcome, produced by a worker and consumed in order by the writer.
struct Outcome {
  enum class Kind { kConverted, kFailed, kIgnored } kind = Kind::kIgnored;
  std::vector<std::string> records;  // one per NoteSequence (ABC files hold several tunes)
  std::string message;
  std::vector<std::string> warnings;
  std::vector<std::string> skipped_items;
  std::size_t notes = 0;
  std::uint64_t input_bytes = 0;
};

// Magenta's convert_musicxml / convert_abc: ids hash the relative file name, and for ABC
// "<filename>_<X: reference number>" per tune. Tunes that fail are listed, the others convert.
void convert_score(const fs::path& path, const std::string& relative,
                   const std::string& collection, Outcome& out) {
  const bool abc = core::lowercase_extension(path) == ".abc";
  scoreio::ScoreFileContents contents = scoreio::read_score_file(path);
  out.skipped_items = std::move(contents.skipped_items);
  if (contents.sequences.empty() && !out.skipped_items.empty()) {
    // Nothing readable: the file fails with its first item's error, the others are listed.
    out.kind = Outcome::Kind::kFailed;
    out.message = out.skipped_items.front();
    out.skipped_items.erase(out.skipped_items.begin());
    return;
  }
  for (magenta::NoteSequence& ns : contents.sequences) {
    ns.set_collection_name(collection);
    ns.set_filename(relative);
    ns.set_id(abc ? note_sequence_id(relative + "_" + std::to_string(ns.reference_number()), collection, "abc")
                  : note_sequence_id(relative, collection, "musicxml"));
    out.notes += static_cast<std::size_t>(ns.notes_size());
    out.records.push_back(ns.SerializeAsString());
  }
  out.kind = Outcome::Kind::kConverted;
}

Outcome convert_one(const fs::path& root, const std::string& relative, const std::string& collection,
                    midi::MidiFile& scratch) {
  Outcome out;
  const fs::path path = root / relative;
  const std::string ext = core::lowercase_extension(path);
  if (!midi::is_midi_file_name(path) && !is_score(ext)) {
    out.kind = Outcome::Kind::kIgnored;
    return out;
  }
  try {
    if (is_score(ext)) {
      convert_score(path, relative, collection, out);
      return out;
    }
    const auto bytes = core::read_file(path, std::uint64_t{256} << 20);
    out.input_bytes = bytes.size();
    notesequence::MidiConversionReport report;
    google::protobuf::Arena arena(notesequence::thread_reusable_arena_options());  // no allocation per note
    auto& ns = *google::protobuf::Arena::CreateMessage<magenta::NoteSequence>(&arena);
    midi::parse_midi(bytes, path.string(), scratch);
    notesequence::midi_to_note_sequence(scratch, ns, &report);
    ns.set_collection_name(collection);
    ns.set_filename(relative);
    ns.set_id(note_sequence_id(relative, collection, "midi"));
    out.notes = static_cast<std::size_t>(ns.notes_size());
    out.records.emplace_back();
    ns.SerializeToString(&out.records.back());
    out.warnings = std::move(report.warnings);
    out.kind = Outcome::Kind::kConverted;
  } catch (const Error& e) {
    out.kind = Outcome::Kind::kFailed;
    out.message = e.what();
  } catch (const std::bad_alloc&) {
    out.kind = Outcome::Kind::kFailed;
    out.message = path.string() + ": out of memory while converting";
  } catch (const std::exception& e) {
    out.kind = Outcome::Kind::kFailed;
    out.message = path.string() + ": internal error: " + e.what();
  }
  return out;
}

// The collection name is the input directory's own name; unlike Magenta's
// os.path.basename, a trailing slash does not make it empty.
std::string collection_name(const fs::path& input_dir) {
  fs::path p = input_dir.lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  std::string name = p.filename().string();
  if (name.empty() || name == "." || name == "..") name = fs::absolute(input_dir).lexically_normal().filename().string();
  if (name.empty()) name = fs::absolute(input_dir).lexically_normal().parent_path().filename().string();
  return name;
}

}  // namespace

ConvertSummary convert_directory(const ConvertOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<std::string> listed =
      options.files.empty() ? notesequence::list_input_files(options.input_dir, options.recursive) : std::vector<std::string>{};
  const std::vector<std::string>& files = options.files.empty() ? listed : options.files;
  const std::string collection = collection_name(options.input_dir);
  std::optional<tfio::TFRecordWriter> writer;
  if (!options.on_record) writer.emplace(options.output_file);

  ConvertSummary summary;
  // Which files this process converts: local position p -> index into `files`. Grown chunk
  // by chunk from options.claim (sharded and MPI jobs) or all files at once.
  std::vector<std::size_t> mine;
  bool all_claimed = false;
  if (!options.claim) {
    mine.resize(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) mine[i] = i;
    all_claimed = true;
  }
  core::ProgressBar progress("convert", options.claim ? 0 : files.size(), options.progress);

  // Workers claim positions in order; the writer consumes outcomes in order. A bounded window
  // between the two keeps memory flat on corpora of any size.
  const std::size_t threads = static_cast<std::size_t>(std::max(1, options.threads));
  const std::size_t window = std::max<std::size_t>(8, threads * 4);
  std::vector<std::optional<Outcome>> slots(window);
  std::mutex mutex;
  std::mutex claim_mutex;
  std::condition_variable slot_filled;
  std::condition_variable slot_freed;
  std::size_t next_to_write = 0;
  std::size_t positions = all_claimed ? mine.size() : SIZE_MAX;  // known once claims run dry
  std::atomic<std::size_t> next_to_claim{0};

  // The file index at local position p, claiming more work when needed; nullopt past the end.
  auto file_at = [&](std::size_t p) -> std::optional<std::size_t> {
    std::lock_guard claim_lock(claim_mutex);
    while (p >= mine.size() && !all_claimed) {
      std::vector<std::size_t> chunk = options.claim();
      if (chunk.empty()) {
        all_claimed = true;
        std::lock_guard lock(mutex);
        positions = mine.size();
        break;
      }
      mine.insert(mine.end(), chunk.begin(), chunk.end());
    }
    if (p >= mine.size()) return std::nullopt;
    return mine[p];
  };

  auto worker = [&] {
    midi::MidiFile scratch;  // reused from file to file
    while (true) {
      const std::size_t p = next_to_claim.fetch_add(1);
      const std::optional<std::size_t> i = file_at(p);
      if (!i) {
        slot_filled.notify_all();  // the writer may be waiting to learn where the end is
        return;
      }
      {
        std::unique_lock lock(mutex);
        slot_freed.wait(lock, [&] { return p < next_to_write + window; });
      }
      Outcome outcome = convert_one(options.input_dir, files[*i], collection, scratch);
      {
        std::lock_guard lock(mutex);
        slots[p % window] = std::move(outcome);
      }
      slot_filled.notify_all();
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);

  try {
    for (std::size_t p = 0;; ++p) {
      Outcome outcome;
      std::size_t i = 0;
      {
        std::unique_lock lock(mutex);
        slot_filled.wait(lock, [&] { return p >= positions || slots[p % window].has_value(); });
        if (p >= positions) break;
        outcome = std::move(*slots[p % window]);
        slots[p % window].reset();
        next_to_write = p + 1;
      }
      {
        std::lock_guard claim_lock(claim_mutex);
        i = mine[p];
      }
      slot_freed.notify_all();
      ++summary.files_seen;
      summary.input_bytes += outcome.input_bytes;
      switch (outcome.kind) {
        case Outcome::Kind::kConverted:
          for (const auto& record : outcome.records) {
            if (writer) {
              writer->write(record);
            } else {
              options.on_record(record);
            }
          }
          ++summary.converted;
          summary.records += outcome.records.size();
          summary.written.emplace_back(i, outcome.records.size());
          summary.notes += outcome.notes;
          for (auto& w : outcome.warnings) summary.warnings.push_back({i, files[i], std::move(w)});
          for (auto& item : outcome.skipped_items) summary.skipped_items.push_back({i, files[i], std::move(item)});
          break;
        case Outcome::Kind::kFailed:
          summary.failed.push_back({i, files[i], std::move(outcome.message)});
          for (auto& item : outcome.skipped_items) summary.skipped_items.push_back({i, files[i], std::move(item)});
          break;
        case Outcome::Kind::kIgnored:
          break;
      }
      progress.set_status(std::to_string(summary.failed.size()) + " failed");
      progress.advance();
      if (options.on_file_done) options.on_file_done();
    }
  } catch (...) {
    // Let the workers drain before rethrowing (they block on the window otherwise).
    {
      std::lock_guard lock(mutex);
      next_to_write = SIZE_MAX / 2;
    }
    slot_freed.notify_all();
    for (auto& t : pool) t.join();
    throw;
  }
  for (auto& t : pool) t.join();
  progress.finish();
  if (writer) {
    writer->commit();
    summary.output_bytes = writer->bytes_written();
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace stochos::jobs
