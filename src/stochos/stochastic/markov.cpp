// SPDX-License-Identifier: GPL-3.0-or-later
// Markov chains over integer states. Hand-written: Debian has no C++ n-gram library with
// back-off, seeded sampling and a stable file format (KenLM/SRILM are word-based language
// model toolkits with their own randomness and ARPA files).
#include "stochos/stochastic/markov.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"

namespace stochos::stochastic {
namespace {

__extension__ using UInt128 = unsigned __int128;  // for the joint-state overflow check

// |S|^order as long as it stays below 2^63, else 0.
std::uint64_t context_space(std::size_t state_count, int order) {
  std::uint64_t space = 1;
  for (int k = 0; k < order; ++k) {
    if (space > (std::uint64_t{1} << 63) / std::max<std::size_t>(state_count, 1)) return 0;
    space *= state_count;
  }
  return space;
}

void check_order(int order) {
  if (order < 1 || order > kMaxMarkovOrder) {
    throw Error::usage("Markov order " + std::to_string(order) + " must be in [1, " +
                       std::to_string(kMaxMarkovOrder) + "]");
  }
}

std::string format_double(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// One draw from a row (MarkovChain::Row, private, hence the template): the index of the next
// state. P(s) = (n_s + a) / (n + a|S|) is the mixture "counts with weight n, uniform with
// weight a|S|", so one uniform draw either walks the sparse counts or picks a state uniformly.
template <class Row>
std::size_t draw_index(const Row& row, double smoothing, std::size_t state_count, core::Rng& rng) {
  const double smoothing_mass = smoothing * static_cast<double>(state_count);
  double u = rng.uniform01() * (row.total + smoothing_mass);
  if (u < row.total) {
    for (const auto& [state, count] : row.counts) {
      if (u < count) return static_cast<std::size_t>(state);
      u -= count;
    }
    return static_cast<std::size_t>(row.counts.back().first);  // rounding at the top end
  }
  const auto index = static_cast<std::size_t>((u - row.total) / smoothing);
  return std::min(index, state_count - 1);
}

}  // namespace

// ---- JointStateEncoder ----------------------------------------------------------------------

JointStateEncoder::JointStateEncoder(std::vector<Field> fields) : fields_(std::move(fields)) {
  if (fields_.empty()) throw Error::usage("a joint state needs at least one field");
  for (const Field& f : fields_) {
    if (f.max_value < f.min_value) {
      throw Error::usage("joint state field '" + f.name + "' has an empty range [" +
                         std::to_string(f.min_value) + ", " + std::to_string(f.max_value) + "]");
    }
    const UInt128 span = static_cast<UInt128>(static_cast<std::uint64_t>(f.max_value) -
                                              static_cast<std::uint64_t>(f.min_value)) +
                         1;
    if (span > (static_cast<UInt128>(1) << 62) / static_cast<UInt128>(state_count_)) {
      throw Error::usage("joint state fields give more than 2^62 states; narrow the ranges");
    }
    state_count_ *= static_cast<std::int64_t>(span);
  }
}

std::int64_t JointStateEncoder::encode(std::span<const std::int64_t> values) const {
  if (values.size() != fields_.size()) {
    throw Error::usage("joint state needs " + std::to_string(fields_.size()) + " values, got " +
                       std::to_string(values.size()));
  }
  std::int64_t state = 0;
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const Field& f = fields_[i];
    if (values[i] < f.min_value || values[i] > f.max_value) {
      throw Error::usage("joint state field '" + f.name + "' value " + std::to_string(values[i]) +
                         " is outside [" + std::to_string(f.min_value) + ", " + std::to_string(f.max_value) +
                         "]");
    }
    state = state * (f.max_value - f.min_value + 1) + (values[i] - f.min_value);
  }
  return state;
}

std::vector<std::int64_t> JointStateEncoder::decode(std::int64_t state) const {
  std::vector<std::int64_t> values(fields_.size());
  decode(state, values);
  return values;
}

void JointStateEncoder::decode(std::int64_t state, std::span<std::int64_t> values) const {
  if (state < 0 || state >= state_count_) {
    throw Error::usage("joint state " + std::to_string(state) + " is outside [0, " +
                       std::to_string(state_count_ - 1) + "]");
  }
  if (values.size() != fields_.size())
    throw Error::internal("JointStateEncoder::decode: wrong number of fields");
  for (std::size_t i = fields_.size(); i-- > 0;) {
    const std::int64_t radix = fields_[i].max_value - fields_[i].min_value + 1;
    values[i] = fields_[i].min_value + state % radix;
    state /= radix;
  }
}

// ---- construction -----------------------------------------------------------------------------

void MarkovChain::check_size() const {
  if (states_.empty()) throw Error::usage("a Markov chain needs at least one state");
  if (states_.size() > kMaxMarkovStates) {
    throw Error::usage("a Markov chain over " + std::to_string(states_.size()) +
                       " states exceeds the limit of 2^20");
  }
  if (context_space(states_.size(), order_) == 0) {
    int highest = 1;
    while (highest < kMaxMarkovOrder && context_space(states_.size(), highest + 1) != 0) ++highest;
    throw Error::usage("order " + std::to_string(order_) + " over " + std::to_string(states_.size()) +
                       " states would need " + std::to_string(states_.size()) + "^" + std::to_string(order_) +
                       " contexts; the highest order for " + std::to_string(states_.size()) + " states is " +
                       std::to_string(highest));
  }
}

int MarkovChain::index_of(std::int64_t state) const {
  const auto it = std::lower_bound(states_.begin(), states_.end(), state);
  return (it != states_.end() && *it == state) ? static_cast<int>(it - states_.begin()) : -1;
}

void MarkovChain::finalize() {
  for (auto& table : tables_) {
    for (auto& [key, row] : table) {
      std::sort(row.counts.begin(), row.counts.end());
      row.total = 0.0;
      for (const auto& [state, count] : row.counts) row.total += count;  // ascending order: reproducible
    }
  }
}

MarkovChain MarkovChain::learn(std::span<const std::vector<std::int64_t>> sequences,
                               const MarkovLearnOptions& options) {
  check_order(options.order);
  if (!(options.smoothing >= 0.0) || !std::isfinite(options.smoothing)) {
    throw Error::usage("Markov smoothing must be a finite number >= 0");
  }
  MarkovChain chain;
  chain.order_ = options.order;
  chain.smoothing_ = options.smoothing;
  std::size_t positions = 0;
  for (const auto& sequence : sequences) positions += sequence.size();
  if (positions > kMaxMarkovSteps) {
    throw Error::usage("Markov training data of " + std::to_string(positions) +
                       " states exceeds the limit of 2^25");
  }
  if (!options.alphabet.empty()) {
    chain.states_ = options.alphabet;
  } else {
    for (const auto& sequence : sequences)
      chain.states_.insert(chain.states_.end(), sequence.begin(), sequence.end());
  }
  std::sort(chain.states_.begin(), chain.states_.end());
  chain.states_.erase(std::unique(chain.states_.begin(), chain.states_.end()), chain.states_.end());
  if (positions == 0) throw Error::usage("cannot learn a Markov chain from sequences without states");
  chain.check_size();

  const auto radix = static_cast<std::uint64_t>(chain.states_.size());
  chain.tables_.resize(static_cast<std::size_t>(chain.order_) + 1);
  std::vector<int> indices;
  for (std::size_t s = 0; s < sequences.size(); ++s) {
    indices.clear();
    for (std::size_t i = 0; i < sequences[s].size(); ++i) {
      const int index = chain.index_of(sequences[s][i]);
      if (index < 0) {
        throw Error::usage("state " + std::to_string(sequences[s][i]) + " (sequence " + std::to_string(s) +
                           ", position " + std::to_string(i) + ") is not in the given alphabet");
      }
      indices.push_back(index);
    }
    for (std::size_t i = 0; i < indices.size(); ++i) {
      std::uint64_t key = 0;  // the k states before i, oldest first, in mixed radix
      std::uint64_t place = 1;
      for (int k = 0; k <= chain.order_ && static_cast<std::size_t>(k) <= i; ++k) {
        if (k > 0) {
          key += static_cast<std::uint64_t>(indices[i - static_cast<std::size_t>(k)]) * place;
          place *= radix;
        }
        Row& row = chain.tables_[static_cast<std::size_t>(k)][key];
        const auto it = std::lower_bound(row.counts.begin(), row.counts.end(),
                                         std::pair<std::int32_t, double>(indices[i], -1.0));
        if (it != row.counts.end() && it->first == indices[i]) {
          it->second += 1.0;
        } else {
          row.counts.insert(it, {indices[i], 1.0});
        }
      }
    }
  }
  chain.finalize();
  return chain;
}

MarkovChain MarkovChain::from_matrix(std::vector<std::int64_t> states,
                                     std::span<const std::vector<double>> matrix, int order,
                                     std::vector<double> initial) {
  check_order(order);
  MarkovChain chain;
  chain.order_ = order;
  chain.states_ = states;
  std::sort(chain.states_.begin(), chain.states_.end());
  if (std::adjacent_find(chain.states_.begin(), chain.states_.end()) != chain.states_.end()) {
    throw Error::usage("Markov matrix states must be distinct");
  }
  chain.check_size();
  const std::size_t n = states.size();
  const std::uint64_t rows = context_space(n, order);
  if (rows > (std::uint64_t{1} << 24) / n) {
    throw Error::usage("a Markov matrix of " + std::to_string(rows) + " x " + std::to_string(n) +
                       " entries exceeds the limit of 2^24; learn a sparse chain instead");
  }
  if (matrix.size() != rows) {
    throw Error::usage("a Markov matrix of order " + std::to_string(order) + " over " + std::to_string(n) +
                       " states needs " + std::to_string(rows) + " rows, got " +
                       std::to_string(matrix.size()));
  }
  if (initial.empty()) initial.assign(n, 1.0 / static_cast<double>(n));
  // Matrix positions follow the caller's state order; internal indices follow sorted order.
  std::vector<int> sorted_index(n);
  for (std::size_t i = 0; i < n; ++i) sorted_index[i] = chain.index_of(states[i]);
  auto check_row = [&](const std::vector<double>& row, const std::string& what) {
    if (row.size() != n) {
      throw Error::usage("Markov " + what + " has " + std::to_string(row.size()) + " entries; expected " +
                         std::to_string(n));
    }
    double sum = 0.0;
    for (double p : row) {
      if (!(p >= 0.0) || !std::isfinite(p))
        throw Error::usage("Markov " + what + " has a negative or non-finite entry");
      sum += p;
    }
    if (std::fabs(sum - 1.0) > 1e-6) {
      throw Error::usage("Markov " + what + " sums to " + format_double(sum) + ", not 1");
    }
  };
  auto make_row = [&](const std::vector<double>& probabilities) {
    Row row;
    for (std::size_t j = 0; j < n; ++j) {
      if (probabilities[j] > 0.0) row.counts.emplace_back(sorted_index[j], probabilities[j]);
    }
    return row;
  };
  check_row(initial, "initial distribution");
  chain.tables_.resize(static_cast<std::size_t>(order) + 1);
  chain.tables_[0][0] = make_row(initial);
  for (std::uint64_t r = 0; r < rows; ++r) {
    check_row(matrix[r], "matrix row " + std::to_string(r));
    // Row r lists the context oldest first in the caller's order; re-key it in sorted order.
    std::uint64_t rest = r, key = 0, place = 1;
    for (int k = 0; k < order; ++k) {
      key += static_cast<std::uint64_t>(sorted_index[rest % n]) * place;
      place *= n;
      rest /= n;
    }
    chain.tables_[static_cast<std::size_t>(order)][key] = make_row(matrix[r]);
  }
  chain.finalize();
  return chain;
}

// ---- queries ----------------------------------------------------------------------------------

std::size_t MarkovChain::context_count() const {
  std::size_t count = 0;
  for (const auto& table : tables_) count += table.size();
  return count;
}

const MarkovChain::Row& MarkovChain::row_for(std::span<const std::int64_t> context, int* used_order) const {
  const auto radix = static_cast<std::uint64_t>(states_.size());
  const int longest =
      static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(order_), context.size()));
  // Keys of the last k states for k = 1..longest, built from the most recent state backwards.
  std::uint64_t keys[kMaxMarkovOrder + 1];
  int usable = 0;  // contexts longer than this contain a state outside the alphabet
  std::uint64_t key = 0, place = 1;
  for (int k = 1; k <= longest; ++k) {
    const int index = index_of(context[context.size() - static_cast<std::size_t>(k)]);
    if (index < 0) break;
    key += static_cast<std::uint64_t>(index) * place;
    place *= radix;
    keys[k] = key;
    usable = k;
  }
  for (int k = usable; k >= 1; --k) {
    const auto& table = tables_[static_cast<std::size_t>(k)];
    const auto it = table.find(keys[k]);
    if (it != table.end() && it->second.total > 0.0) {
      if (used_order) *used_order = k;
      return it->second;
    }
  }
  if (used_order) *used_order = 0;
  return tables_[0].at(0);
}

double MarkovChain::row_probability(const Row& row, int state_index) const {
  const auto it = std::lower_bound(row.counts.begin(), row.counts.end(),
                                   std::pair<std::int32_t, double>(state_index, -1.0));
  const double count = (it != row.counts.end() && it->first == state_index) ? it->second : 0.0;
  return (count + smoothing_) / (row.total + smoothing_ * static_cast<double>(states_.size()));
}

std::vector<double> MarkovChain::next_distribution(std::span<const std::int64_t> context) const {
  const Row& row = row_for(context, nullptr);
  const double denominator = row.total + smoothing_ * static_cast<double>(states_.size());
  std::vector<double> out(states_.size(), smoothing_ / denominator);
  for (const auto& [state, count] : row.counts)
    out[static_cast<std::size_t>(state)] = (count + smoothing_) / denominator;
  return out;
}

double MarkovChain::probability_next(std::span<const std::int64_t> context, std::int64_t state) const {
  const int index = index_of(state);
  return index < 0 ? 0.0 : row_probability(row_for(context, nullptr), index);
}

int MarkovChain::effective_order(std::span<const std::int64_t> context) const {
  int used = 0;
  row_for(context, &used);
  return used;
}

std::int64_t MarkovChain::sample_next(std::span<const std::int64_t> context, core::Rng& rng) const {
  return states_[draw_index(row_for(context, nullptr), smoothing_, states_.size(), rng)];
}

std::vector<std::int64_t> MarkovChain::generate(std::size_t length, core::Rng& rng,
                                                std::span<const std::int64_t> primer) const {
  if (length > kMaxMarkovSteps) {
    throw Error::usage("Markov generation of " + std::to_string(length) +
                       " states exceeds the limit of 2^25 per call");
  }
  // sample_next over a sliding history of the last order() states, with the history kept as
  // state indices (-1: a primer state outside the alphabet), so that no step searches the
  // alphabet: the same rows, the same draws, the same states, about 2.5 times faster
  // (bench/stochastic_bench.cpp, BM_MarkovOrder3States).
  int recent[kMaxMarkovOrder];  // recent[0] is the most recent state's index
  int filled = 0;
  auto push = [&](int index) {
    for (int j = filled < order_ ? filled++ : order_ - 1; j > 0; --j) recent[j] = recent[j - 1];
    recent[0] = index;
  };
  for (std::int64_t state : primer.last(std::min(primer.size(), static_cast<std::size_t>(order_))))
    push(index_of(state));
  const auto radix = static_cast<std::uint64_t>(states_.size());
  const Row& unigram = tables_[0].at(0);
  std::vector<std::int64_t> out(length);
  for (std::size_t i = 0; i < length; ++i) {
    std::uint64_t keys[kMaxMarkovOrder + 1];  // as row_for: the last k states, most recent lowest
    int usable = 0;
    std::uint64_t key = 0, place = 1;
    for (int k = 1; k <= filled && recent[k - 1] >= 0; ++k) {
      key += static_cast<std::uint64_t>(recent[k - 1]) * place;
      place *= radix;
      keys[k] = key;
      usable = k;
    }
    const Row* row = &unigram;
    for (int k = usable; k >= 1; --k) {
      const auto& table = tables_[static_cast<std::size_t>(k)];
      const auto it = table.find(keys[k]);
      if (it != table.end() && it->second.total > 0.0) {
        row = &it->second;
        break;
      }
    }
    const std::size_t next = draw_index(*row, smoothing_, states_.size(), rng);
    out[i] = states_[next];
    push(static_cast<int>(next));
  }
  return out;
}

double MarkovChain::log_likelihood(std::span<const std::int64_t> sequence) const {
  double sum = 0.0;
  for (std::size_t i = 0; i < sequence.size(); ++i) {
    const std::size_t start = i > static_cast<std::size_t>(order_) ? i - static_cast<std::size_t>(order_) : 0;
    const double p = probability_next(sequence.subspan(start, i - start), sequence[i]);
    if (p <= 0.0) return -std::numeric_limits<double>::infinity();
    sum += std::log(p);
  }
  return sum;
}

double MarkovChain::probability(std::span<const std::int64_t> sequence) const {
  return std::exp(log_likelihood(sequence));
}

std::vector<std::vector<double>> MarkovChain::transition_matrix() const {
  if (order_ != 1) throw Error::usage("a dense transition matrix exists only for order-1 chains");
  if (states_.size() > 4096) throw Error::usage("a dense transition matrix is limited to 4096 states");
  std::vector<std::vector<double>> out;
  out.reserve(states_.size());
  for (std::int64_t s : states_) out.push_back(next_distribution(std::span<const std::int64_t>(&s, 1)));
  return out;
}

// ---- files ------------------------------------------------------------------------------------

std::string MarkovChain::to_text() const {
  std::ostringstream out;
  out << "stochos-markov 1\norder " << order_ << "\nsmoothing " << format_double(smoothing_) << "\nstates "
      << states_.size() << '\n';
  for (std::size_t i = 0; i < states_.size(); ++i) out << (i ? " " : "") << states_[i];
  out << "\ncontexts " << context_count() << '\n';
  // Rows sorted by context length, then by context (oldest state first): a stable file.
  const auto radix = static_cast<std::uint64_t>(states_.size());
  for (std::size_t k = 0; k < tables_.size(); ++k) {
    std::vector<std::pair<std::vector<std::int64_t>, const Row*>> rows;
    for (const auto& [key, row] : tables_[k]) {
      std::vector<std::int64_t> context(k);
      std::uint64_t rest = key;
      for (std::size_t j = 0; j < k; ++j) {  // key holds the most recent state in its lowest digit
        context[k - 1 - j] = states_[static_cast<std::size_t>(rest % radix)];
        rest /= radix;
      }
      rows.emplace_back(std::move(context), &row);
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [context, row] : rows) {
      out << k;
      for (std::int64_t s : context) out << ' ' << s;
      out << " :";
      for (const auto& [state, count] : row->counts)
        out << ' ' << states_[static_cast<std::size_t>(state)] << '=' << format_double(count);
      out << '\n';
    }
  }
  return out.str();
}

MarkovChain MarkovChain::from_text(std::string_view text, const std::string& path) {
  std::istringstream in{std::string(text)};
  std::string line;
  std::uint32_t line_number = 0;
  auto fail = [&](const std::string& message) -> Error {
    ErrorLocation where;
    where.line = line_number;
    return Error::input(path, where, message);
  };
  auto next_line = [&](const char* what) {
    if (!std::getline(in, line)) throw fail(std::string("file ends before ") + what);
    ++line_number;
    return std::istringstream(line);
  };
  MarkovChain chain;
  std::string word;
  {
    auto fields = next_line("the header");
    int version = 0;
    if (!(fields >> word >> version) || word != "stochos-markov")
      throw fail("not a stochos Markov model (header 'stochos-markov 1' expected)");
    if (version != 1) throw fail("unsupported Markov model version " + std::to_string(version));
  }
  {
    auto fields = next_line("the order");
    if (!(fields >> word >> chain.order_) || word != "order") throw fail("expected 'order N'");
    if (chain.order_ < 1 || chain.order_ > kMaxMarkovOrder) throw fail("order must be in [1, 32]");
  }
  {
    auto fields = next_line("the smoothing");
    if (!(fields >> word >> chain.smoothing_) || word != "smoothing" || !(chain.smoothing_ >= 0) ||
        !std::isfinite(chain.smoothing_)) {
      throw fail("expected 'smoothing A' with A >= 0");
    }
  }
  std::size_t state_count = 0;
  {
    auto fields = next_line("the state count");
    if (!(fields >> word >> state_count) || word != "states" || state_count == 0 ||
        state_count > kMaxMarkovStates) {
      throw fail("expected 'states N' with 1 <= N <= 2^20");
    }
    auto values = next_line("the states");
    std::int64_t s = 0;
    while (values >> s) chain.states_.push_back(s);
    if (chain.states_.size() != state_count || !std::is_sorted(chain.states_.begin(), chain.states_.end()) ||
        std::adjacent_find(chain.states_.begin(), chain.states_.end()) != chain.states_.end()) {
      throw fail("expected " + std::to_string(state_count) + " distinct states in ascending order");
    }
  }
  try {
    chain.check_size();
  } catch (const Error& e) {
    throw fail(e.message());
  }
  std::size_t context_total = 0;
  {
    auto fields = next_line("the context count");
    if (!(fields >> word >> context_total) || word != "contexts" || context_total > kMaxMarkovSteps * 33) {
      throw fail("expected 'contexts N'");
    }
  }
  chain.tables_.resize(static_cast<std::size_t>(chain.order_) + 1);
  const auto radix = static_cast<std::uint64_t>(chain.states_.size());
  for (std::size_t c = 0; c < context_total; ++c) {
    auto fields = next_line("all contexts are listed");
    std::size_t k = 0;
    if (!(fields >> k) || k > static_cast<std::size_t>(chain.order_))
      throw fail("context length must be in [0, order]");
    std::uint64_t key = 0;
    for (std::size_t j = 0; j < k; ++j) {
      std::int64_t s = 0;
      if (!(fields >> s)) throw fail("context has fewer than " + std::to_string(k) + " states");
      const int index = chain.index_of(s);
      if (index < 0) throw fail("context state " + std::to_string(s) + " is not among the states");
      key = key * radix + static_cast<std::uint64_t>(index);
    }
    if (!(fields >> word) || word != ":") throw fail("expected ':' after the context");
    Row& row = chain.tables_[k][key];
    if (!row.counts.empty()) throw fail("context listed twice");
    while (fields >> word) {
      const auto eq = word.find('=');
      std::int64_t s = 0;
      double count = 0.0;
      char* end = nullptr;
      if (eq == std::string::npos) throw fail("expected 'state=count', got '" + word + "'");
      s = std::strtoll(word.c_str(), &end, 10);
      if (end != word.c_str() + eq) throw fail("bad state in '" + word + "'");
      count = std::strtod(word.c_str() + eq + 1, &end);
      if (*end != '\0' || !(count > 0.0) || !std::isfinite(count)) throw fail("bad count in '" + word + "'");
      const int index = chain.index_of(s);
      if (index < 0) throw fail("state " + std::to_string(s) + " is not among the states");
      if (!row.counts.empty() && row.counts.back().first >= index) throw fail("states of a row must ascend");
      row.counts.emplace_back(index, count);
    }
    if (row.counts.empty()) throw fail("context without counts");
  }
  // Reading the context oldest first and multiplying up leaves the most recent state in the
  // lowest digit, the key layout learn() and row_for() use.
  if (chain.tables_[0].find(0) == chain.tables_[0].end())
    throw fail("model lacks the unigram row (context length 0)");
  chain.finalize();
  return chain;
}

void MarkovChain::save(const std::filesystem::path& path) const {
  core::write_file_atomically(path, to_text());
}

MarkovChain MarkovChain::load(const std::filesystem::path& path) {
  const std::vector<std::uint8_t> bytes = core::read_file(path, std::uint64_t{1} << 30);
  return from_text(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                   path.string());
}

}  // namespace stochos::stochastic
