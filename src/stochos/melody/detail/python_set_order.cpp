// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/melody/detail/python_set_order.h"

#include <optional>

namespace stochos::melody::detail {
namespace {

constexpr std::size_t kLinearProbes = 9;
constexpr int kPerturbShift = 5;

struct Table {
  std::vector<std::optional<std::int64_t>> slots = std::vector<std::optional<std::int64_t>>(8);
  std::size_t used = 0;

  std::size_t mask() const { return slots.size() - 1; }
};

std::uint64_t python_hash(std::int64_t v) { return static_cast<std::uint64_t>(v == -1 ? -2 : v); }

// set_insert_clean: the key is known to be absent and the table has no dummies.
void insert_clean(Table& t, std::int64_t key) {
  const std::size_t mask = t.mask();
  std::uint64_t perturb = python_hash(key);
  std::size_t i = static_cast<std::size_t>(python_hash(key)) & mask;
  while (true) {
    if (!t.slots[i]) {
      t.slots[i] = key;
      return;
    }
    if (i + kLinearProbes <= mask) {
      for (std::size_t j = 1; j <= kLinearProbes; ++j) {
        if (!t.slots[i + j]) {
          t.slots[i + j] = key;
          return;
        }
      }
    }
    perturb >>= kPerturbShift;
    i = static_cast<std::size_t>(i * 5 + 1 + perturb) & mask;
  }
}

void resize(Table& t) {
  const std::size_t min_used = t.used > 50000 ? t.used * 2 : t.used * 4;
  std::size_t size = 8;
  while (size <= min_used) size <<= 1;
  Table fresh;
  fresh.slots.assign(size, std::nullopt);
  fresh.used = t.used;
  for (const auto& slot : t.slots) {
    if (slot) insert_clean(fresh, *slot);
  }
  t = std::move(fresh);
}

// set_add_entry (no deletions happen, so there are no dummy slots and fill == used).
void add(Table& t, std::int64_t key) {
  const std::size_t mask = t.mask();
  std::uint64_t perturb = python_hash(key);
  std::size_t i = static_cast<std::size_t>(python_hash(key)) & mask;
  while (true) {
    std::size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
    std::size_t k = i;
    while (true) {
      if (!t.slots[k]) {
        t.slots[k] = key;
        ++t.used;
        if (t.used * 5 >= mask * 3) resize(t);
        return;
      }
      if (*t.slots[k] == key) return;
      if (probes == 0) break;
      --probes;
      ++k;
    }
    perturb >>= kPerturbShift;
    i = static_cast<std::size_t>(i * 5 + 1 + perturb) & mask;
  }
}

}  // namespace

std::vector<std::int64_t> python_set_order(const std::vector<std::int64_t>& values) {
  Table t;
  for (std::int64_t v : values) add(t, v);
  std::vector<std::int64_t> order;
  order.reserve(t.used);
  for (const auto& slot : t.slots) {
    if (slot) order.push_back(*slot);
  }
  return order;
}

}  // namespace stochos::melody::detail
