// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// `stochos melody train`: Magenta's melody_rnn_train on LibTorch (CPU). The run directory
/// holds what later commands need:
///   run_dir/stochos_run.txt            config id, hparams, seed (written once)
///   run_dir/train/model.ckpt-N.*       TensorFlow V2 checkpoints with Magenta's variable
///                                      names, Adam slots and global_step (TF can read them)
///   run_dir/train/checkpoint           TF's checkpoint state file
///   run_dir/train/metrics.csv          training metrics every summary_every_steps
///   run_dir/eval/metrics.csv           metrics of each checkpoint on the eval set (--eval)
///   run_dir/metrics.png                training and eval loss and accuracy curves
/// Every random choice (initial weights, batch order, dropout) is a function of the seed
/// and the step, so a run killed at any moment and restarted from its last checkpoint
/// reaches the same weights as one that was never interrupted.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "stochos/melody/melody_rnn_config.h"
#include "stochos/rnn/evaluation.h"
#include "stochos/rnn/melody_rnn_weights.h"

namespace stochos::rnn {

/// How training forms its batches (see BatchOrder in training.cpp).
enum class Batching {
  kBucketed,  ///< stochos's default: batches of similar lengths, every sequence once per epoch
  kRandom,    ///< Magenta's: consecutive slices of one shuffled order per epoch
};
const char* batching_name(Batching batching);
/// "bucketed" or "random"; throws a usage error naming the choices otherwise.
Batching parse_batching(const std::string& name);

/// The config, hparams, seed and batching a run directory was created with.
struct RunConfig {
  melody::MelodyRnnConfig config;
  std::uint64_t seed = 0;
  Batching batching = Batching::kBucketed;  ///< runs recorded without it used kRandom
};
std::optional<RunConfig> read_run_config(const std::filesystem::path& run_dir);
void write_run_config(const std::filesystem::path& run_dir, const RunConfig& run);

/// What a training command asks for; empty / unset means "as recorded" (or the default).
struct RunRequest {
  std::string config;
  std::string hparams;
  std::optional<std::uint64_t> seed;
  std::string batching;  ///< "bucketed", "random" or empty
};
/// The run config of `run_dir` when it has one (usage error if the request differs from it:
/// another config, hparams, seed or batching), else a new one from the request (which then
/// needs a config). `is_new` tells the caller to write it. For `melody train` and Python.
RunConfig resolve_run_config(const std::filesystem::path& run_dir, const RunRequest& request, bool& is_new);

/// Synchronous data-parallel training (the train command wires jobs::MpiWorld in): every rank holds
/// the whole data set and the same weights, computes the gradients of its rows of each global
/// batch (rows [B*rank/ranks, B*(rank+1)/ranks) of the single-process batch, padded to its
/// length, under the single-process dropout masks), and the sums over ranks of gradients of
/// the loss divided by the global batch's step count are the single-process gradients. Rank
/// 0 alone writes checkpoints, metrics and plots.
struct DataParallel {
  int rank = 0;
  int ranks = 1;
  /// In-place element-wise sums over all ranks (every rank calls them in the same order).
  std::function<void(float* values, std::size_t count)> allreduce_floats;
  std::function<void(double* values, std::size_t count)> allreduce_doubles;
};

struct TrainOptions {
  RunConfig run;
  std::vector<std::filesystem::path> sequence_example_files;
  std::filesystem::path run_dir;
  std::int64_t num_training_steps = 0;  ///< the global step to stop at; 0 = until interrupted
  std::int64_t checkpoint_every_steps = 100;
  std::int64_t summary_every_steps = 10;
  int keep_checkpoints = 10;  ///< Magenta's keep_checkpoint_max
  std::optional<std::filesystem::path> init_from;  ///< bundle or checkpoint to fine-tune
  int num_threads = 1;  ///< pinned, so that reductions keep their order
  bool show_progress = true;
  DataParallel data_parallel;
};

struct TrainResult {
  std::int64_t start_step = 0;  ///< > 0 when the run resumed
  std::int64_t final_step = 0;
  std::optional<MelodyRnnMetrics> last_metrics;
  double seconds = 0;
  bool interrupted = false;
};

TrainResult train_melody_rnn(const TrainOptions& options);

struct EvalWatchOptions {
  std::filesystem::path run_dir;
  std::vector<std::filesystem::path> sequence_example_files;
  double poll_seconds = 5;
  double timeout_seconds = 300;  ///< stop after this long without a new checkpoint
  std::int64_t stop_at_step = 0;  ///< stop once this step is evaluated (0: only the timeout)
  bool show_progress = true;
};

/// Magenta's eval job: evaluates each new checkpoint of run_dir/train on the eval set,
/// appends to run_dir/eval/metrics.csv and redraws run_dir/metrics.png. Returns the number
/// of checkpoints evaluated.
int watch_and_evaluate(const EvalWatchOptions& options);

/// Reads every SequenceExample of the files (shards or lists), checking the input width.
std::vector<melody::EncodedSequence> read_training_data(const std::vector<std::filesystem::path>& files,
                                                        int input_size);

/// Training one step of `batch` random sequences of `steps` events, for benchmarks:
/// returns seconds per step (median of `repeats`).
double benchmark_training_step(const melody::MelodyRnnConfig& config, int batch, int steps, int repeats,
                               int num_threads);

}  // namespace stochos::rnn

namespace stochos::rnn {

/// The training model's logits (LibTorch forward, no dropout) for one sequence's inputs:
/// steps() rows of num_classes values. For checking the fused path against it.
std::vector<float> training_model_logits(const MelodyRnnWeights& weights, const melody::EncodedSequence& sequence);

}  // namespace stochos::rnn
