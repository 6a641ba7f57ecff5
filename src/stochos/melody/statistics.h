// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Pipeline statistics as Magenta keeps and logs them (MG magenta/pipelines/statistics.py):
/// named counters and histograms that merge by name, printed sorted by name as
///   DAGPipeline_MelodyExtractor_training_melodies_discarded_too_short: 12
///   DAGPipeline_MelodyExtractor_training_melody_lengths_in_bars:
///     [7,8): 3
/// so a stochos run can be compared with Magenta's log line for line. Not thread-safe.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace stochos::melody {

/// statistics.Histogram: buckets are inclusive lower bounds; an implicit [-inf, lowest)
/// bucket catches everything below.
struct Histogram {
  std::vector<double> lower_bounds;  ///< sorted, distinct, starting with -infinity
  std::vector<std::int64_t> counts;  ///< one per bucket

  /// Buckets from `bounds` (sorted and deduplicated, -inf prepended), all counts 0.
  explicit Histogram(const std::vector<double>& bounds = {});
  void increment(double value, std::int64_t inc = 1);
  std::int64_t count_for_bucket(double lower_bound) const;
};

class Statistics {
 public:
  void add_counter(const std::string& name, std::int64_t increment = 1);
  /// Adds `histogram` under `name` (bucket bounds must match an existing one).
  void add_histogram(const std::string& name, const Histogram& histogram);
  /// merge_statistics: counters add, histograms add bucket-wise.
  void merge(const Statistics& other);
  /// A copy whose names are "<prefix>_<name>" (Pipeline._prepend_name).
  Statistics prefixed(const std::string& prefix) const;

  /// The counter's value, or 0 when absent.
  std::int64_t counter(const std::string& name) const;
  bool has(const std::string& name) const;
  const Histogram* histogram(const std::string& name) const;
  bool empty() const { return counters_.empty() && histograms_.empty(); }
  /// Everything by name (for merging the statistics of several processes).
  const std::map<std::string, std::int64_t>& counters() const { return counters_; }
  const std::map<std::string, Histogram>& histograms() const { return histograms_; }

  /// log_statistics_list: every statistic sorted by name; histograms as "name:" followed
  /// by "  [lower,upper): count" for non-empty buckets (Python's %s spelling: -inf, inf).
  std::vector<std::string> log_lines() const;

 private:
  std::map<std::string, std::int64_t> counters_;
  std::map<std::string, Histogram> histograms_;
};

}  // namespace stochos::melody
