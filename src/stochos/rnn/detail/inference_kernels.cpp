// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/detail/inference_kernels.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <iterator>

#include "stochos/rnn/detail/activations.h"

// The project is built with -ffp-contract=off, so GCC fuses no multiply and add on its own,
// here or in the portable versions on targets that have FMA (aarch64). As a second guard,
// the functions with target "avx2,fma" hold only explicit fused operations, multiplies that
// feed no add, and adds of loaded values; activations.h's functions, which multiply then
// add, are computed in functions with target "avx2" alone. Without a hardware FMA, std::fma
// is glibc's software one: slow, but it keeps those machines on the same bits.
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define STOCHOS_RNN_X86 1
#endif

namespace stochos::rnn::detail {
namespace {

KernelIsa detect_isa() {
#ifdef STOCHOS_RNN_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return KernelIsa::kAvx2Fma;
#endif
  return KernelIsa::kPortable;
}

std::atomic<KernelIsa>& selected_isa() {
  static std::atomic<KernelIsa> isa{best_kernel_isa()};
  return isa;
}

bool use_avx2() { return kernel_isa() == KernelIsa::kAvx2Fma; }

// The rows k that some sequence of the batch has a nonzero input at (ascending).
const std::vector<std::uint32_t>& active_rows(const float* in, std::size_t batch, std::size_t rows) {
  thread_local std::vector<std::uint32_t> active;
  active.clear();
  for (std::size_t k = 0; k < rows; ++k) {
    for (std::size_t b = 0; b < batch; ++b) {
      if (in[b * rows + k] != 0.0f) {
        active.push_back(static_cast<std::uint32_t>(k));
        break;
      }
    }
  }
  return active;
}

// attention_tanh's coefficients (Eigen's generic_fast_tanh_float), highest power first.
constexpr float kTanhP[] = {-2.76076847742355e-16f, 2.00018790482477e-13f, -8.60467152213735e-11f,
                            5.12229709037114e-08f,  1.48572235717979e-05f, 6.37261928875436e-04f,
                            4.89352455891786e-03f};
constexpr float kTanhQ[] = {1.19825839466702e-06f, 1.18534705686654e-04f, 2.26843463243900e-03f,
                            4.89352518554385e-03f};

// The reduction order of attention_scores, shared by both versions.
inline float sum_lanes(const float* l) { return ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7])); }

}  // namespace

KernelIsa best_kernel_isa() {
  static const KernelIsa best = detect_isa();
  return best;
}

KernelIsa kernel_isa() { return selected_isa().load(std::memory_order_relaxed); }

void set_kernel_isa(KernelIsa isa) {
  selected_isa().store(isa == KernelIsa::kAvx2Fma ? best_kernel_isa() : isa, std::memory_order_relaxed);
}

PackedKernel pack_kernel(std::span<const float> kernel, std::size_t rows, std::size_t cols,
                         std::span<const float> bias) {
  PackedKernel p;
  p.rows = rows;
  p.cols = cols;
  const std::size_t panels = (cols + kPanelCols - 1) / kPanelCols;
  p.bias.assign(panels * kPanelCols, 0.0f);
  std::copy(bias.begin(), bias.end(), p.bias.begin());
  p.panels.assign(panels * rows * kPanelCols, 0.0f);
  for (std::size_t k = 0; k < rows; ++k) {
    for (std::size_t j = 0; j < cols; ++j) {
      p.panels[(j / kPanelCols) * rows * kPanelCols + k * kPanelCols + j % kPanelCols] = kernel[k * cols + j];
    }
  }
  return p;
}

void matmul_bias_portable(const PackedKernel& w, const float* in, std::size_t batch, float* out) {
  const auto& active = active_rows(in, batch, w.rows);
  for (std::size_t b = 0; b < batch; ++b) {
    const float* x = in + b * w.rows;
    for (std::size_t p0 = 0; p0 < w.cols; p0 += kPanelCols) {
      const float* panel = w.panels.data() + p0 * w.rows;
      float acc[kPanelCols];
      std::copy(w.bias.data() + p0, w.bias.data() + p0 + kPanelCols, acc);
      for (const std::uint32_t k : active) {
        const float* row = panel + k * kPanelCols;
        for (std::size_t j = 0; j < kPanelCols; ++j) acc[j] = std::fma(x[k], row[j], acc[j]);
      }
      std::copy(acc, acc + std::min(kPanelCols, w.cols - p0), out + b * w.cols + p0);
    }
  }
}

float attention_tanh(float a) {
  // min and max as vminps / vmaxps define them (the second operand when unordered).
  const float upper = a < 9.0f ? a : 9.0f;
  const float x = upper > -9.0f ? upper : -9.0f;
  const float x2 = x * x;
  float p = std::fma(x2, kTanhP[0], kTanhP[1]);
  for (std::size_t i = 2; i < std::size(kTanhP); ++i) p = std::fma(x2, p, kTanhP[i]);
  float q = std::fma(x2, kTanhQ[0], kTanhQ[1]);
  for (std::size_t i = 2; i < std::size(kTanhQ); ++i) q = std::fma(x2, q, kTanhQ[i]);
  return x * p / q;
}

void attention_scores_portable(const float* features, std::size_t length, std::size_t head, std::size_t size,
                               const float* y, const float* v, float* scores) {
  for (std::size_t t = 0; t < length; ++t) {
    const float* f = features + (head + t) % length * size;
    float lanes[8] = {};
    for (std::size_t j = 0; j < size; ++j) lanes[j % 8] = std::fma(v[j], attention_tanh(f[j] + y[j]), lanes[j % 8]);
    scores[t] = sum_lanes(lanes);
  }
}

#ifdef STOCHOS_RNN_X86
namespace {

// Register-blocked micro-kernel: out[b, 8V columns] for B batch rows, held in B x V
// registers while k runs over the active rows; per k one load of each of the V kernel
// vectors and one broadcast per batch row. The columns are contiguous in `out` and `bias`;
// in the packed kernel vector v sits at w + (v / 4) * panel_stride + (v % 4) * 8 (V = 8
// spans two panels). `width` columns are written.
template <int B, int V>
__attribute__((target("avx2,fma"))) inline void strip_avx2(const float* w, std::size_t panel_stride,
                                                          const std::uint32_t* ks, std::size_t nk, const float* in,
                                                          std::size_t rows, const float* bias, float* out,
                                                          std::size_t cols, std::size_t width) {
  __m256 acc[B][V];
#pragma GCC unroll 8
  for (int v = 0; v < V; ++v) {
    const __m256 bv = _mm256_loadu_ps(bias + 8 * v);
#pragma GCC unroll 4
    for (int b = 0; b < B; ++b) acc[b][v] = bv;
  }
  for (std::size_t i = 0; i < nk; ++i) {
    const std::size_t k = ks[i];
    const float* row = w + k * kPanelCols;
    __m256 wv[V];
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) wv[v] = _mm256_loadu_ps(row + (v / 4) * panel_stride + (v % 4) * 8);
#pragma GCC unroll 4
    for (int b = 0; b < B; ++b) {
      const __m256 x = _mm256_broadcast_ss(in + b * rows + k);
#pragma GCC unroll 8
      for (int v = 0; v < V; ++v) acc[b][v] = _mm256_fmadd_ps(x, wv[v], acc[b][v]);
    }
  }
#pragma GCC unroll 4
  for (int b = 0; b < B; ++b) {
    if (width == 8 * V) {
#pragma GCC unroll 8
      for (int v = 0; v < V; ++v) _mm256_storeu_ps(out + b * cols + 8 * v, acc[b][v]);
    } else {
      float tmp[8 * V];
#pragma GCC unroll 8
      for (int v = 0; v < V; ++v) _mm256_storeu_ps(tmp + 8 * v, acc[b][v]);
      std::memcpy(out + b * cols, tmp, width * sizeof(float));
    }
  }
}

// One panel for up to four batch rows. One or two rows take the whole panel (4 vectors
// each); three or four take it in two halves of 2 vectors, since 12 or 16 accumulators and
// the kernel row's 4 vectors would not fit the 16 registers (GCC then spills a sum).
template <int B>
__attribute__((target("avx2,fma"))) inline void panel_avx2(const float* panel, const std::uint32_t* ks, std::size_t nk,
                                                          const float* in, std::size_t rows, const float* bias,
                                                          float* out, std::size_t cols, std::size_t width) {
  if constexpr (B <= 2) {
    strip_avx2<B, 4>(panel, 0, ks, nk, in, rows, bias, out, cols, width);
  } else {
    constexpr std::size_t kHalf = kPanelCols / 2;
    strip_avx2<B, 2>(panel, 0, ks, nk, in, rows, bias, out, cols, std::min(width, kHalf));
    if (width > kHalf) {
      strip_avx2<B, 2>(panel + kHalf, 0, ks, nk, in, rows, bias + kHalf, out + kHalf, cols, width - kHalf);
    }
  }
}

// detail/activations.h's exp_approx on eight floats: the same operations in the same order
// (no FMA in this target, so nothing is contracted).
__attribute__((target("avx2"))) inline __m256 exp_approx_avx2(__m256 x) {
  const __m256 lo = _mm256_set1_ps(-87.0f), hi = _mm256_set1_ps(88.0f);
  const __m256 below = _mm256_cmp_ps(x, lo, _CMP_LT_OQ), above = _mm256_cmp_ps(x, hi, _CMP_GT_OQ);
  x = _mm256_blendv_ps(_mm256_blendv_ps(x, hi, above), lo, below);
  const __m256 z = _mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f));
  const __m256 half = _mm256_blendv_ps(_mm256_set1_ps(-0.5f), _mm256_set1_ps(0.5f),
                                       _mm256_cmp_ps(z, _mm256_setzero_ps(), _CMP_GE_OQ));
  const __m256i n = _mm256_cvttps_epi32(_mm256_add_ps(z, half));
  const __m256 nf = _mm256_cvtepi32_ps(n);
  const __m256 r = _mm256_add_ps(_mm256_sub_ps(x, _mm256_mul_ps(nf, _mm256_set1_ps(0.693359375f))),
                                 _mm256_mul_ps(nf, _mm256_set1_ps(2.12194440e-4f)));
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(5.0000001201e-1f));
  const __m256 e = _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(_mm256_mul_ps(p, r), r), r), _mm256_set1_ps(1.0f));
  const __m256 scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23));
  return _mm256_mul_ps(e, scale);
}

__attribute__((target("avx2"))) inline __m256 sigmoid_avx2(__m256 x) {
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 minus_x = _mm256_xor_ps(x, _mm256_set1_ps(-0.0f));
  return _mm256_div_ps(one, _mm256_add_ps(one, exp_approx_avx2(minus_x)));
}

__attribute__((target("avx2"))) inline __m256 tanh_avx2(__m256 x) {
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 e = exp_approx_avx2(_mm256_mul_ps(_mm256_set1_ps(2.0f), x));
  return _mm256_sub_ps(one, _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e, one)));
}

__attribute__((target("avx2"))) void activate_sigmoid_avx2(std::span<float> x) {
  std::size_t i = 0;
  for (; i + 8 <= x.size(); i += 8) _mm256_storeu_ps(x.data() + i, sigmoid_avx2(_mm256_loadu_ps(x.data() + i)));
  for (; i < x.size(); ++i) x[i] = sigmoid(x[i]);
}

__attribute__((target("avx2"))) void activate_tanh_avx2(std::span<float> x) {
  std::size_t i = 0;
  for (; i + 8 <= x.size(); i += 8) _mm256_storeu_ps(x.data() + i, tanh_avx2(_mm256_loadu_ps(x.data() + i)));
  for (; i < x.size(); ++i) x[i] = tanh_approx(x[i]);
}

// Lanes of the last, partial vector of a row of `size` floats: all ones for j < size.
__attribute__((target("avx2"))) inline __m256i tail_mask(std::size_t size) {
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(size % 8)), lane);
}

__attribute__((target("avx2,fma"))) inline __m256 attention_tanh_avx2(__m256 a) {
  const __m256 x = _mm256_max_ps(_mm256_min_ps(a, _mm256_set1_ps(9.0f)), _mm256_set1_ps(-9.0f));
  const __m256 x2 = _mm256_mul_ps(x, x);
  __m256 p = _mm256_fmadd_ps(x2, _mm256_set1_ps(kTanhP[0]), _mm256_set1_ps(kTanhP[1]));
#pragma GCC unroll 8
  for (std::size_t i = 2; i < std::size(kTanhP); ++i) p = _mm256_fmadd_ps(x2, p, _mm256_set1_ps(kTanhP[i]));
  __m256 q = _mm256_fmadd_ps(x2, _mm256_set1_ps(kTanhQ[0]), _mm256_set1_ps(kTanhQ[1]));
#pragma GCC unroll 8
  for (std::size_t i = 2; i < std::size(kTanhQ); ++i) q = _mm256_fmadd_ps(x2, q, _mm256_set1_ps(kTanhQ[i]));
  return _mm256_div_ps(_mm256_mul_ps(x, p), q);
}

}  // namespace

__attribute__((target("avx2,fma"))) void attention_scores_avx2(const float* features, std::size_t length,
                                                               std::size_t head, std::size_t size, const float* y,
                                                               const float* v, float* scores) {
  const std::size_t full = size / 8 * 8;
  const __m256i mask = tail_mask(size);
  for (std::size_t t = 0; t < length; ++t) {
    const float* f = features + (head + t) % length * size;
    __m256 acc = _mm256_setzero_ps();
    for (std::size_t j = 0; j < full; j += 8) {
      const __m256 a = attention_tanh_avx2(_mm256_add_ps(_mm256_loadu_ps(f + j), _mm256_loadu_ps(y + j)));
      acc = _mm256_fmadd_ps(_mm256_loadu_ps(v + j), a, acc);
    }
    if (full < size) {
      // Lanes past the end keep their sum: blended back rather than added a zero to.
      const __m256 a = attention_tanh_avx2(
          _mm256_add_ps(_mm256_maskload_ps(f + full, mask), _mm256_maskload_ps(y + full, mask)));
      const __m256 next = _mm256_fmadd_ps(_mm256_maskload_ps(v + full, mask), a, acc);
      acc = _mm256_blendv_ps(acc, next, _mm256_castsi256_ps(mask));
    }
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, acc);
    scores[t] = sum_lanes(lanes);
  }
}

void matmul_bias_avx2(const PackedKernel& w, const float* in, std::size_t batch, float* out) {
  const auto& active = active_rows(in, batch, w.rows);
  const std::uint32_t* ks = active.data();
  const std::size_t nk = active.size();
  const std::size_t panel_stride = w.rows * kPanelCols;
  // Two panels at a time, every batch row per pair: the pair stays in L1 for the whole
  // batch, and the kernel streams from L2 once per call. A single row takes both panels in
  // one strip, so that eight independent sums hide the FMA latency.
  for (std::size_t p0 = 0; p0 < w.cols; p0 += 2 * kPanelCols) {
    const float* pair = w.panels.data() + p0 * w.rows;
    const float* bias = w.bias.data() + p0;
    const std::size_t width = std::min(2 * kPanelCols, w.cols - p0);
    for (std::size_t b0 = 0; b0 < batch; b0 += 4) {
      const float* x = in + b0 * w.rows;
      float* o = out + b0 * w.cols + p0;
      const std::size_t n = std::min<std::size_t>(4, batch - b0);
      if (n == 1 && width > kPanelCols) {
        strip_avx2<1, 8>(pair, panel_stride, ks, nk, x, w.rows, bias, o, w.cols, width);
        continue;
      }
      for (std::size_t q = 0; q < width; q += kPanelCols) {
        const float* panel = pair + q * w.rows;
        const std::size_t panel_width = std::min(kPanelCols, width - q);
        switch (n) {
          case 1: panel_avx2<1>(panel, ks, nk, x, w.rows, bias + q, o + q, w.cols, panel_width); break;
          case 2: panel_avx2<2>(panel, ks, nk, x, w.rows, bias + q, o + q, w.cols, panel_width); break;
          case 3: panel_avx2<3>(panel, ks, nk, x, w.rows, bias + q, o + q, w.cols, panel_width); break;
          default: panel_avx2<4>(panel, ks, nk, x, w.rows, bias + q, o + q, w.cols, panel_width); break;
        }
      }
    }
  }
}

#else  // not x86: only the portable version exists, and kernel_isa() never picks this one.

void matmul_bias_avx2(const PackedKernel& w, const float* in, std::size_t batch, float* out) {
  matmul_bias_portable(w, in, batch, out);
}
void attention_scores_avx2(const float* features, std::size_t length, std::size_t head, std::size_t size,
                           const float* y, const float* v, float* scores) {
  attention_scores_portable(features, length, head, size, y, v, scores);
}

#endif

void matmul_bias(const PackedKernel& w, const float* in, std::size_t batch, float* out) {
  if (use_avx2()) {
    matmul_bias_avx2(w, in, batch, out);
  } else {
    matmul_bias_portable(w, in, batch, out);
  }
}

void activate_sigmoid(std::span<float> x) {
#ifdef STOCHOS_RNN_X86
  if (use_avx2()) return activate_sigmoid_avx2(x);
#endif
  sigmoid_in_place(x.data(), x.size());
}

void activate_tanh(std::span<float> x) {
#ifdef STOCHOS_RNN_X86
  if (use_avx2()) return activate_tanh_avx2(x);
#endif
  tanh_in_place(x.data(), x.size());
}

void attention_scores(const float* features, std::size_t length, std::size_t head, std::size_t size, const float* y,
                      const float* v, float* scores) {
  if (use_avx2()) {
    attention_scores_avx2(features, length, head, size, y, v, scores);
  } else {
    attention_scores_portable(features, length, head, size, y, v, scores);
  }
}

}  // namespace stochos::rnn::detail
