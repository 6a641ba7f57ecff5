// SPDX-License-Identifier: GPL-3.0-or-later
#include "common.h"

#include <string_view>

#include "stochos/notesequence/note_sequence_io.h"

namespace stochos::python {

bool is_bytes_like(py::handle object) {
  return PyBytes_Check(object.ptr()) || PyByteArray_Check(object.ptr()) || PyMemoryView_Check(object.ptr());
}

std::string bytes_of(py::handle object) {
  if (PyBytes_Check(object.ptr())) return py::reinterpret_borrow<py::bytes>(object);
  py::buffer_info info = py::reinterpret_borrow<py::buffer>(object).request();
  if (!PyBuffer_IsContiguous(info.view(), 'C')) throw py::type_error("expected contiguous bytes");
  return std::string(static_cast<const char*>(info.ptr), static_cast<std::size_t>(info.size * info.itemsize));
}

bool is_note_sequence_like(py::handle object) {
  return is_bytes_like(object) || py::hasattr(object, "SerializeToString");
}

magenta::NoteSequence to_note_sequence(py::handle object) {
  std::string bytes;
  std::string source = "<bytes>";
  if (is_bytes_like(object)) {
    bytes = bytes_of(object);
  } else if (py::hasattr(object, "SerializeToString")) {
    bytes = py::bytes(object.attr("SerializeToString")());
    source = "<" + std::string(py::str(py::type::handle_of(object).attr("__name__"))) + ">";
  } else {
    throw py::type_error("expected a NoteSequence (an object with SerializeToString(), e.g. note_seq's) or bytes, got " +
                         std::string(py::str(py::type::handle_of(object).attr("__name__"))));
  }
  return notesequence::parse_note_sequence(bytes, source);
}

py::object from_note_sequence(const magenta::NoteSequence& sequence) {
  std::string bytes;
  sequence.SerializeToString(&bytes);
  static py::handle factory = py::object(py::module_::import("stochos._notesequence").attr("_from_bytes")).release();
  return factory(py::bytes(bytes));
}

namespace {

std::string_view kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage: return "usage";
    case ErrorKind::kInput: return "input";
    case ErrorKind::kIo: return "io";
    case ErrorKind::kUnsupported: return "unsupported";
    case ErrorKind::kInternal: return "internal";
  }
  return "internal";
}

py::object optional_int(const auto& value) { return value ? py::object(py::int_(*value)) : py::object(py::none()); }

void raise_error(const Error& e) {
  if (e.code() == core::kCodeInterrupted) {
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    return;
  }
  const auto& where = e.where();
  py::object exc = py::module_::import("stochos._errors")
                       .attr("_from_native")(kind_name(e.kind()), e.what(), e.message(), e.path(),
                                             optional_int(where.byte_offset), optional_int(where.line),
                                             optional_int(where.column), where.context, e.code());
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
}

}  // namespace

void register_error_translator() {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      raise_error(e);
    } catch (const std::bad_alloc&) {
      PyErr_SetString(PyExc_MemoryError, "out of memory");
    }
  });
}

RngArgument::RngArgument(py::handle seed, const std::string& stream) {
  if (py::isinstance<core::Rng>(seed)) {
    auto& rng = seed.cast<core::Rng&>();
    if (stream.empty()) {
      borrowed_ = &rng;
    } else {
      owned_.emplace(rng.stream(stream));
    }
    return;
  }
  if (!py::isinstance<py::int_>(seed)) throw py::type_error("seed must be an int or a stochos.Rng");
  const auto value = seed.cast<std::uint64_t>();
  owned_.emplace(stream.empty() ? core::Rng(value) : core::Rng(value).stream(stream));
}

py::array_t<double> new_array(std::size_t n) { return py::array_t<double>(static_cast<py::ssize_t>(n)); }

namespace detail {

void poll_signals_until(std::mutex& mutex, std::condition_variable& done_cv, const bool& done, bool& interrupted,
                        py::object& pending_error) {
  std::unique_lock lock(mutex);
  while (!done) {
    if (done_cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; })) break;
    if (interrupted) continue;  // already asked; wait for the call to unwind
    lock.unlock();
    {
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        PyErr_NormalizeException(&type, &value, &traceback);
        if (traceback) PyException_SetTraceback(value, traceback);
        pending_error = py::reinterpret_steal<py::object>(value);
        Py_XDECREF(type);
        Py_XDECREF(traceback);
        interrupted = true;
        core::request_interrupt();
      }
    }
    lock.lock();
  }
}

}  // namespace detail

}  // namespace stochos::python
