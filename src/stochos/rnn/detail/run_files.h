// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The files of a training run directory (see training.h): metric logs, checkpoints kept
// and pruned as tf.train.Saver does, and the metrics picture.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "stochos/rnn/evaluation.h"
#include "stochos/tfio/checkpoint.h"

namespace stochos::rnn::detail {

/// A CSV of metrics by step, rewritten atomically on every append. Rows after
/// `keep_through_step` (work a killed run did after its last checkpoint) are dropped when
/// the log is opened, so a resumed run's log has every step once.
class MetricsLog {
 public:
  MetricsLog(std::filesystem::path path, std::int64_t keep_through_step);
  void append(std::int64_t step, const MelodyRnnMetrics& metrics, double steps_per_second);
  /// Steps already in the log.
  std::vector<std::int64_t> steps() const;

 private:
  void write() const;
  std::filesystem::path path_;
  std::vector<std::string> rows_;
};

/// Writes train_dir/model.ckpt-<step> (V2), points the `checkpoint` state file at it and
/// deletes the oldest checkpoints beyond `keep`.
void save_training_checkpoint(const std::filesystem::path& train_dir, const tfio::Checkpoint& checkpoint,
                              std::int64_t step, int keep);

/// run_dir/metrics.png from run_dir/train/metrics.csv and run_dir/eval/metrics.csv.
void draw_metrics_png(const std::filesystem::path& run_dir);

std::string fixed(double value, int decimals);

}  // namespace stochos::rnn::detail
