// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/core/interrupt.h"

#include <atomic>
#include <string>

#include "stochos/core/error.h"

namespace stochos::core {
namespace {

// Lock-free so that a signal handler may set it.
std::atomic<bool> g_interrupt_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free);

}  // namespace

void request_interrupt() { g_interrupt_requested.store(true, std::memory_order_relaxed); }

void clear_interrupt() { g_interrupt_requested.store(false, std::memory_order_relaxed); }

bool interrupt_requested() { return g_interrupt_requested.load(std::memory_order_relaxed); }

void check_interrupt() {
  if (interrupt_requested()) {
    throw Error(ErrorKind::kIo, "interrupted").with_code(std::string(kCodeInterrupted));
  }
}

}  // namespace stochos::core
