// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// `stochos melody train` and Python's train() up to the training loop: the run directory is
/// opened or created, its stochos_run.txt remembering config, hparams, seed and batching (a
/// request that disagrees is refused: rnn::resolve_run_config), and the training options are
/// filled. Under mpirun the ranks train data-parallel: rank 0 checks and writes the run
/// directory before the others read it. The loop itself, rnn::train_melody_rnn, needs LibTorch
/// and runs in the binaries that link it (stochos-train, the _train Python extension).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "stochos/rnn/training.h"

namespace stochos::jobs {

struct TrainJobOptions {
  std::filesystem::path run_dir;
  std::vector<std::filesystem::path> sequence_example_files;
  /// Config, hparams, seed and batching asked for; empty ones come from the run directory.
  rnn::RunRequest request;
  std::int64_t num_training_steps = 0;  ///< the global step to stop at; 0 = until interrupted
  std::int64_t checkpoint_every_steps = 100;
  std::int64_t summary_every_steps = 10;
  std::optional<std::filesystem::path> init_from;
  int num_threads = 1;
  bool show_progress = true;
  /// Train data-parallel over the ranks when mpirun started this process (the CLI); Python
  /// trains as one process.
  bool across_mpi_ranks = false;
};

struct OpenedTrainingRun {
  rnn::TrainOptions options;  ///< ready for rnn::train_melody_rnn
  bool is_root = true;        ///< the process that reports (rank 0, or the only one)
  int ranks = 1;
};

/// Opens the run as described above. Throws Error (kUsage) for a request the run directory
/// refuses, Error (kIo) when it cannot be written.
OpenedTrainingRun open_training_run(const TrainJobOptions& options);

/// "config basic_rnn, hparams ..., seed 0, shuffled batches, 1 thread[, N MPI ranks (data
/// parallel)]": what the CLI prints before training.
std::string describe_training_run(const OpenedTrainingRun& run);

}  // namespace stochos::jobs
