// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/jobs/sharded_jobs.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/core/progress.h"
#include "stochos/tfio/tfrecord.h"

namespace stochos::jobs {
namespace fs = std::filesystem;
namespace {

// Files handed out per claim: small enough that the last claims even out the ranks, large
// enough that a corpus of small files costs few atomics.
std::uint64_t chunk_size(std::size_t items, const MpiWorld& world, int threads) {
  const std::uint64_t per_worker = items / (static_cast<std::uint64_t>(world.size()) * std::max(1, threads) * 16);
  return std::clamp<std::uint64_t>(per_worker, 1, 64);
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + '\n';
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// ---------------------------------------------------------------- convert summaries

void pack_items(Packer& p, const std::vector<ConvertItem>& items) {
  p.u64(items.size());
  for (const auto& i : items) {
    p.u64(i.file_index);
    p.str(i.relative_path);
    p.str(i.message);
  }
}

void unpack_items(Unpacker& u, std::vector<ConvertItem>& items) {
  const std::uint64_t n = u.u64();
  for (std::uint64_t k = 0; k < n; ++k) {
    ConvertItem item;
    item.file_index = u.u64();
    item.relative_path = u.str();
    item.message = u.str();
    items.push_back(std::move(item));
  }
}

std::string pack_convert(const ConvertSummary& s) {
  Packer p;
  for (std::uint64_t v : {std::uint64_t{s.files_seen}, std::uint64_t{s.converted}, std::uint64_t{s.records},
                          std::uint64_t{s.notes}, s.input_bytes, s.output_bytes}) {
    p.u64(v);
  }
  pack_items(p, s.failed);
  pack_items(p, s.unsupported);
  pack_items(p, s.warnings);
  pack_items(p, s.skipped_items);
  p.u64(s.written.size());
  for (const auto& [file, records] : s.written) p.u64(file), p.u64(records);
  return p.bytes();
}

void unpack_convert_into(const std::string& bytes, ConvertSummary& s) {
  Unpacker u(bytes);
  s.files_seen += u.u64();
  s.converted += u.u64();
  s.records += u.u64();
  s.notes += u.u64();
  s.input_bytes += u.u64();
  s.output_bytes += u.u64();
  unpack_items(u, s.failed);
  unpack_items(u, s.unsupported);
  unpack_items(u, s.warnings);
  unpack_items(u, s.skipped_items);
  const std::uint64_t n = u.u64();
  for (std::uint64_t k = 0; k < n; ++k) {
    const std::uint64_t file = u.u64();
    s.written.emplace_back(file, u.u64());
  }
}

void sort_by_input_order(std::vector<ConvertItem>& items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const ConvertItem& a, const ConvertItem& b) { return a.file_index < b.file_index; });
}

// ---------------------------------------------------------------- dataset summaries

std::string pack_dataset(const DatasetSummary& s) {
  Packer p;
  p.u64(s.inputs);
  p.u64(s.training_outputs);
  p.u64(s.eval_outputs);
  p.u64(s.statistics.counters().size());
  for (const auto& [name, value] : s.statistics.counters()) p.str(name), p.u64(static_cast<std::uint64_t>(value));
  p.u64(s.statistics.histograms().size());
  for (const auto& [name, h] : s.statistics.histograms()) {
    p.str(name);
    p.u64(h.lower_bounds.size());
    for (double b : h.lower_bounds) p.str(std::string(reinterpret_cast<const char*>(&b), sizeof b));
    for (std::int64_t c : h.counts) p.u64(static_cast<std::uint64_t>(c));
  }
  p.u64(s.skipped.size());
  for (const auto& k : s.skipped) p.str(k.message);
  p.u64(s.reports.size());
  for (const auto& r : s.reports) {
    p.u64(r.record_index);
    p.str(r.id);
    p.str(r.filename);
    p.str(r.partition);
    p.u64(static_cast<std::uint64_t>(r.notes));
    p.u64(static_cast<std::uint64_t>(r.pieces));
    p.u64(static_cast<std::uint64_t>(r.pieces_quantized));
    p.str(join_lines(r.quantize_failures));
    p.u64(static_cast<std::uint64_t>(r.pieces_non_integer_steps_per_bar));
    for (std::int64_t c : {r.counts.polyphonic_tracks_discarded, r.counts.melodies_discarded_too_short,
                           r.counts.melodies_discarded_too_few_pitches, r.counts.melodies_discarded_too_long,
                           r.counts.melodies_truncated}) {
      p.u64(static_cast<std::uint64_t>(c));
    }
    p.u64(r.counts.melody_lengths_in_bars.size());
    for (std::int64_t l : r.counts.melody_lengths_in_bars) p.u64(static_cast<std::uint64_t>(l));
    p.u64(static_cast<std::uint64_t>(r.melodies));
  }
  return p.bytes();
}

void unpack_dataset_into(const std::string& bytes, DatasetSummary& s) {
  Unpacker u(bytes);
  s.inputs += u.u64();
  s.training_outputs += u.u64();
  s.eval_outputs += u.u64();
  melody::Statistics stats;
  for (std::uint64_t n = u.u64(); n > 0; --n) {
    std::string name = u.str();
    stats.add_counter(name, static_cast<std::int64_t>(u.u64()));
  }
  for (std::uint64_t n = u.u64(); n > 0; --n) {
    const std::string name = u.str();
    std::vector<double> bounds(u.u64());
    for (double& b : bounds) {
      const std::string raw = u.str();
      std::copy(raw.begin(), raw.end(), reinterpret_cast<char*>(&b));
    }
    melody::Histogram h(bounds);
    h.lower_bounds = bounds;
    h.counts.assign(bounds.size(), 0);
    for (auto& c : h.counts) c = static_cast<std::int64_t>(u.u64());
    stats.add_histogram(name, h);
  }
  s.statistics.merge(stats);
  for (std::uint64_t n = u.u64(); n > 0; --n) s.skipped.push_back({u.str()});
  for (std::uint64_t n = u.u64(); n > 0; --n) {
    melody::SequenceReport r;
    r.record_index = u.u64();
    r.id = u.str();
    r.filename = u.str();
    r.partition = u.str();
    r.notes = static_cast<int>(u.u64());
    r.pieces = static_cast<int>(u.u64());
    r.pieces_quantized = static_cast<int>(u.u64());
    r.quantize_failures = split_lines(u.str());
    r.pieces_non_integer_steps_per_bar = static_cast<int>(u.u64());
    for (std::int64_t* c : {&r.counts.polyphonic_tracks_discarded, &r.counts.melodies_discarded_too_short,
                            &r.counts.melodies_discarded_too_few_pitches, &r.counts.melodies_discarded_too_long,
                            &r.counts.melodies_truncated}) {
      *c = static_cast<std::int64_t>(u.u64());
    }
    r.counts.melody_lengths_in_bars.resize(u.u64());
    for (auto& l : r.counts.melody_lengths_in_bars) l = static_cast<std::int64_t>(u.u64());
    r.melodies = static_cast<int>(u.u64());
    s.reports.push_back(std::move(r));
  }
}

// Rank 0's progress bar over every rank's finished items, fed from the shared counter.
class GlobalProgress {
  // mpirun hands the ranks' stderr over a pipe, so rank 0 cannot see whether a terminal is
  // at the other end: it draws unless --no-progress said kNever.
  static core::ProgressBar::Mode bar_mode(core::ProgressBar::Mode asked, const MpiWorld& world) {
    if (!world.is_root() || asked == core::ProgressBar::Mode::kNever) return core::ProgressBar::Mode::kNever;
    return core::ProgressBar::Mode::kAlways;
  }

 public:
  GlobalProgress(const std::string& label, std::uint64_t total, core::ProgressBar::Mode mode, MpiWorld& world,
                 WorkCounter& counter)
      : bar_(label, total, bar_mode(mode, world)), counter_(counter) {}

  // One finished item here; every 8 the shared count is updated (and rank 0 redraws).
  void item_done() {
    if (++pending_ >= 8) flush();
  }
  void flush() {
    const std::uint64_t total = counter_.add_done(pending_);
    pending_ = 0;
    if (total > shown_) bar_.advance(total - shown_), shown_ = total;
  }
  void finish() {
    flush();
    bar_.finish();
  }

 private:
  core::ProgressBar bar_;
  WorkCounter& counter_;
  std::uint64_t pending_ = 0;
  std::uint64_t shown_ = 0;
};

}  // namespace

ConvertSummary convert_shard(ConvertOptions options, tfio::ShardSpec shard) {
  if (shard.whole()) return convert_directory(options);
  if (options.files.empty()) options.files = notesequence::list_input_files(options.input_dir, options.recursive);
  std::vector<std::size_t> mine;
  for (std::size_t i = 0; i < options.files.size(); ++i) {
    if (tfio::shard_of(options.files[i], shard.count) == shard.index) mine.push_back(i);
  }
  bool handed_out = false;
  options.claim = [&] {
    if (handed_out) return std::vector<std::size_t>{};
    handed_out = true;
    return mine;
  };
  options.output_file = tfio::shard_file_name(options.output_file, shard.index, shard.count);
  return convert_directory(options);
}

namespace {

// convert_across_ranks; on rank 0, `written_by_rank` (if given) receives each rank's
// (file index, records) list in its shard's record order.
ConvertSummary convert_ranks(ConvertOptions options, MpiWorld& world,
                                 std::vector<std::vector<std::pair<std::size_t, std::size_t>>>* written_by_rank) {
  const auto start = std::chrono::steady_clock::now();
  // One listing, on rank 0, so that every rank agrees on the indices.
  std::string listing;
  if (world.is_root()) {
    try {
      listing = join_lines(notesequence::list_input_files(options.input_dir, options.recursive));
    } catch (const Error& e) {
      std::fprintf(stderr, "stochos: error: %s\n", e.what());
      world.abort(exit_code_for(e.kind()));
    }
  }
  options.files = split_lines(world.broadcast(listing));
  const std::size_t n = options.files.size();
  WorkCounter counter(world);
  const std::uint64_t chunk = chunk_size(n, world, options.threads);
  options.claim = [&] {
    const std::uint64_t first = counter.claim(chunk);
    std::vector<std::size_t> out;
    for (std::uint64_t i = first; i < std::min<std::uint64_t>(first + chunk, n); ++i) out.push_back(i);
    return out;
  };
  GlobalProgress progress("convert", n, options.progress, world, counter);
  options.on_file_done = [&] { progress.item_done(); };
  options.progress = core::ProgressBar::Mode::kNever;
  options.output_file = tfio::shard_file_name(options.output_file, static_cast<std::uint32_t>(world.rank()),
                                                static_cast<std::uint32_t>(world.size()));
  ConvertSummary mine = convert_directory(options);
  progress.finish();
  const std::vector<std::string> all = world.gather(pack_convert(mine));
  if (!world.is_root()) return mine;
  ConvertSummary merged;
  for (const auto& bytes : all) {
    ConvertSummary one;
    unpack_convert_into(bytes, one);
    if (written_by_rank) written_by_rank->push_back(one.written);
    merged.files_seen += one.files_seen;
    merged.converted += one.converted;
    merged.records += one.records;
    merged.notes += one.notes;
    merged.input_bytes += one.input_bytes;
    merged.output_bytes += one.output_bytes;
    for (auto list : {&ConvertSummary::failed, &ConvertSummary::unsupported, &ConvertSummary::warnings,
                       &ConvertSummary::skipped_items}) {
      auto& from = one.*list;
      (merged.*list).insert((merged.*list).end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
    }
    merged.written.insert(merged.written.end(), one.written.begin(), one.written.end());
  }
  sort_by_input_order(merged.failed);
  sort_by_input_order(merged.unsupported);
  sort_by_input_order(merged.warnings);
  sort_by_input_order(merged.skipped_items);
  std::sort(merged.written.begin(), merged.written.end());
  merged.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return merged;
}

}  // namespace

ConvertSummary convert_across_ranks(ConvertOptions options, MpiWorld& world) {
  if (!world.distributed()) return convert_directory(options);
  return convert_ranks(std::move(options), world, nullptr);
}

DatasetSummary create_dataset_shard(DatasetOptions options, tfio::ShardSpec shard) {
  if (shard.whole()) return create_dataset(options);
  std::error_code ec;
  if (fs::is_directory(options.input, ec)) {
    throw Error::usage("--shard needs NoteSequence TFRecords as --input (the split depends on which files of a "
                       "folder convert): run `stochos convert --shard K/N` first and pass all its shards, e.g. "
                       "--input notes.tfrecord@" + std::to_string(shard.count));
  }
  options.select = [shard](std::uint64_t index, const magenta::NoteSequence& sequence) {
    return tfio::shard_of(shard_key(sequence, index), shard.count) == shard.index;
  };
  options.output_shard = shard;
  if (options.report_file) {
    options.report_file = tfio::shard_file_name(*options.report_file, shard.index, shard.count);
  }
  return create_dataset(options);
}

DatasetSummary create_dataset_across_ranks(DatasetOptions options, MpiWorld& world) {
  if (!world.distributed()) return create_dataset(options);
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  fs::create_directories(options.output_dir, ec);
  std::vector<SkippedInput> conversion_skips;
  fs::path merged_notes;
  if (fs::is_directory(options.input, ec)) {
    // Convert across the ranks into scratch shards, then rank 0 merges them in input order:
    // the record order, hence the split, is then the single-process one.
    const std::string tag = world.broadcast(std::to_string(::getpid()));
    ConvertOptions convert;
    convert.input_dir = options.input;
    convert.recursive = options.recursive;
    convert.threads = options.threads;
    convert.progress = options.progress;
    convert.output_file = options.output_dir / (".stochos-notesequences-" + tag + ".tfrecord");
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> written_by_rank;
    const ConvertSummary converted = convert_ranks(convert, world, &written_by_rank);
    merged_notes = options.output_dir / (".stochos-notesequences-" + tag + "-merged.tfrecord");
    if (world.is_root()) {
      for (const auto& f : converted.failed) conversion_skips.push_back({f.message});
      for (const auto& f : converted.unsupported) conversion_skips.push_back({f.message});
      // A streaming merge of the scratch shards by file index (each shard is in increasing
      // file order, as its rank claimed them).
      std::vector<std::tuple<std::size_t, std::size_t, int>> order;  // (file, records, rank)
      for (std::size_t r = 0; r < written_by_rank.size(); ++r) {
        for (const auto& [file, records] : written_by_rank[r]) order.emplace_back(file, records, static_cast<int>(r));
      }
      std::sort(order.begin(), order.end());
      std::vector<std::unique_ptr<tfio::TFRecordReader>> readers;
      for (int r = 0; r < world.size(); ++r) {
        readers.push_back(std::make_unique<tfio::TFRecordReader>(tfio::shard_file_name(
            convert.output_file, static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(world.size()))));
      }
      tfio::TFRecordWriter writer(merged_notes);
      std::string record;
      for (const auto& [file, records, rank] : order) {
        for (std::size_t k = 0; k < records; ++k) {
          if (!readers[static_cast<std::size_t>(rank)]->next(record)) {
            throw Error::internal("scratch shard of rank " + std::to_string(rank) + " ended early");
          }
          writer.write(record);
        }
      }
      writer.commit();
    }
    world.barrier();
    fs::remove(tfio::shard_file_name(convert.output_file, static_cast<std::uint32_t>(world.rank()),
                                       static_cast<std::uint32_t>(world.size())),
               ec);
    options.input = merged_notes;
  }

  // Every rank reads the whole stream and draws every partition; records are claimed in
  // chunks from the shared counter as each rank reaches the end of its last chunk.
  WorkCounter counter(world);
  GlobalProgress progress("melody dataset", 0, options.progress, world, counter);
  std::uint64_t claimed_begin = 0, claimed_end = 0;
  const std::uint64_t chunk = 4;  // sequences differ a lot in cost: hand them out a few at a time
  options.select = [&](std::uint64_t index, const magenta::NoteSequence&) {
    while (index >= claimed_end) {
      claimed_begin = counter.claim(chunk);
      claimed_end = claimed_begin + chunk;
    }
    if (index < claimed_begin) return false;
    progress.item_done();
    return true;
  };
  options.output_shard = {static_cast<std::uint32_t>(world.rank()), static_cast<std::uint32_t>(world.size())};
  const std::optional<fs::path> report_file = options.report_file;
  options.report_file.reset();
  options.progress = core::ProgressBar::Mode::kNever;
  DatasetSummary mine = create_dataset(options);
  progress.finish();
  const std::vector<std::string> all = world.gather(pack_dataset(mine));
  world.barrier();
  if (!merged_notes.empty() && world.is_root()) fs::remove(merged_notes, ec);
  if (!world.is_root()) return mine;
  DatasetSummary merged;
  char of[24];
  std::snprintf(of, sizeof of, "-*-of-%05d", world.size());
  merged.training_file = options.output_dir / (std::string("training_melodies.tfrecord") + of);
  merged.eval_file = options.output_dir / (std::string("eval_melodies.tfrecord") + of);
  for (const auto& bytes : all) unpack_dataset_into(bytes, merged);
  std::stable_sort(merged.reports.begin(), merged.reports.end(),
                   [](const auto& a, const auto& b) { return a.record_index < b.record_index; });
  merged.skipped.insert(merged.skipped.begin(), conversion_skips.begin(), conversion_skips.end());
  // Unreadable records are met by every rank: list each once.
  std::vector<SkippedInput> unique;
  for (auto& k : merged.skipped) {
    if (std::none_of(unique.begin(), unique.end(), [&](const auto& u) { return u.message == k.message; })) {
      unique.push_back(std::move(k));
    }
  }
  merged.skipped = std::move(unique);
  if (report_file) {
    melody::ExtractionOptions extraction = melody::melody_rnn_extraction_options();
    extraction.ignore_polyphonic_notes = options.ignore_polyphonic_notes;
    core::write_file_atomically(*report_file, format_report(merged.reports, extraction));
  }
  merged.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return merged;
}

JobPlacement place_job(const std::string& shard_text) {
  JobPlacement placement;
  placement.world = &MpiWorld::get();
  if (placement.world->distributed() && !shard_text.empty()) {
    throw Error::usage("--shard and mpirun exclude each other");
  }
  if (!shard_text.empty()) placement.shard = tfio::parse_shard_spec(shard_text);
  return placement;
}

ConvertSummary run_convert(const ConvertOptions& options, const JobPlacement& placement) {
  return placement.distributed() ? convert_across_ranks(options, *placement.world)
                                 : convert_shard(options, placement.shard);
}

DatasetSummary run_dataset(const DatasetOptions& options, const JobPlacement& placement) {
  return placement.distributed() ? create_dataset_across_ranks(options, *placement.world)
                                 : create_dataset_shard(options, placement.shard);
}

int job_exit_code(const JobPlacement& placement, int root_code) {
  if (!placement.distributed()) return root_code;
  return std::stoi(placement.world->broadcast(placement.is_root() ? std::to_string(root_code) : std::string()));
}

std::string written_name(const std::string& output, const JobPlacement& placement) {
  if (placement.distributed()) {
    char ranks[16];
    std::snprintf(ranks, sizeof ranks, "%05d", placement.world->size());
    return output + "-*-of-" + ranks;
  }
  return tfio::shard_file_name(output, placement.shard.index, placement.shard.count).string();
}

}  // namespace stochos::jobs
