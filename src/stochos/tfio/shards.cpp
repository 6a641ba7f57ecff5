// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/tfio/shards.h"

#include <glob.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <regex>

#include "stochos/core/error.h"
#include "stochos/core/sha1.h"

namespace stochos::tfio {
namespace fs = std::filesystem;
namespace {

std::uint32_t parse_count(std::string_view text, std::string_view what) {
  if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    throw Error::usage(std::string(what) + ": expected a number, got \"" + std::string(text) + "\"");
  }
  return static_cast<std::uint32_t>(std::stoul(std::string(text)));
}

bool has_glob_chars(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

std::vector<fs::path> glob_sorted(const std::string& pattern) {
  glob_t g{};
  const int rc = ::glob(pattern.c_str(), 0, nullptr, &g);
  std::vector<fs::path> out;
  if (rc == 0) {
    for (std::size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  }
  ::globfree(&g);
  std::sort(out.begin(), out.end());
  return out;
}

// Every file named <base>-K-of-N must be there once the set is used; groups by (base, N).
void check_complete_shard_sets(const std::vector<fs::path>& files, const std::string& spec) {
  static const std::regex shard_name(R"((.*)-(\d{5,})-of-(\d{5,}))");
  std::map<std::pair<std::string, std::uint64_t>, std::vector<std::uint64_t>> sets;
  for (const auto& f : files) {
    std::smatch m;
    const std::string s = f.string();
    if (!std::regex_match(s, m, shard_name)) continue;
    sets[{m[1].str(), std::stoull(m[3].str())}].push_back(std::stoull(m[2].str()));
  }
  for (auto& [key, indices] : sets) {
    std::sort(indices.begin(), indices.end());
    for (std::uint64_t k = 0; k < key.second; ++k) {
      if (!std::binary_search(indices.begin(), indices.end(), k)) {
        throw Error::io(shard_file_name(key.first, static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(key.second)).string(),
                        "shard missing from the set named by \"" + spec + "\" (" + std::to_string(indices.size()) +
                            " of " + std::to_string(key.second) + " present)");
      }
    }
  }
}

std::vector<fs::path> expand_item(const std::string& item) {
  std::error_code ec;
  if (fs::exists(item, ec)) return {fs::path(item)};
  if (const auto at = item.rfind('@'); at != std::string::npos && at + 1 < item.size() &&
                                        item.find('/', at) == std::string::npos) {
    const std::uint32_t n = parse_count(std::string_view(item).substr(at + 1), item);
    if (n == 0) throw Error::usage(item + ": a shard count must be at least 1");
    std::vector<fs::path> out;
    for (std::uint32_t k = 0; k < n; ++k) out.push_back(shard_file_name(item.substr(0, at), k, n));
    for (const auto& f : out) {
      if (!fs::exists(f, ec)) throw Error::io(f.string(), "shard missing from the set named by \"" + item + "\"");
    }
    return out;
  }
  if (has_glob_chars(item)) {
    auto out = glob_sorted(item);
    if (out.empty()) throw Error::io(item, "no file matches this pattern");
    check_complete_shard_sets(out, item);
    return out;
  }
  // A sharded job's output named by its unsharded path: out.tfrecord -> out.tfrecord-*-of-*.
  auto out = glob_sorted(item + "-[0-9][0-9][0-9][0-9][0-9]*-of-[0-9][0-9][0-9][0-9][0-9]*");
  if (out.empty()) throw Error::io(item, "no such file (nor shards named " + item + "-NNNNN-of-NNNNN)");
  std::map<std::string, int> counts;
  for (const auto& f : out) counts[f.string().substr(f.string().rfind("-of-"))]++;
  if (counts.size() > 1) {
    throw Error::usage(item + ": shards of several sets exist (" + std::to_string(counts.size()) +
                       " shard counts); name one, e.g. " + item + "@N");
  }
  check_complete_shard_sets(out, item);
  return out;
}

}  // namespace

ShardSpec parse_shard_spec(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) throw Error::usage("--shard: expected K/N (shard K of N, 0 <= K < N), got \"" + std::string(text) + "\"");
  ShardSpec spec;
  spec.index = parse_count(text.substr(0, slash), "--shard K");
  spec.count = parse_count(text.substr(slash + 1), "--shard N");
  if (spec.count == 0 || spec.index >= spec.count) {
    throw Error::usage("--shard " + std::string(text) + ": K must be in 0..N-1 and N at least 1");
  }
  return spec;
}

std::uint32_t shard_of(std::string_view key, std::uint32_t count) {
  if (count <= 1) return 0;
  const std::string hex = core::sha1_hex(std::string(key));
  const std::uint64_t h = std::stoull(hex.substr(0, 16), nullptr, 16);
  return static_cast<std::uint32_t>(h % count);
}

fs::path shard_file_name(const fs::path& path, std::uint32_t index, std::uint32_t count) {
  if (count <= 1) return path;
  char suffix[40];
  std::snprintf(suffix, sizeof suffix, "-%05u-of-%05u", index, count);
  return fs::path(path.string() + suffix);
}

std::vector<fs::path> expand_input_files(std::string_view spec) {
  std::vector<fs::path> out;
  std::size_t start = 0;
  const std::string s(spec);
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) {
      for (auto& f : expand_item(s.substr(start, comma - start))) out.push_back(std::move(f));
    }
    start = comma + 1;
  }
  if (out.empty()) throw Error::usage("no input named");
  return out;
}

bool is_file_pattern(std::string_view spec) {
  std::error_code ec;
  if (fs::exists(std::string(spec), ec)) return false;
  if (spec.find(',') != std::string_view::npos || has_glob_chars(spec) || spec.find('@') != std::string_view::npos) {
    return true;
  }
  try {
    return expand_input_files(spec).size() > 1;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace stochos::tfio
