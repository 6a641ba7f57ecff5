// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Cooperative cancellation of long library calls, for hosts that run stochos inside an
/// interactive process (the Python module: Ctrl-C in a notebook must stop a conversion
/// without killing the kernel). The host sets one process-wide flag; long loops reach
/// check_interrupt() through ProgressBar::advance(), which every long job already calls once
/// per item, and unwind with Error(kIo, code "interrupted") like any other failure, so the
/// usual cleanup runs (temporary outputs are removed, worker threads joined).
/// The CLI never sets the flag: it keeps the default SIGINT behaviour, and training keeps its
/// own handler (it saves a checkpoint and stops).
/// All functions are thread-safe and request_interrupt() is async-signal-safe.
#include <string_view>

namespace stochos::core {

/// Error::code() of the error check_interrupt() throws.
inline constexpr std::string_view kCodeInterrupted = "interrupted";

/// Asks every running long call to stop at its next check.
void request_interrupt();
/// Clears the request (before starting a new call).
void clear_interrupt();
bool interrupt_requested();
/// Throws Error(kIo, code kCodeInterrupted) when an interrupt was requested.
void check_interrupt();

}  // namespace stochos::core
