// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The arithmetic kernels of the generation path (inference.cpp), each in two versions: a
// portable one in plain C++ and an AVX2 + FMA one that runs where the CPU has both. The
// two give the same bits on the same inputs, so a melody generated from a seed is the same
// on every machine: every sum has one defined order, written down at each kernel, and
// every multiply-add is one fused operation with a single rounding (std::fma in the
// portable version, vfmadd in the AVX2 one). The activations are detail/activations.h's
// functions, computed eight at a time with the same operations in the same order.
// tests/inference_test.cpp checks the versions against each other bit for bit.
#include <cstddef>
#include <cstdint>
#include <new>
#include <span>
#include <vector>

namespace stochos::rnn::detail {

/// Which version of the kernels runs.
enum class KernelIsa { kPortable, kAvx2Fma };

/// The best version this CPU runs.
KernelIsa best_kernel_isa();
/// The version in use: best_kernel_isa() unless set_kernel_isa chose another (tests run
/// the portable version on an AVX2 machine this way). Not meant to change while another
/// thread generates.
KernelIsa kernel_isa();
void set_kernel_isa(KernelIsa isa);

/// Allocates on 64-byte boundaries, so that each 32-float panel row is two whole cache lines.
template <class T>
struct CacheLineAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlignment{64};
  CacheLineAllocator() = default;
  template <class U>
  CacheLineAllocator(const CacheLineAllocator<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlignment)); }
  void deallocate(T* p, std::size_t) { ::operator delete(p, kAlignment); }
  friend bool operator==(const CacheLineAllocator&, const CacheLineAllocator&) { return true; }
};

/// Columns per panel of a PackedKernel.
inline constexpr std::size_t kPanelCols = 32;

/// A dense layer, kernel [rows, cols] and bias [cols], repacked for the matmul kernels: the
/// columns are cut into panels of kPanelCols, and each panel is stored as rows x kPanelCols
/// contiguous floats, so that the kernel streams one panel front to back instead of
/// striding across the whole matrix; the last panel is padded with zero columns.
struct PackedKernel {
  std::size_t rows = 0, cols = 0;
  std::vector<float, CacheLineAllocator<float>> bias;    // padded to whole panels
  std::vector<float, CacheLineAllocator<float>> panels;  // panels x rows x kPanelCols
};

/// Packs a row-major kernel [rows, cols]; an empty bias means zeros.
PackedKernel pack_kernel(std::span<const float> kernel, std::size_t rows, std::size_t cols,
                         std::span<const float> bias = {});

/// out = bias + in · kernel for `batch` rows: in is batch x rows, out batch x cols, both
/// row-major and contiguous. Each out[b, j] starts from bias[j] and takes, for k ascending,
/// acc = fma(in[b, k], kernel[k, j], acc). A row k is skipped when in[b, k] == 0 for every
/// b of the call (one-hot inputs are mostly zeros); with finite weights that changes at most
/// the sign of a zero sum, and both versions skip the same rows.
void matmul_bias(const PackedKernel& w, const float* in, std::size_t batch, float* out);
void matmul_bias_portable(const PackedKernel& w, const float* in, std::size_t batch, float* out);
void matmul_bias_avx2(const PackedKernel& w, const float* in, std::size_t batch, float* out);

/// detail::sigmoid_in_place and tanh_in_place (activations.h), the same bits, eight values
/// at a time where the CPU has AVX2.
void activate_sigmoid(std::span<float> x);
void activate_tanh(std::span<float> x);

/// Bahdanau attention scores of one sequence: scores[t] = sum_j v[j] * tanh(features_t[j] +
/// y[j]) for t < length, where features_t is row (head + t) % length of `features`
/// ([length, size], a ring whose oldest row is `head`). tanh here is attention_tanh. The
/// sum over j runs in eight lanes, lane l taking j = l, l + 8, ... ascending as
/// acc = fma(v[j], tanh(...), acc) from 0, and ends as ((l0 + l4) + (l2 + l6)) + ((l1 + l5)
/// + (l3 + l7)).
void attention_scores(const float* features, std::size_t length, std::size_t head, std::size_t size, const float* y,
                      const float* v, float* scores);
void attention_scores_portable(const float* features, std::size_t length, std::size_t head, std::size_t size,
                               const float* y, const float* v, float* scores);
void attention_scores_avx2(const float* features, std::size_t length, std::size_t head, std::size_t size,
                           const float* y, const float* v, float* scores);

/// The tanh of attention scores: Eigen's rational approximation (as TensorFlow's CPU
/// kernels compute tanh), x clamped to [-9, 9], p(x) / q(x) with p odd of degree 13 and q
/// even of degree 6, both by Horner in x^2 with fused multiply-adds; absolute error below
/// 4e-7. An attention step takes attn_length x attn_size of them per sequence, and one
/// division plus ten multiply-adds cost about half of activations.h's exp-based tanh.
float attention_tanh(float x);

}  // namespace stochos::rnn::detail
