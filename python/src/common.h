// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// What every binding file of the Python module shares:
/// - NoteSequence interop: a pybind11 type caster that accepts any object with
///   SerializeToString() (note_seq's NoteSequence, ours) or bytes-like data, and returns an
///   instance of the class chosen in stochos._notesequence (stochos.music_pb2.NoteSequence
///   unless set_note_sequence_class() says otherwise);
/// - run_interruptible(): long calls run with the GIL released on a worker thread while the
///   calling thread watches for Ctrl-C (core/interrupt.h explains how the library stops);
/// - seeds and named streams as the CLI derives them (rng_argument());
/// - stochos::Error -> stochos.Error and its subclasses (stochos/_errors.py).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <type_traits>

#include "stochos/core/error.h"
#include "stochos/core/interrupt.h"
#include "stochos/core/random.h"
#include "stochos/proto/music.pb.h"

namespace stochos::python {

namespace py = pybind11;

/// True for bytes, bytearray and memoryview.
bool is_bytes_like(py::handle object);
/// The contents of a bytes-like object.
std::string bytes_of(py::handle object);
/// True for bytes-like objects and objects with SerializeToString().
bool is_note_sequence_like(py::handle object);
/// Parses such an object (the 2016 schema is recognised as in the CLI). Malformed bytes raise
/// stochos.InputError.
magenta::NoteSequence to_note_sequence(py::handle object);
/// A new instance of the configured NoteSequence class holding `sequence`.
py::object from_note_sequence(const magenta::NoteSequence& sequence);

/// Translates stochos::Error (and "interrupted") into Python exceptions.
void register_error_translator();

/// The generator a call draws from. `seed` is an int (a root seed, as --seed) or a stochos.Rng
/// (whose state the call advances); a non-empty `stream` derives the named stream from the
/// seed exactly as the library does (core::Rng::stream), never from the Rng's state.
class RngArgument {
 public:
  RngArgument(py::handle seed, const std::string& stream);
  core::Rng& get() { return owned_ ? *owned_ : *borrowed_; }

 private:
  std::optional<core::Rng> owned_;
  core::Rng* borrowed_ = nullptr;
};

/// A new 1-D numpy array of n doubles.
py::array_t<double> new_array(std::size_t n);

namespace detail {
void poll_signals_until(std::mutex& mutex, std::condition_variable& done_cv, const bool& done, bool& interrupted,
                        py::object& pending_error);
}  // namespace detail

/// Runs `fn` on a worker thread with the GIL released; the calling thread wakes every 50 ms
/// to let Python run its signal handlers. On Ctrl-C (KeyboardInterrupt from the handler) it
/// requests an interrupt, waits for `fn` to unwind at its next check and raises the
/// KeyboardInterrupt. `fn` must not touch Python objects.
template <class F>
auto run_interruptible(F&& fn) -> std::invoke_result_t<F&> {
  using R = std::invoke_result_t<F&>;
  core::clear_interrupt();
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  bool interrupted = false;
  std::exception_ptr error;
  py::object pending_error;
  std::conditional_t<std::is_void_v<R>, bool, std::optional<R>> result{};
  {
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        if constexpr (std::is_void_v<R>) {
          fn();
        } else {
          result.emplace(fn());
        }
      } catch (...) {
        error = std::current_exception();
      }
      {
        std::lock_guard lock(mutex);
        done = true;
      }
      done_cv.notify_all();
    });
    detail::poll_signals_until(mutex, done_cv, done, interrupted, pending_error);
    worker.join();
  }
  core::clear_interrupt();
  if (interrupted) {
    // The KeyboardInterrupt (or whatever the handler raised) wins over the call's outcome.
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(pending_error.ptr())), pending_error.ptr());
    throw py::error_already_set();
  }
  if (error) std::rethrow_exception(error);
  if constexpr (!std::is_void_v<R>) return std::move(*result);
}

/// Runs `fn` on the calling thread with the GIL released: for calls that take milliseconds
/// (reading one file), where a watcher thread would cost more than the call.
template <class F>
auto run_released(F&& fn) -> std::invoke_result_t<F&> {
  py::gil_scoped_release release;
  return fn();
}

/// Values per block of bulk draws: interrupts are checked between blocks, and draws of at most
/// one block run without a watcher thread.
inline constexpr std::size_t kDrawBlock = 1 << 18;

/// Fills `out` by calls of fill(span) in blocks, checking for an interrupt between blocks
/// (the generators' fill() gives the same numbers however the output is split).
template <class Fill>
void fill_in_blocks(std::span<double> out, Fill&& fill) {
  for (std::size_t at = 0; at < out.size(); at += kDrawBlock) {
    core::check_interrupt();
    fill(out.subspan(at, std::min(kDrawBlock, out.size() - at)));
  }
}

void bind_notesequence(py::module_& m);
void bind_stochastic(py::module_& m);
void bind_score(py::module_& m);
void bind_melody(py::module_& m);
void bind_audio(py::module_& m);

}  // namespace stochos::python

namespace pybind11::detail {

/// magenta::NoteSequence <-> note_seq-compatible Python objects (see above).
template <>
struct type_caster<magenta::NoteSequence> {
  PYBIND11_TYPE_CASTER(magenta::NoteSequence, const_name("NoteSequence"));
  bool load(handle source, bool) {
    if (!stochos::python::is_note_sequence_like(source)) return false;
    value = stochos::python::to_note_sequence(source);
    return true;
  }
  static handle cast(const magenta::NoteSequence& sequence, return_value_policy, handle) {
    return stochos::python::from_note_sequence(sequence).release();
  }
};

}  // namespace pybind11::detail
