// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Sigmoid and tanh over float arrays, shared by the generation path and the training
// model so that both compute the same values. std::exp is a scalar libm call (several ns
// per value), and so are Debian LibTorch's sigmoid/tanh kernels on this build; LSTM steps
// spend most of their time there. This is Cephes's expf (range reduction by ln 2, degree-6
// polynomial, relative error below 2e-7), written branch-free so GCC vectorises the loops
// without -ffast-math and every machine gets the same bits from the same binary.
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace stochos::rnn::detail {

inline float exp_approx(float x) {
  x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
  const float z = x * 1.44269504088896341f;
  const int n = static_cast<int>(z + (z >= 0.0f ? 0.5f : -0.5f));
  const float nf = static_cast<float>(n);
  const float r = x - nf * 0.693359375f + nf * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float e = p * r * r + r + 1.0f;
  const std::int32_t bits = (n + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return e * scale;
}

inline float sigmoid(float x) { return 1.0f / (1.0f + exp_approx(-x)); }

// tanh(x) = 1 - 2 / (exp(2x) + 1): accurate in absolute terms (what LSTM sums need).
inline float tanh_approx(float x) { return 1.0f - 2.0f / (exp_approx(2.0f * x) + 1.0f); }

inline void sigmoid_in_place(float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] = sigmoid(x[i]);
}
inline void tanh_in_place(float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] = tanh_approx(x[i]);
}

}  // namespace stochos::rnn::detail
