// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One BasicLSTMCell step of one sequence, forward and backward, on raw pointers: shared by
// the training model's fused layers (torch_model.cpp's FusedLstmLayer and
// fused_attention.cpp), which loop over batch rows and time steps around it.
#include <cstdint>
#include <span>

#include "stochos/rnn/detail/inference_kernels.h"

namespace stochos::rnn::detail {

/// `gates`: the 4 x units pre-activations (TF order i, j, f, o), replaced by sigma(i),
/// tanh(j), sigma(f + 1), sigma(o) (the forget bias of 1.0 is added here, as TF does at run
/// time). Writes the new cell c, tanh(c) and h; `c_prev` nullptr is the zero state.
inline void lstm_cell_forward(float* gates, const float* c_prev, float* c, float* tanh_c, float* h,
                              std::int64_t units) {
  const auto n = static_cast<std::size_t>(units);
  for (std::int64_t k = 0; k < units; ++k) gates[2 * units + k] += 1.0f;
  // activate_* run eight lanes at a time where the CPU has AVX2 (GCC leaves the scalar
  // loops unvectorised: under -ftrapping-math the clamps stay branches).
  activate_sigmoid({gates, n});
  activate_tanh({gates + units, n});
  activate_sigmoid({gates + 2 * units, 2 * n});
  if (c_prev == nullptr) {
    for (std::int64_t k = 0; k < units; ++k) c[k] = gates[k] * gates[units + k];
  } else {
    for (std::int64_t k = 0; k < units; ++k) c[k] = c_prev[k] * gates[2 * units + k] + gates[k] * gates[units + k];
  }
  std::copy(c, c + units, tanh_c);
  activate_tanh({tanh_c, n});
  for (std::int64_t k = 0; k < units; ++k) h[k] = tanh_c[k] * gates[3 * units + k];
}

/// The step's backward. `acts`: the activations lstm_cell_forward left in `gates`; `dh`: the
/// loss gradient of h; `dc`: in, the gradient reaching c from outside h (the next step's
/// cell, the attention query); out, the gradient carried to c_prev. Writes the gradients of
/// the 4 x units pre-activations to `d_gates`.
inline void lstm_cell_backward(const float* acts, const float* c_prev, const float* tanh_c, const float* dh, float* dc,
                               float* d_gates, std::int64_t units) {
  for (std::int64_t k = 0; k < units; ++k) {
    const float i = acts[k], j = acts[units + k], f = acts[2 * units + k], o = acts[3 * units + k];
    const float tc = tanh_c[k];
    const float cp = c_prev == nullptr ? 0.0f : c_prev[k];
    const float dcell = dh[k] * o * (1 - tc * tc) + dc[k];
    d_gates[k] = dcell * j * i * (1 - i);
    d_gates[units + k] = dcell * i * (1 - j * j);
    d_gates[2 * units + k] = dcell * cp * f * (1 - f);
    d_gates[3 * units + k] = dh[k] * tc * o * (1 - o);
    dc[k] = dcell * f;
  }
}

}  // namespace stochos::rnn::detail
