// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/detail/run_files.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/core/progress.h"
#include "stochos/tfio/shards.h"
#include "stochos/plot/line_chart.h"
#include "stochos/melody/sequence_example.h"
#include "stochos/rnn/training.h"

namespace stochos::rnn {
namespace detail {
namespace {

constexpr const char* kMetricsHeader = "step,loss,perplexity,accuracy,event_accuracy,no_event_accuracy,steps_per_second";

std::vector<std::vector<double>> read_csv_numbers(const std::filesystem::path& path) {
  std::vector<std::vector<double>> rows;
  std::ifstream in(path);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    std::vector<double> row;
    std::stringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) row.push_back(std::strtod(cell.c_str(), nullptr));
    if (!row.empty()) rows.push_back(row);
  }
  return rows;
}

}  // namespace

std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

MetricsLog::MetricsLog(std::filesystem::path path, std::int64_t keep_through_step) : path_(std::move(path)) {
  std::ifstream in(path_);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (!line.empty() && std::strtoll(line.c_str(), nullptr, 10) <= keep_through_step) rows_.push_back(line);
  }
}

void MetricsLog::append(std::int64_t step, const MelodyRnnMetrics& m, double steps_per_second) {
  rows_.push_back(std::to_string(step) + "," + fixed(m.loss, 6) + "," + fixed(m.perplexity, 6) + "," +
                  fixed(m.accuracy, 6) + "," + fixed(m.event_accuracy, 6) + "," + fixed(m.no_event_accuracy, 6) + "," +
                  fixed(steps_per_second, 3));
  write();
}

std::vector<std::int64_t> MetricsLog::steps() const {
  std::vector<std::int64_t> out;
  for (const auto& row : rows_) out.push_back(std::strtoll(row.c_str(), nullptr, 10));
  return out;
}

void MetricsLog::write() const {
  std::string text = std::string(kMetricsHeader) + "\n";
  for (const auto& row : rows_) text += row + "\n";
  std::filesystem::create_directories(path_.parent_path());
  core::write_file_atomically(path_, text);
}

void save_training_checkpoint(const std::filesystem::path& train_dir, const tfio::Checkpoint& checkpoint,
                              std::int64_t step, int keep) {
  const std::string name = "model.ckpt-" + std::to_string(step);
  tfio::write_checkpoint_v2(train_dir / name, checkpoint);
  tfio::CheckpointState state = tfio::read_checkpoint_state(train_dir).value_or(tfio::CheckpointState{});
  auto& all = state.all_model_checkpoint_paths;
  all.erase(std::remove(all.begin(), all.end(), name), all.end());
  all.push_back(name);
  state.model_checkpoint_path = name;
  while (keep > 0 && all.size() > static_cast<std::size_t>(keep)) {
    const std::filesystem::path old = train_dir / std::filesystem::path(all.front()).filename();
    std::error_code ignored;
    std::filesystem::remove(old.string() + ".index", ignored);
    std::filesystem::remove(old.string() + ".data-00000-of-00001", ignored);
    all.erase(all.begin());
  }
  tfio::write_checkpoint_state(train_dir, state);
}

void draw_metrics_png(const std::filesystem::path& run_dir) {
  const auto train = read_csv_numbers(run_dir / "train" / "metrics.csv");
  const auto eval = read_csv_numbers(run_dir / "eval" / "metrics.csv");
  if (train.empty() && eval.empty()) return;
  auto series = [](const std::vector<std::vector<double>>& rows, std::size_t column, const char* label) {
    plot::Series s;
    s.label = label;
    for (const auto& r : rows) {
      if (r.size() > column) s.x.push_back(r[0]), s.y.push_back(r[column]);
    }
    return s;
  };
  std::vector<plot::ChartPanel> panels = {
      {"loss (mean negative log-likelihood per step)", {series(train, 1, "train"), series(eval, 1, "eval")}},
      {"accuracy", {series(train, 3, "train"), series(eval, 3, "eval")}},
      {"event accuracy", {series(train, 4, "train"), series(eval, 4, "eval")}},
  };
  plot::LineChartOptions options;
  options.title = "Melody RNN training: " + run_dir.filename().string();
  plot::write_line_chart_png(panels, run_dir / "metrics.png", options);
}

}  // namespace detail

const char* batching_name(Batching batching) {
  return batching == Batching::kBucketed ? "bucketed" : "random";
}

Batching parse_batching(const std::string& name) {
  if (name == "bucketed") return Batching::kBucketed;
  if (name == "random") return Batching::kRandom;
  throw Error::usage("--batching must be bucketed or random, not '" + name + "'");
}

std::optional<RunConfig> read_run_config(const std::filesystem::path& run_dir) {
  const auto path = run_dir / "stochos_run.txt";
  if (!std::filesystem::exists(path)) return std::nullopt;
  std::ifstream in(path);
  std::string line, config_id, hparams;
  std::optional<std::uint64_t> seed;
  Batching batching = Batching::kRandom;  // runs recorded before bucketing existed
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      throw Error::input(path.string(), {std::nullopt, static_cast<std::uint32_t>(line_number), 1u, {}}, "expected key=value");
    }
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "config") config_id = value;
    else if (key == "hparams") hparams = value;
    else if (key == "seed") seed = std::strtoull(value.c_str(), nullptr, 10);
    else if (key == "batching") {
      try {
        batching = parse_batching(value);
      } catch (const Error&) {
        throw Error::input(path.string(), {std::nullopt, static_cast<std::uint32_t>(line_number), 1u, {}},
                           "batching must be bucketed or random, not '" + value + "'");
      }
    }
  }
  if (config_id.empty()) throw Error::input(path.string(), {}, "no config= line");
  RunConfig run;
  run.config = melody::melody_rnn_config(config_id);
  melody::apply_hparams(run.config.hparams, hparams);
  run.seed = seed.value_or(0);
  run.batching = batching;
  return run;
}

void write_run_config(const std::filesystem::path& run_dir, const RunConfig& run) {
  std::filesystem::create_directories(run_dir);
  core::write_file_atomically(
      run_dir / "stochos_run.txt",
      "# written by stochos melody train; later commands read the config from here\n"
      "config=" +
          run.config.id + "\nhparams=" + melody::hparams_to_string(run.config.hparams) +
          "\nseed=" + std::to_string(run.seed) + "\nbatching=" + batching_name(run.batching) + "\n");
}

RunConfig resolve_run_config(const std::filesystem::path& run_dir, const RunRequest& request, bool& is_new) {
  const std::string dir = run_dir.string();
  if (auto existing = read_run_config(run_dir)) {
    is_new = false;
    if (!request.config.empty() && request.config != existing->config.id) {
      throw Error::usage(dir + " holds a " + existing->config.id + " run; --config " + request.config +
                         " differs");
    }
    if (!request.hparams.empty()) {
      auto changed = existing->config.hparams;
      melody::apply_hparams(changed, request.hparams);
      if (!(changed == existing->config.hparams)) {
        throw Error::usage(dir + " was started with hparams " +
                           melody::hparams_to_string(existing->config.hparams) +
                           "; start a new --run_dir to change them");
      }
    }
    if (request.seed && *request.seed != existing->seed) {
      throw Error::usage(dir + " was started with --seed " + std::to_string(existing->seed));
    }
    if (!request.batching.empty() && parse_batching(request.batching) != existing->batching) {
      throw Error::usage(dir + " was started with --batching " + batching_name(existing->batching));
    }
    return *existing;
  }
  if (request.config.empty()) throw Error::usage("--config is required for a new run directory");
  is_new = true;
  RunConfig run;
  run.config = melody::melody_rnn_config(request.config);
  melody::apply_hparams(run.config.hparams, request.hparams);
  run.seed = request.seed.value_or(0);
  if (!request.batching.empty()) run.batching = parse_batching(request.batching);
  return run;
}

std::vector<melody::EncodedSequence> read_training_data(const std::vector<std::filesystem::path>& files,
                                                        int input_size) {
  // Each name may be a shard pattern or set (tfio::expand_input_files).
  std::vector<std::filesystem::path> expanded;
  for (const auto& name : files) {
    std::error_code ec;
    if (std::filesystem::exists(name, ec)) {
      expanded.push_back(name);
      continue;
    }
    for (auto& f : tfio::expand_input_files(name.string())) expanded.push_back(std::move(f));
  }
  std::vector<melody::EncodedSequence> data;
  for (const auto& file : expanded) {
    auto part = melody::read_sequence_examples(file);
    for (std::size_t i = 0; i < part.size(); ++i) {
      if (part[i].input_size != input_size) {
        throw Error::input(file.string(), {}, "record " + std::to_string(i) + " has inputs of width " +
                                                  std::to_string(part[i].input_size) + ", the config needs " +
                                                  std::to_string(input_size) + " (was it made for another config?)");
      }
      if (part[i].steps() > 0) data.push_back(std::move(part[i]));
    }
  }
  if (data.empty()) throw Error::usage("no training sequences in the given files");
  return data;
}

int watch_and_evaluate(const EvalWatchOptions& options) {
  const auto run = read_run_config(options.run_dir);
  if (!run) throw Error::usage(options.run_dir.string() + ": not a training run directory (no stochos_run.txt)");
  const auto encoder = melody::make_encoder_decoder(run->config);
  const auto data = read_training_data(options.sequence_example_files, encoder->input_size());
  const auto train_dir = options.run_dir / "train";
  detail::MetricsLog log(options.run_dir / "eval" / "metrics.csv", INT64_MAX);
  const auto done_steps = log.steps();
  std::set<std::int64_t> done(done_steps.begin(), done_steps.end());
  int evaluated = 0;
  auto last_new = std::chrono::steady_clock::now();
  while (true) {
    bool found = false;
    if (auto state = tfio::read_checkpoint_state(train_dir)) {
      for (const auto& path : state->all_model_checkpoint_paths) {
        const std::filesystem::path prefix = train_dir / std::filesystem::path(path).filename();
        const std::string name = prefix.filename().string();
        const auto dash = name.rfind('-');
        const std::int64_t step = dash == std::string::npos ? -1 : std::strtoll(name.c_str() + dash + 1, nullptr, 10);
        if (done.count(step)) continue;
        tfio::Checkpoint checkpoint;
        try {
          checkpoint = tfio::read_checkpoint(prefix);
        } catch (const Error&) {
          continue;  // pruned by the trainer meanwhile
        }
        const auto weights = weights_from_checkpoint(checkpoint, run->config, false);
        const auto m = evaluate_sequences(weights, data, encoder->default_event_label()).metrics();
        log.append(step, m, 0.0);
        detail::draw_metrics_png(options.run_dir);
        if (options.show_progress) {
          std::fprintf(stderr, "eval step %lld: loss %.4f perplexity %.3f accuracy %.4f event %.4f no-event %.4f\n",
                       static_cast<long long>(step), m.loss, m.perplexity, m.accuracy, m.event_accuracy,
                       m.no_event_accuracy);
        }
        done.insert(step);
        ++evaluated;
        found = true;
        last_new = std::chrono::steady_clock::now();
      }
    }
    if (options.stop_at_step > 0 && done.count(options.stop_at_step)) break;
    if (!found) {
      const double idle = std::chrono::duration<double>(std::chrono::steady_clock::now() - last_new).count();
      if (idle >= options.timeout_seconds) break;
      std::this_thread::sleep_for(std::chrono::duration<double>(std::min(options.poll_seconds, options.timeout_seconds)));
    }
  }
  return evaluated;
}

}  // namespace stochos::rnn
