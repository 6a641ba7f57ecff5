// SPDX-License-Identifier: GPL-3.0-or-later
// stochos._stochos: everything of stochos but Melody RNN training, which lives in stochos._train
// so that `import stochos` does not load LibTorch (most of a second). The public face of the
// package is stochos/__init__.py; docs and stubs are in stochos/__init__.pyi.
#include "common.h"

PYBIND11_MODULE(_stochos, m) {
  namespace sp = stochos::python;
  m.doc() = "stochos native module (import stochos instead)";
  sp::register_error_translator();
  sp::bind_stochastic(m);  // Rng first: other bindings take it as a seed
  sp::bind_notesequence(m);
  sp::bind_score(m);
  sp::bind_melody(m);
  sp::bind_audio(m);
}
