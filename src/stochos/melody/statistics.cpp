// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/melody/statistics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "stochos/core/error.h"

namespace stochos::melody {
namespace {

// Python's '%s' of the bucket bounds: ints print as ints, the infinities as -inf/inf.
std::string python_str(double v) {
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buf[32];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%.17g", v);
  }
  return buf;
}

}  // namespace

Histogram::Histogram(const std::vector<double>& bounds) {
  lower_bounds = bounds;
  std::sort(lower_bounds.begin(), lower_bounds.end());
  lower_bounds.erase(std::unique(lower_bounds.begin(), lower_bounds.end()), lower_bounds.end());
  lower_bounds.insert(lower_bounds.begin(), -std::numeric_limits<double>::infinity());
  counts.assign(lower_bounds.size(), 0);
}

void Histogram::increment(double value, std::int64_t inc) {
  // bisect_right: the rightmost bucket whose lower bound is <= value.
  const auto it = std::upper_bound(lower_bounds.begin(), lower_bounds.end(), value);
  if (it == lower_bounds.begin()) throw Error::internal("histogram value below -inf");
  counts[static_cast<std::size_t>(it - lower_bounds.begin() - 1)] += inc;
}

std::int64_t Histogram::count_for_bucket(double lower_bound) const {
  for (std::size_t i = 0; i < lower_bounds.size(); ++i) {
    if (lower_bounds[i] == lower_bound) return counts[i];
  }
  return 0;
}

void Statistics::add_counter(const std::string& name, std::int64_t increment) { counters_[name] += increment; }

void Statistics::add_histogram(const std::string& name, const Histogram& histogram) {
  auto [it, inserted] = histograms_.try_emplace(name, histogram);
  if (inserted) return;
  if (it->second.lower_bounds != histogram.lower_bounds) {
    throw Error::internal("histogram buckets do not match for " + name);
  }
  for (std::size_t i = 0; i < histogram.counts.size(); ++i) it->second.counts[i] += histogram.counts[i];
}

void Statistics::merge(const Statistics& other) {
  for (const auto& [name, value] : other.counters_) counters_[name] += value;
  for (const auto& [name, h] : other.histograms_) add_histogram(name, h);
}

Statistics Statistics::prefixed(const std::string& prefix) const {
  Statistics out;
  for (const auto& [name, value] : counters_) out.counters_[prefix + "_" + name] = value;
  for (const auto& [name, h] : histograms_) out.histograms_.emplace(prefix + "_" + name, h);
  return out;
}

std::int64_t Statistics::counter(const std::string& name) const {
  const auto it = counters_.find(name);
  return it == counters_.end() ? 0 : it->second;
}

bool Statistics::has(const std::string& name) const {
  return counters_.count(name) > 0 || histograms_.count(name) > 0;
}

const Histogram* Statistics::histogram(const std::string& name) const {
  const auto it = histograms_.find(name);
  return it == histograms_.end() ? nullptr : &it->second;
}

std::vector<std::string> Statistics::log_lines() const {
  // Python sorts the names as Unicode strings; std::map orders the UTF-8 bytes, the same
  // order for the ASCII names pipelines use. A counter and a histogram never share a name.
  std::map<std::string, std::string> by_name;
  for (const auto& [name, value] : counters_) by_name[name] = name + ": " + std::to_string(value);
  for (const auto& [name, h] : histograms_) {
    std::string text = name + ":";
    bool any = false;
    for (std::size_t i = 0; i < h.lower_bounds.size(); ++i) {
      if (h.counts[i] == 0) continue;
      any = true;
      const double upper = i + 1 < h.lower_bounds.size() ? h.lower_bounds[i + 1] : std::numeric_limits<double>::infinity();
      text += "\n  [" + python_str(h.lower_bounds[i]) + "," + python_str(upper) + "): " + std::to_string(h.counts[i]);
    }
    if (!any) text += "\n";  // Python's '%s:\n' + '' for a histogram with no counts
    by_name[name] = text;
  }
  std::vector<std::string> lines;
  for (auto& [name, text] : by_name) lines.push_back(std::move(text));
  return lines;
}

}  // namespace stochos::melody
