// SPDX-License-Identifier: GPL-3.0-or-later
// libstochos_python.so is the bound library modules linked whole (see python/CMakeLists.txt);
// a shared library needs at least one source of its own.
namespace stochos::python {
int library_marker = 0;
}  // namespace stochos::python
